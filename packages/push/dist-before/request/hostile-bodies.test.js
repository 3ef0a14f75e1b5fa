// Whatever arrives, parsing answers with a result, never a throw, never a polluted prototype.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAckRequest } from './ack-request.js';
import { parsePushRequest } from './push-request.js';
const BASE = { platform: 'apple', server_id: 's', device_id: 'd' };
test('non-object bodies are rejected with their type', () => {
    const cases = [
        [null, 'null'],
        [undefined, 'undefined'],
        [[], 'array'],
        [[BASE], 'array'],
        ['{"platform":"apple"}', 'string'],
        [42, 'number'],
        [true, 'boolean'],
    ];
    for (const [body, type] of cases) {
        const r = parsePushRequest(body);
        assert.deepEqual(r, { ok: false, error: `body: expected a JSON object, got ${type}` });
        assert.deepEqual(parseAckRequest(body), { ok: false, error: `body: expected a JSON object, got ${type}` });
    }
});
test('nested garbage in any field is a typed error', () => {
    const garbage = { a: [1, { b: [null, { c: 'd' }] }] };
    for (const field of ['platform', 'server_id', 'device_id', 'message', 'badge', 'is_id_loaded', 'signature']) {
        const r = parsePushRequest({ ...BASE, [field]: garbage });
        assert.equal(r.ok, false, field);
        if (!r.ok)
            assert.match(r.error, new RegExp(`^${field}: expected .*, got object$`));
    }
});
test('__proto__, constructor and prototype keys neither pollute nor leak', () => {
    const body = JSON.parse('{"platform":"apple","server_id":"s","device_id":"d","__proto__":{"polluted":"yes","badge":5},"constructor":{"prototype":{"polluted":"yes"}}}');
    const r = parsePushRequest(body);
    assert.ok(r.ok);
    assert.equal(r.push.badge, undefined);
    assert.equal({}.polluted, undefined);
    assert.equal(Object.getPrototypeOf(r.push), Object.prototype);
    assert.equal(Object.keys(r.push).includes('__proto__'), false);
});
test('required fields are read only from the body itself, not its prototype', () => {
    const inherited = Object.create({ platform: 'apple', server_id: 's', device_id: 'd' });
    const r = parsePushRequest(inherited);
    assert.equal(r.ok, false);
});
test('a field named like an Object.prototype member does not confuse the reader', () => {
    const r = parsePushRequest({ ...BASE, toString: 'x', hasOwnProperty: 1, valueOf: null });
    assert.ok(r.ok);
});
test('huge strings are accepted and truncated, and huge ids pass through untouched', () => {
    const big = 'x'.repeat(1_000_000);
    const r = parsePushRequest({ ...BASE, message: big, channel_name: big, device_id: big });
    assert.ok(r.ok);
    assert.equal(r.push.message?.length, 2046);
    assert.equal(r.push.channelName?.length, 64);
    assert.equal(r.push.deviceId.length, 1_000_000);
});
test('a huge unknown platform is echoed only in part', () => {
    const r = parsePushRequest({ ...BASE, platform: 'p'.repeat(10_000) });
    assert.ok(!r.ok);
    assert.ok(r.error.length < 300, r.error);
});
test('control characters in an unknown platform are escaped in the error', () => {
    const r = parsePushRequest({ ...BASE, platform: 'a\nb\u0000' });
    assert.ok(!r.ok);
    assert.equal(r.error.includes('\n'), false);
});
test('special numbers are rejected where integers belong', () => {
    for (const badge of [Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60, -0.5]) {
        assert.equal(parsePushRequest({ ...BASE, badge }).ok, false, String(badge));
    }
    assert.equal(parsePushRequest({ ...BASE, badge: -1 }).ok, true);
});
test('random mutated bodies always yield a well-formed result', () => {
    // A small deterministic fuzz: the HTTP-level fuzz lives with the server.
    let seed = 12345;
    const rnd = (n) => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed % n;
    };
    const values = [null, true, 0, -1, 1.5, '', 'x', [], {}, [1, 'a'], { a: {} }, 'apple_rn-v2', 2 ** 53];
    const fields = ['platform', 'server_id', 'device_id', 'badge', 'message', 'type', 'is_id_loaded', '__proto__', 'received_at', 'id'];
    for (let i = 0; i < 2000; i++) {
        const body = rnd(3) === 0 ? {} : { ...BASE };
        for (let k = rnd(5); k > 0; k--)
            body[fields[rnd(fields.length)]] = values[rnd(values.length)];
        for (const r of [parsePushRequest(body), parseAckRequest(body)]) {
            assert.equal(typeof r.ok, 'boolean');
            if (!r.ok)
                assert.ok(typeof r.error === 'string' && r.error.length > 0);
        }
    }
});
//# sourceMappingURL=hostile-bodies.test.js.map