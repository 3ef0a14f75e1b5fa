// Runs the checks in order (one small module each), streaming each result, then the cleanups.
// Exit status: 1 when any hop failed.
import { authCheck } from './check-auth.js';
import { credentialsCheck } from './check-credentials.js';
import { deliveryCheck } from './check-delivery.js';
import { dnsCheck } from './check-dns.js';
import { pingCheck } from './check-ping.js';
import { pushServiceCheck } from './check-push-service.js';
import { pushSettingsCheck } from './check-push-settings.js';
import { serverLogCheck } from './check-server-log.js';
import { tcpCheck } from './check-tcp.js';
import { tlsCheck } from './check-tls.js';
import { versionCheck } from './check-version.js';
import { classifyNetError } from './http.js';
import type { Check, CheckResult, DoctorOptions, DoctorState, Hop, Report } from './types.js';

export const CHECKS: Check[] = [dnsCheck, tcpCheck, tlsCheck, versionCheck, authCheck, pushSettingsCheck, pushServiceCheck, credentialsCheck, deliveryCheck, serverLogCheck, pingCheck];

export interface DoctorReport {
  ok: boolean;
  server: string;
  /** The hops that failed, in order (the first one is where the push path breaks). */
  failed: Hop[];
  results: CheckResult[];
}

/** http(s)://host[:port][/path] with no query, fragment or credentials. */
export function parseServerUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`);
  } catch {
    throw new Error(`--server: not a URL: ${raw}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`--server: expected an http:// or https:// URL, got ${u.protocol}`);
  if (u.username || u.password) throw new Error('--server: the URL must not carry credentials');
  u.search = '';
  u.hash = '';
  return u;
}

export async function runDoctor(opts: DoctorOptions, onResult: Report = () => {}): Promise<DoctorReport> {
  const url = parseServerUrl(opts.server);
  const results: CheckResult[] = [];
  const report: Report = (r) => {
    results.push(r);
    onResult(r);
  };
  const state: DoctorState = {
    opts,
    url,
    apiBase: `${url.origin}${url.pathname.replace(/\/+$/, '')}/api/v4`,
    addresses: [],
    reachable: true,
    insecureTls: false,
    apiOk: false,
    isAdmin: false,
    ownSession: false,
    cleanups: [],
  };
  try {
    for (const check of CHECKS) {
      try {
        await check.run(state, report);
      } catch (e) {
        // A check that breaks is a doctor bug or an unexpected answer: report it on its hop and go on.
        report({ hop: check.hop, status: 'fail', message: `${check.title}: unexpected error: ${classifyNetError(e).detail}` });
      }
    }
  } finally {
    for (const c of state.cleanups.reverse()) {
      try {
        await c.run();
        report({ hop: 'cleanup', status: 'info', message: `Cleanup: ${c.what}` });
      } catch (e) {
        report({ hop: 'cleanup', status: 'warn', message: `Cleanup: could not ${c.what.replace(/^(\w+)ed\b/, '$1')}: ${classifyNetError(e).detail}` });
      }
    }
  }
  const failed = [...new Set(results.filter((r) => r.status === 'fail').map((r) => r.hop))];
  return { ok: failed.length === 0, server: url.toString(), failed, results };
}
