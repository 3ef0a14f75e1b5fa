// What each Mode requires and changes, checked when the service starts (parseConfig accepts any
// Mode so `--check` and the anchor's files load; these rules need the listener and files).
//   eas     the organisation's own service: no extra rules.
//   hosted  HPNS: TLS only (TLSCertFile + TLSKeyFile, or BehindTLSProxy), server keys required.
//   test    TPNS: open, plaintext allowed, ThrottlePerSec capped at TestModeThrottlePerSec, and every
//           reply and /version says it is not for production.
//   relay   forwards to RelayUpstreamURL.
import { ConfigError } from '../config/parse-config.js';
import type { HeraldConfig } from '../config/schema.js';
import { relayUrlProblem } from './relay.js';

export const TEST_MODE_HEADER = 'X-Herald-Mode';
export const TEST_MODE_HEADER_VALUE = 'test; not for production';
export const TEST_MODE_WARNING =
  '!!! Mode "test" (TPNS): this push service is for evaluation only, NOT for production: no authentication, low quotas, no uptime promise. Use Mode "eas" or "hosted" for real users. !!!';

/** Errors that keep the service from starting in its mode; empty when it may start. */
export function modeProblems(config: HeraldConfig): string[] {
  const problems: string[] = [];
  const tls = config.TLSCertFile !== '' || config.TLSKeyFile !== '';
  if (tls && (config.TLSCertFile === '' || config.TLSKeyFile === '')) {
    problems.push(`${config.TLSCertFile === '' ? 'TLSCertFile' : 'TLSKeyFile'}: must be set together with ${config.TLSCertFile === '' ? 'TLSKeyFile' : 'TLSCertFile'}`);
  }
  if (config.Mode === 'hosted' && !tls && !config.BehindTLSProxy) {
    problems.push('Mode "hosted": refuses a plaintext listener; set TLSCertFile and TLSKeyFile, or BehindTLSProxy: true when a TLS proxy terminates TLS in front of this instance');
  }
  if (config.Mode === 'relay') {
    const p = relayUrlProblem(config.RelayUpstreamURL);
    if (p) problems.push(p);
  }
  if (config.FeedbackWebhookURL !== '') {
    try {
      const u = new URL(config.FeedbackWebhookURL);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') problems.push(`FeedbackWebhookURL: expected an http(s) URL, got ${u.protocol}`);
    } catch {
      problems.push('FeedbackWebhookURL: not a URL');
    }
  }
  return problems;
}

export function checkModeConfig(config: HeraldConfig): void {
  const problems = modeProblems(config);
  if (problems.length) throw new ConfigError(problems);
}

/** The config the service runs with: a copy, with the test mode's throttle cap applied. */
export function effectiveConfig(config: HeraldConfig): HeraldConfig {
  if (config.Mode !== 'test' || config.TestModeThrottlePerSec <= 0) return config;
  const cap = config.TestModeThrottlePerSec;
  const throttle = config.ThrottlePerSec <= 0 ? cap : Math.min(config.ThrottlePerSec, cap);
  return { ...config, ThrottlePerSec: throttle };
}
