// Fuzzing the HTTP surface: 1,500 mutated Mattermost bodies, random bytes, deep nesting and huge
// strings (seeded, so a failure replays). Every reply must be well-formed JSON
// {"status":"OK"|"FAIL"|"REMOVE","error"?} with an HTTP status the anchor's clients expect, no
// request may crash or hang the service, and valid-enough bodies must still be delivered.
// Replay with HERALD_FUZZ_SEED=<seed printed on failure>.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSubscription } from '../providers/webpush/webpush-payload.js';
import { startStack } from '../testing/start-stack.js';
import { ALL_TYPES, call } from './mattermost-bodies.js';
const SEED = Number(process.env.HERALD_FUZZ_SEED ?? 0x5eed_2026);
const CASES = 1500;
const CONCURRENCY = 8;
const ALLOWED_HTTP = new Set([200, 400, 413, 415, 429]);
/** mulberry32: small, fast, good enough to fuzz with, and reproducible from the seed. */
function prng(seed) {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}
class Fuzzer {
    rnd;
    devices;
    constructor(rnd, devices) {
        this.rnd = rnd;
        this.devices = devices;
    }
    int(n) {
        return Math.floor(this.rnd() * n);
    }
    chance(p) {
        return this.rnd() < p;
    }
    pick(xs) {
        return xs[this.int(xs.length)];
    }
    string(max = 40) {
        const alphabets = ['abcdefghijklmnopqrstuvwxyz0123456789', ' \t\n\r"\\/{}[]:,', 'éü€😀中文\u200b\u202e', '\ud800\udc00\udfff\ufffe\u0000\u001f'];
        let s = '';
        const len = this.int(max + 1);
        for (let i = 0; i < len; i++) {
            const a = this.pick(alphabets);
            s += a[this.int(a.length)];
        }
        return s;
    }
    value(depth = 0) {
        switch (this.int(depth > 3 ? 7 : 9)) {
            case 0:
                return null;
            case 1:
                return this.chance(0.5);
            case 2:
                return this.int(2000) - 1000;
            case 3:
                return this.pick([0, -1, 1.5, -0.0, 1e21, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, 5e-324]);
            case 4:
            case 5:
                return this.string();
            case 6:
                return this.pick(['', 'true', '1', 'null', 'apple_rn', 'voip', 'message', '{}']);
            case 7:
                return Array.from({ length: this.int(4) }, () => this.value(depth + 1));
            default:
                return Object.fromEntries(Array.from({ length: this.int(4) }, () => [this.string(8), this.value(depth + 1)]));
        }
    }
    nested(depth) {
        let v = this.string(5);
        for (let i = 0; i < depth; i++)
            v = this.chance(0.5) ? [v] : { a: v };
        return v;
    }
    validBody() {
        const d = this.pick(this.devices);
        const make = this.chance(0.1) ? call : this.pick(Object.values(ALL_TYPES));
        const platform = this.chance(0.2) ? `${d.platform}-v${this.int(5)}` : d.platform;
        return make(platform, d.token);
    }
    mutate(body) {
        const dupes = [];
        const keys = Object.keys(body);
        const rounds = this.int(4);
        for (let i = 0; i < rounds; i++) {
            const key = this.chance(0.8) ? this.pick(keys) : this.pick(['__proto__', 'constructor', 'prototype', 'toString', this.string(10)]);
            switch (this.int(8)) {
                case 0:
                    delete body[key];
                    break;
                case 1:
                    body[key] = this.value();
                    break;
                case 2:
                    body[key] = 'x'.repeat(this.int(70_000));
                    break;
                case 3:
                    body[key] = this.nested(1 + this.int(3000));
                    break;
                case 4:
                    dupes.push([key, this.value()]);
                    break;
                case 5:
                    body.platform = this.pick(['apple', 'apple_rn-v', 'apple_rn-vX', 'apple_rn-v99999999999', 'android_rn-v2-v3', 'APPLE_RN', 'webpush', ' apple_rn', this.string(12)]);
                    break;
                case 6:
                    body[key] = this.string(200);
                    break;
                default:
                    body[this.string(12)] = this.value();
            }
        }
        return { body, dupes };
    }
    /** JSON text, with duplicate keys spliced in (JSON.parse keeps the last). */
    serialize(body, dupes) {
        let text = JSON.stringify(body);
        if (dupes.length && text.endsWith('}') && text.length > 2) {
            text = text.slice(0, -1) + dupes.map(([k, v]) => `,${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join('') + '}';
        }
        return text;
    }
    corrupt(text) {
        const buf = Buffer.from(text);
        switch (this.int(4)) {
            case 0:
                return buf.subarray(0, this.int(buf.length));
            case 1: {
                for (let i = 0, n = 1 + this.int(5); i < n && buf.length; i++)
                    buf[this.int(buf.length)] = this.int(256);
                return buf;
            }
            case 2: {
                const at = this.int(buf.length + 1);
                return Buffer.concat([buf.subarray(0, at), this.bytes(1 + this.int(20)), buf.subarray(at)]);
            }
            default:
                return text.replace(/[{}[\]":,]/, this.pick(['', '{', ']', '\\', '"', ',,']));
        }
    }
    bytes(n) {
        return Buffer.from(Array.from({ length: n }, () => this.int(256)));
    }
    contentType() {
        if (this.chance(0.8))
            return 'application/json';
        return this.pick([null, 'text/plain', 'application/json; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=--x', 'text/html', '*/*', 'application/jsonx', '']);
    }
    /** One request: path, body and content type. */
    next() {
        const path = this.chance(0.1) ? '/api/v1/ack' : '/api/v1/send_push';
        const r = this.rnd();
        if (r < 0.2)
            return { path, body: this.serialize(this.validBody(), []), contentType: 'application/json', kind: 'valid' };
        if (r < 0.7) {
            const { body, dupes } = this.mutate(this.validBody());
            return { path, body: this.serialize(body, dupes), contentType: this.contentType(), kind: 'mutated' };
        }
        if (r < 0.8)
            return { path, body: this.corrupt(this.serialize(this.validBody(), [])), contentType: this.contentType(), kind: 'corrupted' };
        if (r < 0.87)
            return { path, body: this.bytes(this.int(3000)), contentType: this.contentType(), kind: 'random bytes' };
        if (r < 0.92)
            return { path, body: JSON.stringify(this.value()) ?? 'null', contentType: 'application/json', kind: 'random JSON' };
        if (r < 0.96) {
            const n = 1 + this.int(32_000);
            const open = this.chance(0.5) ? '[' : '{"a":';
            const close = open === '[' ? ']' : '}';
            return { path, body: open.repeat(n) + '1' + close.repeat(n), contentType: 'application/json', kind: 'deep nesting' };
        }
        return { path, body: this.serialize({ ...this.validBody(), message: this.string(5).repeat(20_000) }, []), contentType: 'application/json', kind: 'huge' };
    }
}
let stack;
const devices = [];
before(async () => {
    stack = await startStack();
    for (let i = 0; i < 3; i++) {
        devices.push({ platform: 'apple_rn', token: await stack.apnsDevice() });
        devices.push({ platform: 'android_rn', token: await stack.fcmDevice() });
    }
    devices.push({ platform: 'apple_rnbeta', token: await stack.apnsDevice('com.mattermost.rnbeta') });
    const { subscription } = await stack.client.subscribeWebPush();
    devices.push({ platform: 'webpush', token: encodeSubscription(subscription) });
});
after(async () => {
    await stack?.close();
});
function check(r, where) {
    assert.ok(ALLOWED_HTTP.has(r.status), `${where}: HTTP ${r.status} ${r.text.slice(0, 300)}`);
    assert.match(String(r.headers['content-type']), /^application\/json/, where);
    assert.ok(r.json !== undefined && typeof r.json === 'object' && r.json !== null && !Array.isArray(r.json), `${where}: not a JSON object: ${r.text.slice(0, 300)}`);
    const keys = Object.keys(r.json);
    assert.ok(keys.every((k) => k === 'status' || k === 'error'), `${where}: unexpected keys ${keys.join(',')}`);
    assert.ok(['OK', 'FAIL', 'REMOVE'].includes(r.json.status), `${where}: status ${String(r.json.status)}`);
    if (r.json.status === 'OK') {
        assert.equal(r.status, 200, where);
        assert.equal(r.json.error, undefined, where);
    }
    else {
        assert.equal(typeof r.json.error, 'string', where);
        assert.ok(r.json.error.length > 0, `${where}: empty error`);
    }
    if (r.json.status === 'REMOVE')
        assert.equal(r.status, 200, where);
}
test(`${CASES} fuzzed requests all get a well-formed reply (seed ${SEED})`, { timeout: 45_000 }, async () => {
    const fuzz = new Fuzzer(prng(SEED), devices);
    const cases = Array.from({ length: CASES }, (_, i) => ({ i, ...fuzz.next() }));
    const tally = new Map();
    let nextCase = 0;
    const worker = async () => {
        while (nextCase < cases.length) {
            const c = cases[nextCase++];
            const where = `case ${c.i} (${c.kind}, seed ${SEED}) ${c.path} ${String(c.contentType)} ${Buffer.from(c.body).subarray(0, 200).toString('utf8')}`;
            let r;
            try {
                const t0 = performance.now();
        r = await stack.request({ path: c.path, body: c.body, contentType: c.contentType });
        const dt = performance.now() - t0;
        if (process.env.FUZZ_SLOW && dt > 200) console.log(Math.round(dt), where.slice(0, 300), r.text.slice(0, 200));
            }
            catch (e) {
                assert.fail(`${where}: no reply: ${e.message}`);
            }
            check(r, where);
            const k = `${c.path === '/api/v1/ack' ? 'ack' : 'push'} ${r.status} ${r.json.status}`;
            tally.set(k, (tally.get(k) ?? 0) + 1);
        }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    const count = (re) => [...tally].filter(([k]) => re.test(k)).reduce((a, [, n]) => a + n, 0);
    // The fuzzer reaches every outcome, including real deliveries through the sandbox.
    assert.ok(count(/^push 200 OK$/) >= 200, JSON.stringify([...tally]));
    assert.ok(count(/ 400 FAIL$/) >= 200, JSON.stringify([...tally]));
    assert.ok(count(/ 413 FAIL$/) >= 10, JSON.stringify([...tally]));
    assert.ok(count(/ 415 FAIL$/) >= 10, JSON.stringify([...tally]));
    assert.ok(count(/^push 200 (FAIL|REMOVE)$/) >= 10, JSON.stringify([...tally]));
    // No handler blew up, and the service still answers and delivers.
    assert.deepEqual(stack.logs.records().filter((l) => l.level >= 50), []);
    assert.equal((await stack.request({ path: '/healthz' })).status, 200);
    const token = devices[0].token;
    const since = await stack.client.lastSeq();
    assert.deepEqual((await stack.sendPush(ALL_TYPES.message('apple_rn-v2', token))).json, { status: 'OK' });
    await stack.client.next(token, { after: since, timeoutMs: 5000 });
});
//# sourceMappingURL=send-push-survives-fuzzing.test.js.map