// Web Push (RFC 8030) replies: 2xx OK, 404/410 REMOVE, transient statuses retryable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapTransportError, mapWebPushResult, parseRetryAfter } from './result-mapping.js';
test('2xx is OK', () => {
    for (const status of [200, 201, 202])
        assert.deepEqual(mapWebPushResult({ status }), { status: 'OK' });
});
test('404 and 410 mean the subscription is gone: REMOVE', () => {
    for (const status of [404, 410]) {
        assert.deepEqual(mapWebPushResult({ status }), {
            status: 'REMOVE',
            error: `Web Push rejected the push: ${status}`,
            reason: String(status),
        });
    }
});
test('429, 500, 502, 503, 504 are retryable, honouring Retry-After', () => {
    const r = mapWebPushResult({ status: 429, retryAfter: '120' });
    assert.deepEqual(r, { status: 'FAIL', error: 'Web Push rejected the push: 429', retryable: true, reason: '429', retryAfterMs: 120_000 });
    for (const status of [500, 502, 503, 504]) {
        const x = mapWebPushResult({ status });
        assert.equal(x.status === 'FAIL' && x.retryable, true, String(status));
    }
});
test('other errors (bad VAPID, payload too large, bad request) are non-retryable FAIL', () => {
    for (const status of [400, 401, 403, 413]) {
        const x = mapWebPushResult({ status, retryAfter: '5' });
        assert.equal(x.status === 'FAIL' && x.retryable, false, String(status));
        assert.equal(x.status === 'FAIL' && x.retryAfterMs, undefined);
    }
});
test('transport errors are retryable FAILs, never REMOVE', () => {
    const err = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    assert.deepEqual(mapTransportError('APNs', err), {
        status: 'FAIL',
        error: 'APNs transport error: ECONNRESET (socket hang up)',
        retryable: true,
        reason: 'RequestError',
    });
    assert.equal(mapTransportError('FCM', 'weird').error, 'FCM transport error: weird');
    assert.equal(mapTransportError('FCM', null).retryable, true);
});
test('parseRetryAfter: delta-seconds, HTTP-date, junk', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter(' 7 ', now), 7000);
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:01:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now), 0);
    for (const junk of [undefined, null, '', '-1', '1.5', 'soon', '12abc'])
        assert.equal(parseRetryAfter(junk, now), undefined, String(junk));
});
//# sourceMappingURL=webpush-result-mapping.test.js.map