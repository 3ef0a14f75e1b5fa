export interface TakeResult {
    allowed: boolean;
    /** When not allowed: milliseconds until one more request from this key would be. */
    retryAfterMs: number;
}
export interface RateLimiter {
    /** Whether one more request from `key` may pass now; when not, ms until it may. */
    take(key: string): Promise<TakeResult>;
    close?(): Promise<void>;
}
/** Keys longer than this are stored as their SHA-256, so hostile header values cost bounded memory. */
export declare const MAX_RAW_KEY_CHARS = 128;
/**
 * The stored form of a client key: short keys as they are, long ones hashed. The two forms have
 * different prefixes, so no short key can collide with the hash of a long one.
 */
export declare function limiterKey(raw: string): string;
/**
 * GCRA parameters for a rate, in whole microseconds: the emission interval, and the burst
 * tolerance as an exact multiple of it. Integer arithmetic keeps the burst exact (with fractional
 * milliseconds, 1000/300 added 300 times overshoots one second and a burst of 300 lets 299 pass).
 */
export declare function gcraParams(perSec: number): {
    intervalUs: number;
    burstUs: number;
};
/**
 * One GCRA step, times in integer microseconds. `tat` is the key's theoretical arrival time
 * (undefined for a new key). Returns the decision and, when allowed, the new TAT to store.
 */
export declare function gcraStep(tat: number | undefined, nowUs: number, p: {
    intervalUs: number;
    burstUs: number;
}): TakeResult & {
    tat?: number;
};
export declare class MemoryRateLimiter implements RateLimiter {
    /** Milliseconds on a monotonic clock. */
    private readonly now;
    /** stored key -> theoretical arrival time (µs). Map order doubles as the LRU order. */
    private readonly tat;
    private readonly params;
    private readonly maxKeys;
    constructor(perSec: number, maxKeys: number, 
    /** Milliseconds on a monotonic clock. */
    now?: () => number);
    take(key: string): Promise<TakeResult>;
    takeSync(rawKey: string): TakeResult;
    /** Keys currently remembered (at most ThrottleMemoryStoreSize). */
    get size(): number;
    /** Whether `rawKey` is currently remembered (tests). */
    has(rawKey: string): boolean;
}
//# sourceMappingURL=throttle.d.ts.map