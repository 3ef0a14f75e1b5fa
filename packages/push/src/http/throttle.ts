// ThrottlePerSec per client key (ThrottleVaryByHeader value, else the remote address). The memory
// store keeps at most ThrottleMemoryStoreSize keys (least recently seen evicted first).
// GCRA, as the anchor's `throttled` library uses: a steady rate with a burst of one second's worth.

export interface RateLimiter {
  /** Whether one more request from `key` may pass now; when not, ms until it may. */
  take(key: string): Promise<{ allowed: boolean; retryAfterMs: number }>;
  close?(): Promise<void>;
}

export class MemoryRateLimiter implements RateLimiter {
  /** key -> theoretical arrival time (ms). Map order doubles as the LRU order. */
  private readonly tat = new Map<string, number>();
  private readonly interval: number;
  private readonly burst: number;

  constructor(
    perSec: number,
    private readonly maxKeys: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.interval = 1000 / Math.max(perSec, 1e-9);
    this.burst = this.interval * Math.max(perSec, 1);
  }

  async take(key: string): Promise<{ allowed: boolean; retryAfterMs: number }> {
    return this.takeSync(key);
  }

  takeSync(key: string): { allowed: boolean; retryAfterMs: number } {
    const now = this.now();
    const prev = this.tat.get(key);
    const tat = Math.max(prev ?? now, now);
    const allowAt = tat + this.interval - this.burst;
    if (now < allowAt) return { allowed: false, retryAfterMs: Math.ceil(allowAt - now) };
    if (prev !== undefined) this.tat.delete(key);
    else if (this.tat.size >= this.maxKeys) {
      const oldest = this.tat.keys().next().value;
      if (oldest !== undefined) this.tat.delete(oldest);
    }
    this.tat.set(key, tat + this.interval);
    return { allowed: true, retryAfterMs: 0 };
  }

  get size(): number {
    return this.tat.size;
  }
}
