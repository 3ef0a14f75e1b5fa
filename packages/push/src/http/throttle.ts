// ThrottlePerSec per client key (ThrottleVaryByHeader value, else the remote address).
// GCRA (generic cell rate algorithm): a steady rate of ThrottlePerSec with a burst of one second's
// worth, so a client may send ThrottlePerSec requests at once and then one every 1/ThrottlePerSec s.
// The memory store (one process) keeps at most ThrottleMemoryStoreSize keys, the least recently
// seen evicted first; redis-rate-limiter.ts runs the same algorithm in Redis for many instances.
import { createHash } from 'node:crypto';

export interface TakeResult {
  allowed: boolean;
  /** When not allowed: milliseconds until one more request from this key would be. */
  retryAfterMs: number;
}

export interface RateLimiter {
  /**
   * Whether one more request from `key` may pass now; when not, ms until it may. `perSec`
   * overrides the limiter's rate for this key (hosted mode's per-server quotas).
   */
  take(key: string, perSec?: number): Promise<TakeResult>;
  close?(): Promise<void>;
}

/** Keys longer than this are stored as their SHA-256, so hostile header values cost bounded memory. */
export const MAX_RAW_KEY_CHARS = 128;

/**
 * The stored form of a client key: short keys as they are, long ones hashed. The two forms have
 * different prefixes, so no short key can collide with the hash of a long one.
 */
export function limiterKey(raw: string): string {
  return raw.length <= MAX_RAW_KEY_CHARS ? `k:${raw}` : `h:${createHash('sha256').update(raw).digest('base64url')}`;
}

/**
 * GCRA parameters for a rate, in whole microseconds: the emission interval, and the burst
 * tolerance as an exact multiple of it. Integer arithmetic keeps the burst exact (with fractional
 * milliseconds, 1000/300 added 300 times overshoots one second and a burst of 300 lets 299 pass).
 */
export function gcraParams(perSec: number): { intervalUs: number; burstUs: number } {
  if (!(perSec > 0) || !Number.isFinite(perSec)) throw new Error(`ThrottlePerSec: must be a positive number, got ${perSec}`);
  // Rounded down: the rate granted is never below ThrottlePerSec.
  const intervalUs = Math.max(1, Math.floor(1_000_000 / perSec));
  // One second's worth of requests (at least one) may arrive at once.
  return { intervalUs, burstUs: intervalUs * Math.max(1, Math.floor(perSec)) };
}

/**
 * One GCRA step, times in integer microseconds. `tat` is the key's theoretical arrival time
 * (undefined for a new key). Returns the decision and, when allowed, the new TAT to store.
 */
export function gcraStep(tat: number | undefined, nowUs: number, p: { intervalUs: number; burstUs: number }): TakeResult & { tat?: number } {
  const base = Math.max(tat ?? nowUs, nowUs);
  const allowAt = base + p.intervalUs - p.burstUs;
  if (nowUs < allowAt) return { allowed: false, retryAfterMs: Math.max(1, Math.ceil((allowAt - nowUs) / 1000)) };
  return { allowed: true, retryAfterMs: 0, tat: base + p.intervalUs };
}

export class MemoryRateLimiter implements RateLimiter {
  /** stored key -> theoretical arrival time (µs). Map order doubles as the LRU order. */
  private readonly tat = new Map<string, number>();
  private readonly params: { intervalUs: number; burstUs: number };
  private readonly maxKeys: number;

  constructor(
    perSec: number,
    maxKeys: number,
    /** Milliseconds on a monotonic clock. */
    private readonly now: () => number = () => performance.now(),
  ) {
    this.params = gcraParams(perSec);
    this.maxKeys = Math.max(1, Math.floor(maxKeys));
  }

  async take(key: string, perSec?: number): Promise<TakeResult> {
    return this.takeSync(key, perSec);
  }

  takeSync(rawKey: string, perSec?: number): TakeResult {
    const key = limiterKey(rawKey);
    const now = Math.round(this.now() * 1000);
    const prev = this.tat.get(key);
    const step = gcraStep(prev, now, perSec === undefined ? this.params : gcraParams(perSec));
    if (prev !== undefined) {
      // Seen again (allowed or not): now the most recently used.
      this.tat.delete(key);
    } else if (this.tat.size >= this.maxKeys) {
      const oldest = this.tat.keys().next().value;
      if (oldest !== undefined) this.tat.delete(oldest);
    }
    this.tat.set(key, step.tat ?? prev ?? now);
    return { allowed: step.allowed, retryAfterMs: step.retryAfterMs };
  }

  /** Keys currently remembered (at most ThrottleMemoryStoreSize). */
  get size(): number {
    return this.tat.size;
  }

  /** Whether `rawKey` is currently remembered (tests). */
  has(rawKey: string): boolean {
    return this.tat.has(limiterKey(rawKey));
  }
}
