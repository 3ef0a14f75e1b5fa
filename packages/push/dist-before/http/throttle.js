// ThrottlePerSec per client key (ThrottleVaryByHeader value, else the remote address).
// GCRA (generic cell rate algorithm): a steady rate of ThrottlePerSec with a burst of one second's
// worth, so a client may send ThrottlePerSec requests at once and then one every 1/ThrottlePerSec s.
// The memory store (one process) keeps at most ThrottleMemoryStoreSize keys, the least recently
// seen evicted first; redis-rate-limiter.ts runs the same algorithm in Redis for many instances.
import { createHash } from 'node:crypto';
/** Keys longer than this are stored as their SHA-256, so hostile header values cost bounded memory. */
export const MAX_RAW_KEY_CHARS = 128;
/**
 * The stored form of a client key: short keys as they are, long ones hashed. The two forms have
 * different prefixes, so no short key can collide with the hash of a long one.
 */
export function limiterKey(raw) {
    return raw.length <= MAX_RAW_KEY_CHARS ? `k:${raw}` : `h:${createHash('sha256').update(raw).digest('base64url')}`;
}
/**
 * GCRA parameters for a rate, in whole microseconds: the emission interval, and the burst
 * tolerance as an exact multiple of it. Integer arithmetic keeps the burst exact (with fractional
 * milliseconds, 1000/300 added 300 times overshoots one second and a burst of 300 lets 299 pass).
 */
export function gcraParams(perSec) {
    if (!(perSec > 0) || !Number.isFinite(perSec))
        throw new Error(`ThrottlePerSec: must be a positive number, got ${perSec}`);
    // Rounded down: the rate granted is never below ThrottlePerSec.
    const intervalUs = Math.max(1, Math.floor(1_000_000 / perSec));
    // One second's worth of requests (at least one) may arrive at once.
    return { intervalUs, burstUs: intervalUs * Math.max(1, Math.floor(perSec)) };
}
/**
 * One GCRA step, times in integer microseconds. `tat` is the key's theoretical arrival time
 * (undefined for a new key). Returns the decision and, when allowed, the new TAT to store.
 */
export function gcraStep(tat, nowUs, p) {
    const base = Math.max(tat ?? nowUs, nowUs);
    const allowAt = base + p.intervalUs - p.burstUs;
    if (nowUs < allowAt)
        return { allowed: false, retryAfterMs: Math.max(1, Math.ceil((allowAt - nowUs) / 1000)) };
    return { allowed: true, retryAfterMs: 0, tat: base + p.intervalUs };
}
export class MemoryRateLimiter {
    now;
    /** stored key -> theoretical arrival time (µs). Map order doubles as the LRU order. */
    tat = new Map();
    params;
    maxKeys;
    constructor(perSec, maxKeys, 
    /** Milliseconds on a monotonic clock. */
    now = () => performance.now()) {
        this.now = now;
        this.params = gcraParams(perSec);
        this.maxKeys = Math.max(1, Math.floor(maxKeys));
    }
    async take(key) {
        return this.takeSync(key);
    }
    takeSync(rawKey) {
        const key = limiterKey(rawKey);
        const now = Math.round(this.now() * 1000);
        const prev = this.tat.get(key);
        const step = gcraStep(prev, now, this.params);
        if (prev !== undefined) {
            // Seen again (allowed or not): now the most recently used.
            this.tat.delete(key);
        }
        else if (this.tat.size >= this.maxKeys) {
            const oldest = this.tat.keys().next().value;
            if (oldest !== undefined)
                this.tat.delete(oldest);
        }
        this.tat.set(key, step.tat ?? prev ?? now);
        return { allowed: step.allowed, retryAfterMs: step.retryAfterMs };
    }
    /** Keys currently remembered (at most ThrottleMemoryStoreSize). */
    get size() {
        return this.tat.size;
    }
    /** Whether `rawKey` is currently remembered (tests). */
    has(rawKey) {
        return this.tat.has(limiterKey(rawKey));
    }
}
//# sourceMappingURL=throttle.js.map