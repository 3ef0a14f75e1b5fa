// Hosted mode (HPNS): who is calling, and may they. Every send_push, ack and trace request carries
// a server key: `Authorization: Bearer <key>`, or HTTP Basic with the key as the password (what
// Mattermost's Go HTTP client sends for a PushNotificationServer URL written as
// https://<server_id>:<key>@push.example.com, so an unmodified Mattermost server can use a key).
// Refusals: no/unknown/revoked key -> 401, a push whose server_id is not the key's -> 403 (checked
// by the HTTP layer once the body is parsed), over the server's quota -> 429 with Retry-After.
// Quotas are per server_id, GCRA like ThrottlePerSec, shared through Redis when HERALD_REDIS_URL is set.
import type { IncomingMessage } from 'node:http';
import { Counter, Gauge } from 'prom-client';
import type { PushMetrics } from '../observability/metrics.js';
import type { RateLimiter } from '../http/throttle.js';
import type { HostedKeyring } from './hosted-keys.js';

export interface Caller {
  serverId: string;
  keyId: string;
  /** Requests per second allowed to this server; 0 = unlimited. */
  quotaPerSec: number;
}

export type Admission =
  | { ok: true; caller: Caller }
  | { ok: false; code: number; error: string; headers?: Record<string, string> };

/** The key a request presents, or undefined. */
export function presentedKey(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization?.trim();
  if (!auth) return undefined;
  const m = /^(\w+)\s+(.+)$/.exec(auth);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase();
  if (scheme === 'bearer') return m[2]!.trim();
  if (scheme === 'basic') {
    const decoded = Buffer.from(m[2]!.trim(), 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    const pass = i < 0 ? decoded : decoded.slice(i + 1);
    return pass || (i < 0 ? undefined : decoded.slice(0, i)) || undefined;
  }
  return undefined;
}

export interface HostedGateOptions {
  keyring: HostedKeyring;
  /** Per-server quota limiter (its own key space); undefined = no quotas at all. */
  quota?: RateLimiter;
  /** Quota of a key that names none (HostedQuotaPerSec); 0 = unlimited. */
  defaultQuotaPerSec: number;
  metrics: PushMetrics;
}

export class HostedGate {
  readonly requests: Counter<'server_id' | 'result'>;
  readonly unauthorized: Counter<'reason'>;
  readonly quotaExceeded: Counter<'server_id'>;
  readonly activeKeys: Gauge;

  constructor(private readonly opts: HostedGateOptions) {
    const registers = [opts.metrics.registry];
    this.requests = new Counter({ name: 'herald_hosted_requests_total', help: 'Hosted mode: send_push and ack requests per server_id and result (OK, FAIL, REMOVE, ack, throttled, forbidden, bad_request)', labelNames: ['server_id', 'result'], registers });
    this.unauthorized = new Counter({ name: 'herald_hosted_unauthorized_total', help: 'Hosted mode: requests refused for a missing, unknown or revoked key', labelNames: ['reason'], registers });
    this.quotaExceeded = new Counter({ name: 'herald_hosted_quota_exceeded_total', help: 'Hosted mode: requests refused by the per-server quota', labelNames: ['server_id'], registers });
    const keyring = opts.keyring;
    this.activeKeys = new Gauge({
      name: 'herald_hosted_keys',
      help: 'Hosted mode: server keys in force (not revoked)',
      registers,
      collect() {
        this.set(keyring.size);
      },
    });
  }

  /** 401 unless the request carries a valid key. */
  identify(req: IncomingMessage): Admission {
    const key = presentedKey(req);
    if (key === undefined) {
      this.unauthorized.labels('missing').inc();
      return { ok: false, code: 401, error: 'hosted: a server key is required (Authorization: Bearer <key>; issue one with `herald push keys create --server-id ID`)', headers: { 'www-authenticate': 'Bearer realm="herald-push"' } };
    }
    const found = this.opts.keyring.lookup(key);
    if (!found.found) {
      this.unauthorized.labels(found.reason === 'revoked key' ? 'revoked' : 'unknown').inc();
      return { ok: false, code: 401, error: `hosted: ${found.reason}`, headers: { 'www-authenticate': 'Bearer realm="herald-push", error="invalid_token"' } };
    }
    const quotaPerSec = found.record.quota_per_sec ?? this.opts.defaultQuotaPerSec;
    return { ok: true, caller: { serverId: found.record.server_id, keyId: found.record.id, quotaPerSec } };
  }

  /** identify(), then the caller's quota (429 with Retry-After). */
  async admit(req: IncomingMessage): Promise<Admission> {
    const who = this.identify(req);
    if (!who.ok) return who;
    const rate = who.caller.quotaPerSec;
    if (rate > 0 && this.opts.quota) {
      const t = await this.opts.quota.take(who.caller.serverId, rate);
      if (!t.allowed) {
        this.quotaExceeded.labels(who.caller.serverId).inc();
        this.requests.labels(who.caller.serverId, 'throttled').inc();
        return { ok: false, code: 429, error: `hosted: quota of ${rate} requests per second for server ${who.caller.serverId} exceeded`, headers: { 'retry-after': String(Math.max(1, Math.ceil(t.retryAfterMs / 1000))) } };
      }
    }
    return who;
  }

  /** Counts one answered request of `caller`. */
  count(caller: Caller, result: string): void {
    this.requests.labels(caller.serverId, result).inc();
  }
}
