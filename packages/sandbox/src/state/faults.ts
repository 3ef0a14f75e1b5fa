// Fault injection: rules that make the sandbox misbehave like a real provider on a bad day.
// A rule applies to one service (or all), optionally one token, for N requests or until cleared.
import { randomUUID } from 'node:crypto';
import type { Service } from './devices.js';

export type FaultKind = 'status' | 'latency' | 'drop' | 'ratelimit';

export interface FaultRule {
  id: string;
  kind: FaultKind;
  service?: Service;
  token?: string;
  /** Requests left before the rule expires; undefined = until cleared. */
  remaining?: number;
  /** kind=status: the HTTP status and the provider's reason / error code. */
  status?: number;
  reason?: string;
  /** Seconds to announce in Retry-After (status and ratelimit). */
  retryAfter?: number;
  /** kind=latency: added delay before the request is handled. */
  latencyMs?: number;
  /** kind=drop: HTTP/2 GOAWAY on the connection, or a reset of the stream/socket. */
  drop?: 'goaway' | 'reset';
  /** kind=ratelimit: requests allowed per second before 429s. */
  perSecond?: number;
}

export type FaultAction =
  | { kind: 'none' }
  | { kind: 'status'; status: number; reason: string; retryAfter?: number }
  | { kind: 'latency'; ms: number }
  | { kind: 'drop'; how: 'goaway' | 'reset' }
  | { kind: 'ratelimit'; retryAfter: number };

const KINDS: FaultKind[] = ['status', 'latency', 'drop', 'ratelimit'];
const SERVICES: Service[] = ['apns', 'fcm', 'webpush'];

/** Validates an admin request body into a rule; throws RangeError naming the field. */
export function parseFaultRule(body: unknown): FaultRule {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new RangeError('body: expected a JSON object');
  const b = body as Record<string, unknown>;
  const kind = b.kind;
  if (typeof kind !== 'string' || !KINDS.includes(kind as FaultKind)) {
    throw new RangeError(`kind: expected one of ${KINDS.join(', ')}`);
  }
  const rule: FaultRule = { id: randomUUID(), kind: kind as FaultKind };
  if (b.service !== undefined) {
    if (typeof b.service !== 'string' || !SERVICES.includes(b.service as Service)) {
      throw new RangeError(`service: expected one of ${SERVICES.join(', ')}`);
    }
    rule.service = b.service as Service;
  }
  if (b.token !== undefined) rule.token = str(b.token, 'token');
  if (b.times !== undefined) rule.remaining = int(b.times, 'times', 1, 1e9);
  if (b.retryAfter !== undefined) rule.retryAfter = int(b.retryAfter, 'retryAfter', 0, 86400);
  switch (rule.kind) {
    case 'status':
      rule.status = int(b.status, 'status', 200, 599);
      rule.reason = b.reason === undefined ? '' : str(b.reason, 'reason');
      break;
    case 'latency':
      rule.latencyMs = int(b.latencyMs, 'latencyMs', 0, 600_000);
      break;
    case 'drop':
      if (b.drop !== 'goaway' && b.drop !== 'reset') throw new RangeError('drop: expected "goaway" or "reset"');
      rule.drop = b.drop;
      break;
    case 'ratelimit':
      rule.perSecond = int(b.perSecond, 'perSecond', 0, 1e9);
      break;
  }
  return rule;
}

function str(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.length > 4096) throw new RangeError(`${field}: expected a string`);
  return v;
}

function int(v: unknown, field: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new RangeError(`${field}: expected an integer from ${min} to ${max}`);
  }
  return v;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private windows = new Map<string, { second: number; count: number }>();

  add(rule: FaultRule): FaultRule {
    this.rules.push(rule);
    return rule;
  }

  remove(id: string): boolean {
    const n = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    this.windows.delete(id);
    return this.rules.length < n;
  }

  clear(): void {
    this.rules = [];
    this.windows.clear();
  }

  list(): FaultRule[] {
    return [...this.rules];
  }

  /**
   * The action for one request. The first matching rule wins (latency rules stack with the
   * action after them, so callers apply `latency` and then ask again with `skipLatency`).
   */
  take(service: Service, token: string | undefined, skipLatency = false): FaultAction {
    for (const r of this.rules) {
      if (r.service && r.service !== service) continue;
      if (r.token && r.token !== token) continue;
      if (skipLatency && r.kind === 'latency') continue;
      if (r.kind === 'ratelimit') {
        const second = Math.floor(Date.now() / 1000);
        const w = this.windows.get(r.id);
        if (!w || w.second !== second) this.windows.set(r.id, { second, count: 1 });
        else w.count++;
        const count = this.windows.get(r.id)!.count;
        if (count <= (r.perSecond ?? 0)) continue;
      }
      if (r.remaining !== undefined && --r.remaining <= 0) this.remove(r.id);
      switch (r.kind) {
        case 'status':
          return { kind: 'status', status: r.status ?? 500, reason: r.reason ?? '', ...(r.retryAfter !== undefined ? { retryAfter: r.retryAfter } : {}) };
        case 'latency':
          return { kind: 'latency', ms: r.latencyMs ?? 0 };
        case 'drop':
          return { kind: 'drop', how: r.drop ?? 'reset' };
        case 'ratelimit':
          return { kind: 'ratelimit', retryAfter: r.retryAfter ?? 1 };
      }
    }
    return { kind: 'none' };
  }
}
