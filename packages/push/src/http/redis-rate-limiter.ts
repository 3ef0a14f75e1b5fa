// ThrottlePerSec shared by every push-service instance through Redis (HERALD_REDIS_URL).
// The same GCRA as the memory store (throttle.ts), run atomically in one Lua script on the Redis
// server with the server's clock, so instances on different hosts agree without clock sync.
// Each key expires as soon as it no longer limits anything, so Redis holds only clients that
// sent something in the last second; ThrottleMemoryStoreSize does not apply here.
//
// Start-up fails with a clear error when Redis cannot be reached. Once running, a Redis outage
// does not stop pushes: a request whose check fails is let through (fail open); the first failure
// of an outage is reported through `onError`, and the recovery through `onRecover`.
import { Redis, type RedisOptions } from 'ioredis';
import { gcraParams, limiterKey, type RateLimiter, type TakeResult } from './throttle.js';

/**
 * KEYS[1] the client's key; ARGV[1] emission interval (µs), ARGV[2] burst tolerance (µs).
 * Returns {allowed (1|0), retry after (µs)}. Times are integers in microseconds (exact in a Lua
 * double up to 2^53 µs, i.e. for the next 285 years), formatted with %.0f so SET never writes
 * them in exponent notation.
 */
export const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1]))
if tat == nil or tat < now then tat = now end
local allow_at = tat + interval - burst
if now < allow_at then
  return {0, allow_at - now}
end
local new_tat = tat + interval
redis.call('SET', KEYS[1], string.format('%.0f', new_tat), 'PX', math.floor((new_tat - now) / 1000) + 1000)
return {1, 0}
`;

export const DEFAULT_KEY_PREFIX = 'herald:throttle:';

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

interface GcraRedis extends Redis {
  heraldGcra(key: string, intervalUs: number, burstUs: number): Promise<[number, number]>;
}

/** The URL with any password replaced, for errors and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href;
  } catch {
    return '(not a URL)';
  }
}

export class RedisRateLimiter implements RateLimiter {
  private readonly intervalUs: number;
  private readonly burstUs: number;
  private readonly prefix: string;
  private failing = false;

  private constructor(
    private readonly redis: GcraRedis,
    private readonly opts: RedisRateLimiterOptions,
  ) {
    const p = gcraParams(opts.perSec);
    this.intervalUs = p.intervalUs;
    this.burstUs = p.burstUs;
    this.prefix = opts.keyPrefix ?? DEFAULT_KEY_PREFIX;
  }

  /**
   * Connects to `url` (redis://[:password@]host[:port][/db] or rediss:// for TLS), checks the
   * script runs, and returns the limiter. Rejects with an error naming the URL (password hidden)
   * and the cause when Redis cannot be reached or refuses.
   */
  static async connect(url: string, opts: RedisRateLimiterOptions): Promise<RedisRateLimiter> {
    const shown = describeRedisUrl(url);
    if (!/^rediss?:\/\//i.test(url)) throw new Error(`HERALD_REDIS_URL: expected redis://host:port or rediss://host:port, got ${shown === '(not a URL)' ? JSON.stringify(url.slice(0, 64)) : shown}`);
    let started = false;
    let lastError: Error | undefined;
    const options: RedisOptions = {
      lazyConnect: true,
      connectTimeout: opts.connectTimeoutMs ?? 5000,
      commandTimeout: opts.commandTimeoutMs ?? 1000,
      // Fail fast while Redis is down rather than queueing requests behind it.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // ioredis waits this long for a closing socket (default 2 s), holding up process exit.
      disconnectTimeout: 200,
      // No retries during start-up (the error is reported at once); afterwards, reconnect with backoff.
      retryStrategy: (times) => (started ? Math.min(100 * 2 ** Math.min(times, 5), 3000) : null),
    };
    const redis = new Redis(url, options) as GcraRedis;
    redis.defineCommand('heraldGcra', { numberOfKeys: 1, lua: GCRA_LUA });
    redis.on('error', (e: Error) => {
      lastError = e;
    });
    try {
      await redis.connect();
      // Loads and runs the script once: a Redis that refuses scripts (or auth) fails here.
      await redis.heraldGcra(`${opts.keyPrefix ?? DEFAULT_KEY_PREFIX}startup-check`, 1, 1);
    } catch (e) {
      redis.disconnect();
      const cause = lastError && lastError !== e ? `${lastError.message}` : (e as Error).message;
      throw new Error(`HERALD_REDIS_URL: cannot use Redis at ${shown} for the shared throttle: ${cause}`);
    }
    started = true;
    return new RedisRateLimiter(redis, opts);
  }

  async take(key: string, perSec?: number): Promise<TakeResult> {
    try {
      const p = perSec === undefined ? { intervalUs: this.intervalUs, burstUs: this.burstUs } : gcraParams(perSec);
      const [allowed, retryUs] = await this.redis.heraldGcra(this.prefix + limiterKey(key), p.intervalUs, p.burstUs);
      if (this.failing) {
        this.failing = false;
        this.opts.onRecover?.();
      }
      return allowed === 1 ? { allowed: true, retryAfterMs: 0 } : { allowed: false, retryAfterMs: Math.max(1, Math.ceil(Number(retryUs) / 1000)) };
    } catch (e) {
      if (!this.failing) {
        this.failing = true;
        this.opts.onError?.(e as Error);
      }
      return { allowed: true, retryAfterMs: 0 };
    }
  }

  async close(): Promise<void> {
    try {
      await this.redis.quit();
    } catch {
      this.redis.disconnect();
    }
  }
}
