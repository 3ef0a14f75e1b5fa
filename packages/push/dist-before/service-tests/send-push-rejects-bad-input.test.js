// Bad requests get a FAIL JSON reply naming the problem (400, 413 or 415), never a 500 and never
// a dropped connection; each is counted in service_bad_request_total.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { connect } from 'node:net';
import { startStack } from '../testing/start-stack.js';
import { message } from './mattermost-bodies.js';
let stack;
let token;
before(async () => {
    stack = await startStack();
    token = await stack.apnsDevice();
});
after(async () => {
    await stack?.close();
});
function assertFail(r, status, error) {
    assert.equal(r.status, status, r.text);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.equal(r.json?.status, 'FAIL', r.text);
    assert.match(r.json.error, error);
    assert.deepEqual(Object.keys(r.json).sort(), ['error', 'status']);
}
async function badRequests() {
    const m = /^service_bad_request_total (\d+)/m.exec(await stack.service.metrics.text());
    return Number(m?.[1] ?? 0);
}
const send = (body, contentType) => stack.request({ path: '/api/v1/send_push', body, ...(contentType !== undefined ? { contentType } : {}) });
test('the valid body is accepted (control)', async () => {
    assert.deepEqual((await stack.sendPush(message('apple_rn-v2', token))).json, { status: 'OK' });
});
test('invalid JSON -> 400 naming the body', async () => {
    for (const raw of ['{', '{"platform":"apple_rn",}', 'nul', '{"a":1}{"b":2}', '\u0000\u00ff', '{"platform":"apple_rn" "server_id":"x"}']) {
        assertFail(await send(raw), 400, /^body: not valid JSON/);
    }
});
test('empty body and non-object JSON -> 400 naming the body', async () => {
    assertFail(await send(''), 400, /^body: empty/);
    assertFail(await send('[]'), 400, /^body: expected a JSON object, got array/);
    assertFail(await send('null'), 400, /^body: expected a JSON object, got null/);
    assertFail(await send('"text"'), 400, /^body: expected a JSON object, got string/);
    assertFail(await send('42'), 400, /^body: expected a JSON object, got number/);
});
test('a form (wrong content type) -> 415 naming the content type', async () => {
    const form = new URLSearchParams({ platform: 'apple_rn', server_id: 's', device_id: token }).toString();
    assertFail(await send(form, 'application/x-www-form-urlencoded'), 415, /^content-type: /);
    assertFail(await send(form, 'multipart/form-data; boundary=x'), 415, /^content-type: /);
});
test('JSON without a content type, or as text/plain, is accepted as the anchor does', async () => {
    assert.deepEqual((await send(message('apple_rn-v2', token), null)).json, { status: 'OK' });
    assert.deepEqual((await send(message('apple_rn-v2', token), 'text/plain; charset=utf-8')).json, { status: 'OK' });
    assert.deepEqual((await send(message('apple_rn-v2', token), 'application/json; charset=utf-8')).json, { status: 'OK' });
});
test('a body over 64 KiB -> 413, with content-length or chunked, and the service still answers', async () => {
    const big = JSON.stringify(message('apple_rn', token, { message: 'x'.repeat(70 * 1024) }));
    assertFail(await send(big), 413, /^body: larger than 65536 bytes/);
    assertFail(await stack.request({ path: '/api/v1/send_push', body: big, chunked: true }), 413, /^body: larger than 65536 bytes/);
    // Streamed in small pieces, as a proxy or a slow client sends it: still a 413 reply, not a reset.
    const streamed = await new Promise((resolve, reject) => {
        const req = request(new URL('/api/v1/send_push', stack.url), { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
            let text = '';
            res.on('data', (c) => (text += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        let sent = 0;
        const next = () => {
            if (sent >= 100 * 1024)
                return void req.end();
            sent += 4096;
            req.write(Buffer.alloc(4096, 0x20), next);
        };
        next();
    });
    assert.equal(streamed.status, 413, streamed.text);
    assert.match(streamed.text, /"status":"FAIL"/);
    // Just under the limit is fine (the message is truncated to 2046 characters).
    const under = JSON.stringify(message('apple_rn', token, { message: 'x'.repeat(60 * 1024) }));
    assert.deepEqual((await send(under)).json, { status: 'OK' });
});
test('missing server_id, device_id or platform -> 400 naming each', async () => {
    const full = message('apple_rn', token);
    for (const field of ['server_id', 'device_id', 'platform']) {
        const body = { ...full };
        delete body[field];
        assertFail(await send(body), 400, new RegExp(`^${field}: missing \\(required\\)$`));
        assertFail(await send({ ...full, [field]: '' }), 400, new RegExp(`^${field}: missing`));
    }
    const r = await send({ type: 'message' });
    assertFail(r, 400, /server_id: missing/);
    assert.match(r.json.error, /device_id: missing/);
    assert.match(r.json.error, /platform: missing/);
});
test('mistyped fields -> 400 naming the field and what was expected', async () => {
    const full = message('apple_rn', token);
    const cases = [
        ['badge', '3', /^badge: expected an integer, got string$/],
        ['badge', 1.5, /^badge: expected an integer, got number 1.5$/],
        ['cont_ava', true, /^cont_ava: expected an integer, got boolean$/],
        ['is_crt_enabled', 'true', /^is_crt_enabled: expected a boolean, got string$/],
        ['is_id_loaded', 1, /^is_id_loaded: expected a boolean, got number$/],
        ['message', 42, /^message: expected a string, got number$/],
        ['device_id', ['a'], /^device_id: expected a string, got array$/],
        ['server_id', { id: 1 }, /^server_id: expected a string, got object$/],
        ['platform', 7, /^platform: expected a string, got number$/],
    ];
    for (const [field, value, error] of cases)
        assertFail(await send({ ...full, [field]: value }), 400, error);
});
test('an unknown platform -> 400 naming the platform; a known but unconfigured one likewise', async () => {
    assertFail(await send({ ...message('apple_rn', token), platform: 'blackberry' }), 400, /^platform: unknown platform "blackberry"/);
    assertFail(await send({ ...message('apple_rn', token), platform: 'android' }), 400, /^platform: no push settings for app type "android"/);
});
test('unknown fields and JSON null are ignored as the anchor does', async () => {
    const r = await send({ ...message('apple_rn', token), brand_new_field: { x: [1] }, badge: null, sender_name: null });
    assert.deepEqual(r.json, { status: 'OK' });
});
test('wrong method, unknown path, bad ack -> JSON errors, never 500', async () => {
    const get = await stack.request({ path: '/api/v1/send_push', method: 'GET' });
    assertFail(get, 405, /POST/);
    assertFail(await stack.request({ path: '/api/v1/nope', method: 'POST', body: {} }), 404, /^path: /);
    assertFail(await stack.request({ path: '/api/v1/ack', body: '{' }), 400, /^body: not valid JSON/);
});
test('a malformed HTTP request gets a 400 and the service keeps serving', async () => {
    const url = new URL(stack.url);
    const answer = await new Promise((resolve, reject) => {
        const s = connect(Number(url.port), url.hostname, () => s.write('POST /api/v1/send_push HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}'));
        let data = '';
        s.on('data', (c) => (data += c.toString()));
        s.on('end', () => resolve(data));
        s.on('error', reject);
    });
    assert.match(answer, /^HTTP\/1\.1 400/);
    assert.match(answer, /"status":"FAIL"/);
    assert.deepEqual((await stack.sendPush(message('apple_rn-v2', token))).json, { status: 'OK' });
});
test('bad requests are counted in service_bad_request_total', async () => {
    const before = await badRequests();
    await send('{');
    await send({ platform: 'apple_rn' });
    await send('x=1', 'application/x-www-form-urlencoded');
    assert.equal(await badRequests(), before + 3);
});
//# sourceMappingURL=send-push-rejects-bad-input.test.js.map