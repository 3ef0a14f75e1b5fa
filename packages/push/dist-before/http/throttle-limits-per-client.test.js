// ThrottlePerSec through HTTP: over the limit, send_push and ack answer 429 with the JSON FAIL
// reply and Retry-After; the limit is per ThrottleVaryByHeader value, else per remote address;
// the status endpoints are never throttled. ThrottlePerSec 1 means a second request within a
// second is refused, so these tests do not depend on how fast the machine is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { ConfigSchema } from '../config/schema.js';
import { startPushService } from '../push-service.js';
function call(service, path, opts = {}) {
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    return new Promise((resolve, reject) => {
        const req = request(new URL(path, service.url), {
            method: body === undefined ? 'GET' : 'POST',
            headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
            agent: false,
            ...(opts.from ? { localAddress: opts.from } : {}),
        }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let json;
                try {
                    json = JSON.parse(text);
                }
                catch {
                    json = text;
                }
                resolve({ status: res.statusCode ?? 0, headers: res.headers, json });
            });
        });
        req.on('error', reject);
        req.end(body);
    });
}
const ACK = { id: 'ack-1', received_at: 1, platform: 'apple_rn', type: 'message' };
async function withService(settings, fn) {
    const service = await startPushService({
        config: ConfigSchema.parse({ EnableMetrics: true, ...settings }),
        env: {},
        listen: '127.0.0.1:0',
        logStream: { write() { } },
    });
    try {
        await fn(service);
    }
    finally {
        await service.close();
    }
}
function assertThrottled(a, perSec) {
    assert.equal(a.status, 429);
    assert.match(String(a.headers['content-type']), /^application\/json/);
    assert.deepEqual(a.json, { status: 'FAIL', error: `throttled: more than ${perSec} requests per second` });
    const retryAfter = Number(a.headers['retry-after']);
    assert.equal(retryAfter, 1, `Retry-After: ${a.headers['retry-after']} (whole seconds, rounded up)`);
}
test('over ThrottlePerSec: 429 with a JSON FAIL reply and Retry-After, for ack and send_push alike', async () => {
    await withService({ ThrottlePerSec: 1 }, async (s) => {
        const first = await call(s, '/api/v1/ack', { body: ACK });
        assert.equal(first.status, 200);
        assert.deepEqual(first.json, { status: 'OK' });
        assertThrottled(await call(s, '/api/v1/ack', { body: ACK }), 1);
        // The same client's send_push shares its limit (the request is refused before it is read).
        assertThrottled(await call(s, '/api/v1/send_push', { body: { platform: 'apple_rn', server_id: 's', device_id: 'd' } }), 1);
    });
});
test('refused requests are counted in herald_throttled_total', async () => {
    await withService({ ThrottlePerSec: 1 }, async (s) => {
        await call(s, '/api/v1/ack', { body: ACK });
        await call(s, '/api/v1/ack', { body: ACK });
        await call(s, '/api/v1/ack', { body: ACK });
        const metrics = await call(s, '/metrics');
        assert.match(String(metrics.json), /^herald_throttled_total 2$/m);
    });
});
test('with ThrottleVaryByHeader, each header value has its own limit', async () => {
    await withService({ ThrottlePerSec: 1, ThrottleVaryByHeader: 'X-Forwarded-For' }, async (s) => {
        const as = (ip) => ({ body: ACK, headers: { 'X-Forwarded-For': ip } });
        assert.equal((await call(s, '/api/v1/ack', as('203.0.113.1'))).status, 200);
        assertThrottled(await call(s, '/api/v1/ack', as('203.0.113.1')), 1);
        assert.equal((await call(s, '/api/v1/ack', as('203.0.113.2'))).status, 200, 'another client behind the same balancer');
        assertThrottled(await call(s, '/api/v1/ack', as('203.0.113.2')), 1);
        // No header at all: the remote address is the key, a limit of its own.
        assert.equal((await call(s, '/api/v1/ack', { body: ACK })).status, 200);
        assertThrottled(await call(s, '/api/v1/ack', { body: ACK }), 1);
    });
});
test('the header name is matched case-insensitively; several headers combine into one key', async () => {
    await withService({ ThrottlePerSec: 1, ThrottleVaryByHeader: 'x-forwarded-for X-Real-IP' }, async (s) => {
        const as = (xff, real) => ({ body: ACK, headers: { 'X-FORWARDED-FOR': xff, 'x-real-ip': real } });
        assert.equal((await call(s, '/api/v1/ack', as('a', '1'))).status, 200);
        assertThrottled(await call(s, '/api/v1/ack', as('a', '1')), 1);
        assert.equal((await call(s, '/api/v1/ack', as('a', '2'))).status, 200);
        assert.equal((await call(s, '/api/v1/ack', as('b', '1'))).status, 200);
    });
});
test('without ThrottleVaryByHeader, the limit is per remote address (a header cannot dodge it)', async () => {
    await withService({ ThrottlePerSec: 1 }, async (s) => {
        assert.equal((await call(s, '/api/v1/ack', { body: ACK, from: '127.0.0.1' })).status, 200);
        assertThrottled(await call(s, '/api/v1/ack', { body: ACK, from: '127.0.0.1', headers: { 'X-Forwarded-For': '198.51.100.7' } }), 1);
        // Another source address on the loopback network is another client.
        assert.equal((await call(s, '/api/v1/ack', { body: ACK, from: '127.0.0.2' })).status, 200);
        assertThrottled(await call(s, '/api/v1/ack', { body: ACK, from: '127.0.0.2' }), 1);
    });
});
test('status endpoints are never throttled', async () => {
    await withService({ ThrottlePerSec: 1 }, async (s) => {
        await call(s, '/api/v1/ack', { body: ACK });
        assertThrottled(await call(s, '/api/v1/ack', { body: ACK }), 1);
        for (const path of ['/', '/version', '/healthz', '/readyz', '/metrics', '/healthz', '/']) {
            assert.equal((await call(s, path)).status, 200, path);
        }
    });
});
test('ThrottlePerSec 0 turns throttling off', async () => {
    await withService({ ThrottlePerSec: 0 }, async (s) => {
        for (let i = 0; i < 20; i++)
            assert.equal((await call(s, '/api/v1/ack', { body: ACK })).status, 200);
    });
});
test('a burst up to ThrottlePerSec passes, the next one does not', async () => {
    await withService({ ThrottlePerSec: 5, ThrottleVaryByHeader: 'X-Forwarded-For' }, async (s) => {
        // Five at once (concurrently): all within the burst whatever the timing.
        const started = performance.now();
        const burst = await Promise.all(Array.from({ length: 5 }, () => call(s, '/api/v1/ack', { body: ACK, headers: { 'X-Forwarded-For': 'c1' } })));
        assert.deepEqual(burst.map((a) => a.status), [200, 200, 200, 200, 200]);
        // A sixth is refused unless a fifth of a second has passed since the burst began (on a
        // machine that slow, the refill is right to let it through).
        const sixth = await call(s, '/api/v1/ack', { body: ACK, headers: { 'X-Forwarded-For': 'c1' } });
        if (performance.now() - started < 200)
            assertThrottled(sixth, 5);
        else
            assert.equal(sixth.status, 200);
    });
});
//# sourceMappingURL=throttle-limits-per-client.test.js.map