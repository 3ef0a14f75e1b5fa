// HERALD_REDIS_URL: ThrottlePerSec is one limit shared by every push-service instance, kept in a
// real redis-server started here (a missing redis-server fails these tests, it never skips them).
// Start-up fails with a clear error when Redis cannot be used; a Redis outage at run time lets
// pushes through (logged once) and throttling resumes when Redis is back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { ConfigSchema } from '../config/schema.js';
import { startPushService } from '../push-service.js';
import { DEFAULT_KEY_PREFIX, RedisRateLimiter } from './redis-rate-limiter.js';
import { freePort, startRedis } from './testing-redis-server.js';
const PASSWORD = 'redis-s3cret';
let redis;
/** A plain client to inspect what the limiter stored. */
let inspect;
before(async () => {
    redis = await startRedis({ password: PASSWORD });
    inspect = new Redis(redis.url, { lazyConnect: true });
    await inspect.connect();
});
after(async () => {
    inspect?.disconnect();
    await redis?.stop();
});
class Lines {
    lines = [];
    write(chunk) {
        for (const l of chunk.split('\n'))
            if (l)
                this.lines.push(l);
    }
}
function ack(service, client) {
    const body = JSON.stringify({ id: 'a', received_at: 1, platform: 'apple_rn', type: 'message' });
    return new Promise((resolve, reject) => {
        const req = request(new URL('/api/v1/ack', service.url), { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-forwarded-for': client } }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c.toString()));
            res.on('end', () => {
                const retryAfter = res.headers['retry-after'];
                resolve({ status: res.statusCode ?? 0, json: JSON.parse(text), ...(retryAfter ? { retryAfter } : {}) });
            });
        });
        req.on('error', reject);
        req.end(body);
    });
}
async function startInstance(perSec, env, logs = new Lines()) {
    return startPushService({
        config: ConfigSchema.parse({ ThrottlePerSec: perSec, ThrottleVaryByHeader: 'X-Forwarded-For' }),
        env,
        listen: '127.0.0.1:0',
        logStream: logs,
    });
}
/** A client key no other test uses (the Redis server is shared by this file's tests). */
let n = 0;
const fresh = (name) => `${name}-${process.pid}-${++n}`;
test('two instances share one limit through Redis', async () => {
    const one = await startInstance(1, { HERALD_REDIS_URL: redis.url });
    const two = await startInstance(1, { HERALD_REDIS_URL: redis.url });
    try {
        const a = fresh('client-a');
        const b = fresh('client-b');
        assert.equal((await ack(one, a)).status, 200);
        const refused = await ack(two, a);
        assert.equal(refused.status, 429, 'the second instance knows what the first one let through');
        assert.deepEqual(refused.json, { status: 'FAIL', error: 'throttled: more than 1 requests per second' });
        assert.equal(refused.retryAfter, '1');
        assert.equal((await ack(two, b)).status, 200, 'another client has its own limit');
        assert.equal((await ack(one, b)).status, 429);
    }
    finally {
        await one.close();
        await two.close();
    }
});
test('a burst spread over both instances is bounded by the one shared limit', async () => {
    const perSec = 10;
    const one = await startInstance(perSec, { HERALD_REDIS_URL: redis.url });
    const two = await startInstance(perSec, { HERALD_REDIS_URL: redis.url });
    try {
        const c = fresh('burst');
        const started = performance.now();
        const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => ack(i % 2 ? one : two, c)));
        const elapsedMs = performance.now() - started;
        const passed = answers.filter((a) => a.status === 200).length;
        assert.ok(answers.every((a) => a.status === 200 || a.status === 429));
        // The burst always passes; beyond it only what the rate refilled while the requests ran.
        assert.ok(passed >= perSec, `${passed} passed`);
        assert.ok(passed <= perSec + Math.floor(elapsedMs / (1000 / perSec)), `${passed} passed in ${elapsedMs.toFixed(0)} ms: more than one shared limit allows`);
    }
    finally {
        await one.close();
        await two.close();
    }
});
test('the check is atomic: concurrent limiters never let more than the limit through', async () => {
    const perSec = 20;
    const limiters = await Promise.all([1, 2, 3].map(() => RedisRateLimiter.connect(redis.url, { perSec })));
    try {
        const key = fresh('atomic');
        const started = performance.now();
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => limiters[i % 3].take(key)));
        const elapsedMs = performance.now() - started;
        const passed = results.filter((r) => r.allowed).length;
        assert.ok(passed >= perSec && passed <= perSec + Math.floor(elapsedMs / (1000 / perSec)), `${passed} passed in ${elapsedMs.toFixed(0)} ms`);
        const refused = results.find((r) => !r.allowed);
        assert.ok(refused.retryAfterMs >= 1 && refused.retryAfterMs <= 1000, `retryAfterMs ${refused.retryAfterMs}`);
    }
    finally {
        await Promise.all(limiters.map((l) => l.close()));
    }
});
test('keys are prefixed, hostile keys stay small, and every key expires on its own', async () => {
    const limiter = await RedisRateLimiter.connect(redis.url, { perSec: 5 });
    try {
        const plain = fresh('plain');
        const huge = `${fresh('huge')}${'x'.repeat(64 * 1024)}`;
        const odd = `${fresh('odd')}{slot}*?[\r\n\u0000 ${'💥'.repeat(3)}`;
        for (const k of [plain, huge, odd]) {
            assert.equal((await limiter.take(k)).allowed, true);
        }
        assert.equal(await inspect.exists(`${DEFAULT_KEY_PREFIX}k:${plain}`), 1);
        assert.equal(await inspect.exists(`${DEFAULT_KEY_PREFIX}k:${odd}`), 1);
        const keys = await inspect.keys(`${DEFAULT_KEY_PREFIX}h:*`);
        assert.ok(keys.length >= 1 && keys.every((k) => k.length < 80), 'a 64 KiB client key is stored as a digest');
        for (const k of [`${DEFAULT_KEY_PREFIX}k:${plain}`, `${DEFAULT_KEY_PREFIX}k:${odd}`]) {
            const ttl = await inspect.pttl(k);
            assert.ok(ttl > 0 && ttl <= 2000, `${JSON.stringify(k)} expires (PTTL ${ttl})`);
        }
        // The huge key is one client, like any other.
        for (let i = 0; i < 4; i++)
            await limiter.take(huge);
        assert.equal((await limiter.take(huge)).allowed, false);
    }
    finally {
        await limiter.close();
    }
});
test('Redis unreachable at start-up: a clear error naming HERALD_REDIS_URL, the address and the cause, without the password', async () => {
    const port = await freePort();
    await assert.rejects(startInstance(10, { HERALD_REDIS_URL: `redis://:hunter2@127.0.0.1:${port}` }), (e) => {
        assert.match(e.message, new RegExp(`^HERALD_REDIS_URL: cannot use Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
        assert.ok(!e.message.includes('hunter2'));
        return true;
    });
});
test('a wrong Redis password or a URL that is not redis:// fails at start-up too', async () => {
    const wrong = redis.url.replace(encodeURIComponent(PASSWORD), 'nope');
    await assert.rejects(startInstance(10, { HERALD_REDIS_URL: wrong }), /^Error: HERALD_REDIS_URL: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ for the shared throttle: .*(WRONGPASS|invalid|NOAUTH)/i);
    await assert.rejects(startInstance(10, { HERALD_REDIS_URL: `http://127.0.0.1:${redis.port}` }), /HERALD_REDIS_URL: expected redis:\/\/host:port/);
});
test('ThrottlePerSec 0: no limiter, so HERALD_REDIS_URL is not even contacted', async () => {
    const port = await freePort();
    const service = await startInstance(0, { HERALD_REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
        for (let i = 0; i < 5; i++)
            assert.equal((await ack(service, 'x')).status, 200);
    }
    finally {
        await service.close();
    }
});
test('`herald push` exits 1 with the error when Redis is unreachable', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-redis-cli-'));
    try {
        const config = join(dir, 'push-proxy.json');
        await writeFile(config, JSON.stringify({ ListenAddress: '127.0.0.1:0', ThrottlePerSec: 10 }));
        const port = await freePort();
        const bin = new URL('../../../cli/bin/herald.js', import.meta.url).pathname;
        const child = spawn(process.execPath, [bin, 'push', '--config', config], {
            env: { ...process.env, HERALD_REDIS_URL: `redis://127.0.0.1:${port}` },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d.toString()));
        const code = await new Promise((r) => child.on('exit', (c) => r(c)));
        assert.equal(code, 1, stderr);
        assert.match(stderr, new RegExp(`herald: HERALD_REDIS_URL: cannot use Redis at redis://127\\.0\\.0\\.1:${port}.*ECONNREFUSED`));
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
});
test('a start-up that fails after connecting to Redis (port in use) releases the Redis connection', async () => {
    const clients = async () => String(await inspect.client('LIST')).trim().split('\n').length;
    const before = await clients();
    const blocker = await startInstance(1, {});
    try {
        const port = new URL(blocker.url).port;
        await assert.rejects(startPushService({
            config: ConfigSchema.parse({ ThrottlePerSec: 1 }),
            env: { HERALD_REDIS_URL: redis.url },
            listen: `127.0.0.1:${port}`,
            logStream: new Lines(),
        }), /cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
        const deadline = Date.now() + 5000;
        while ((await clients()) !== before && Date.now() < deadline)
            await sleep(20);
        assert.equal(await clients(), before, 'no Redis connection left behind');
    }
    finally {
        await blocker.close();
    }
});
// Last: it stops and restarts the shared redis-server.
test('Redis down at run time: requests pass (logged once), and throttling resumes when it is back', async () => {
    const logs = new Lines();
    const service = await startInstance(1, { HERALD_REDIS_URL: redis.url }, logs);
    try {
        const c = fresh('outage');
        assert.equal((await ack(service, c)).status, 200);
        assert.equal((await ack(service, c)).status, 429);
        await redis.stop();
        for (let i = 0; i < 3; i++)
            assert.equal((await ack(service, c)).status, 200, 'fail open: a push is never lost to the throttle');
        const errors = logs.lines.filter((l) => /throttle: Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ failed/.test(l));
        assert.equal(errors.length, 1, logs.lines.join('\n'));
        assert.ok(!logs.lines.some((l) => l.includes(PASSWORD)), 'the password is never logged');
        await redis.restart();
        // The client reconnects with backoff; wait until the limit applies again.
        const deadline = Date.now() + 15_000;
        let throttled = false;
        while (!throttled && Date.now() < deadline) {
            const k = fresh('after-outage');
            throttled = (await ack(service, k)).status === 200 && (await ack(service, k)).status === 429;
            if (!throttled)
                await sleep(100);
        }
        assert.ok(throttled, 'throttling resumed after Redis came back');
        assert.ok(logs.lines.some((l) => /shared throttling resumed/.test(l)), logs.lines.join('\n'));
    }
    finally {
        await service.close();
    }
});
//# sourceMappingURL=redis-throttle-shared-by-instances.test.js.map