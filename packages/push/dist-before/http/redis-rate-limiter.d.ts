import { type RateLimiter, type TakeResult } from './throttle.js';
/**
 * KEYS[1] the client's key; ARGV[1] emission interval (µs), ARGV[2] burst tolerance (µs).
 * Returns {allowed (1|0), retry after (µs)}. Times are integers in microseconds (exact in a Lua
 * double up to 2^53 µs, i.e. for the next 285 years), formatted with %.0f so SET never writes
 * them in exponent notation.
 */
export declare const GCRA_LUA = "\nlocal t = redis.call('TIME')\nlocal now = tonumber(t[1]) * 1000000 + tonumber(t[2])\nlocal interval = tonumber(ARGV[1])\nlocal burst = tonumber(ARGV[2])\nlocal tat = tonumber(redis.call('GET', KEYS[1]))\nif tat == nil or tat < now then tat = now end\nlocal allow_at = tat + interval - burst\nif now < allow_at then\n  return {0, allow_at - now}\nend\nlocal new_tat = tat + interval\nredis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.floor((new_tat - now) / 1000) + 1000)\nreturn {1, 0}\n";
export declare const DEFAULT_KEY_PREFIX = "herald:throttle:";
export interface RedisRateLimiterOptions {
    perSec: number;
    /** Prefix of every key this limiter writes (default "herald:throttle:"). */
    keyPrefix?: string;
    /** How long start-up waits for Redis (default 5000 ms). */
    connectTimeoutMs?: number;
    /** Bound on one check once running; past it the request is let through (default 1000 ms). */
    commandTimeoutMs?: number;
    /** Called on the first failed check of an outage (the request is let through). */
    onError?: (err: Error) => void;
    /** Called on the first successful check after an outage. */
    onRecover?: () => void;
}
/** The URL with any password replaced, for errors and logs. */
export declare function describeRedisUrl(url: string): string;
export declare class RedisRateLimiter implements RateLimiter {
    private readonly redis;
    private readonly opts;
    private readonly intervalUs;
    private readonly burstUs;
    private readonly prefix;
    private failing;
    private constructor();
    /**
     * Connects to `url` (redis://[:password@]host[:port][/db] or rediss:// for TLS), checks the
     * script runs, and returns the limiter. Rejects with an error naming the URL (password hidden)
     * and the cause when Redis cannot be reached or refuses.
     */
    static connect(url: string, opts: RedisRateLimiterOptions): Promise<RedisRateLimiter>;
    take(key: string): Promise<TakeResult>;
    close(): Promise<void>;
}
//# sourceMappingURL=redis-rate-limiter.d.ts.map