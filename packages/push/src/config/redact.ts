// Secrets never reach a terminal or a log whole. A short prefix stays visible so
// an admin can still tell which key or token is in use.

import type { HeraldConfig } from './schema.js';

/** Config keys whose values are secret (or key material printed only in part). */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'ApplePushCertPassword',
  'AndroidApiKey',
  'VapidPrivateKey',
  'VapidPublicKey',
  'RelayUpstreamKey',
  'FeedbackWebhookSecret',
]);

/**
 * "abcd…" for a secret, token or key: at most 4 characters and at most a quarter
 * of the value, so short secrets reveal almost nothing. "" stays "" (unset).
 */
export function redactSecret(value: string): string {
  if (value === '') return '';
  const keep = Math.min(4, Math.floor(value.length / 4));
  return `${value.slice(0, keep)}…`;
}

/** A printable deep copy of `config` with every secret redacted. */
export function redactConfig(config: HeraldConfig): HeraldConfig {
  return redactValue(config, '') as HeraldConfig;
}

function redactValue(value: unknown, key: string): unknown {
  if (typeof value === 'string') {
    // Inline PEM material is a secret wherever it appears.
    return SECRET_KEYS.has(key) || value.includes('-----BEGIN') ? redactSecret(value) : value;
  }
  if (Array.isArray(value)) return value.map((v) => redactValue(v, key));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = redactValue(v, k);
    return out;
  }
  return value;
}
