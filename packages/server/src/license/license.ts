// Herald's license format: a small signed document, verified with an Ed25519 public key.
//
//   <base64url(payload JSON)>.<base64url(Ed25519 signature over the first part, as ASCII)>
//
// The payload mirrors Mattermost's License JSON (id, issued_at, starts_at, expires_at, customer,
// features, sku_name, sku_short_name; times in ms), so the upload answer is what Client4 expects.
// `features.mhpns` (default true) is what unlocks the hosted push service. The public key comes
// from HERALD_LICENSE_PUBLIC_KEY (PEM, or base64 of the raw 32-byte key or of its SPKI DER);
// without one every license is refused. license/issue.ts makes key pairs and licenses (tests, tools).
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';

export const MAX_LICENSE_BYTES = 16 * 1024;

const ms = z.number().int().min(0).max(8.64e15);
const short = (max: number) => z.string().max(max);

export const licensePayload = z.object({
  id: z.string().min(1).max(64),
  issued_at: ms,
  starts_at: ms,
  expires_at: ms,
  customer: z
    .object({ id: short(64).default(''), name: short(128).default(''), email: short(128).default(''), company: short(128).default('') })
    .default({ id: '', name: '', email: '', company: '' }),
  features: z
    .record(z.string().max(64), z.union([z.boolean(), z.number().int().min(0).max(1e9)]))
    .refine((f) => Object.keys(f).length <= 64, 'has too many features')
    .default({}),
  sku_name: short(64).default('Herald Enterprise'),
  sku_short_name: short(32).default('enterprise'),
});

export type License = z.output<typeof licensePayload> & { features: { mhpns: boolean; users: number } & Record<string, boolean | number> };

// SPKI DER prefix of an Ed25519 public key (RFC 8410); the raw 32-byte key follows it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Parses HERALD_LICENSE_PUBLIC_KEY's forms; throws an Error naming the problem. */
export function parseLicensePublicKey(text: string): KeyObject {
  const t = text.trim();
  let key: KeyObject;
  if (t.startsWith('-----BEGIN')) key = createPublicKey(t);
  else {
    const der = Buffer.from(t, 'base64');
    key = createPublicKey({ key: der.length === 32 ? Buffer.concat([ED25519_SPKI_PREFIX, der]) : der, format: 'der', type: 'spki' });
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`license public key must be Ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/**
 * Verifies a license file's text. Throws AppError naming the reason: no key configured, not a
 * Herald license, bad signature, expired or not started (when `now` is given).
 */
export function verifyLicense(raw: string, publicKey: KeyObject | undefined, now?: number): License {
  if (!publicKey) throw new AppError('licenseNoPublicKey');
  const text = raw.trim();
  if (text.length === 0 || text.length > MAX_LICENSE_BYTES) throw new AppError('licenseMalformed', 'empty or too large');
  const parts = text.split('.');
  if (parts.length !== 2 || !B64URL.test(parts[0]!) || !B64URL.test(parts[1]!)) throw new AppError('licenseMalformed', 'expected <payload>.<signature> in base64url');
  const signature = Buffer.from(parts[1]!, 'base64url');
  if (signature.length !== 64) throw new AppError('licenseMalformed', 'the signature is not 64 bytes');
  if (!verify(null, Buffer.from(parts[0]!, 'ascii'), publicKey, signature)) throw new AppError('licenseBadSignature');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[0]!, 'base64url').toString('utf8'));
  } catch {
    throw new AppError('licenseMalformed', 'the payload is not JSON');
  }
  const r = licensePayload.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AppError('licenseMalformed', `${issue?.path.join('.') || 'payload'}: ${issue?.message ?? 'invalid'}`);
  }
  const p = r.data;
  const license: License = {
    ...p,
    features: { ...p.features, mhpns: p.features.mhpns !== false, users: typeof p.features.users === 'number' ? p.features.users : 0 },
  };
  if (now !== undefined) assertCurrent(license, now);
  return license;
}

export function assertCurrent(license: License, now: number): void {
  if (license.starts_at > now) throw new AppError('licenseExpired', `starts at ${new Date(license.starts_at).toISOString()}`);
  if (license.expires_at <= now) throw new AppError('licenseExpired', `expired at ${new Date(license.expires_at).toISOString()}`);
}

export function isCurrent(license: License, now: number): boolean {
  return license.starts_at <= now && now < license.expires_at;
}
