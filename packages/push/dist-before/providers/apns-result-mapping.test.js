// APNs replies -> OK / REMOVE (dead tokens only) / FAIL (retryable when transient).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mapApnsResult } from './result-mapping.js';
test('200 is OK', () => {
    assert.deepEqual(mapApnsResult({ status: 200 }), { status: 'OK' });
});
test('the four dead-token reasons are REMOVE', () => {
    for (const [status, reason] of [
        [400, 'BadDeviceToken'],
        [410, 'Unregistered'],
        [400, 'DeviceTokenNotForTopic'],
        [400, 'MissingDeviceToken'],
    ]) {
        const r = mapApnsResult({ status, reason });
        assert.equal(r.status, 'REMOVE', reason);
        assert.equal(r.status === 'REMOVE' && r.reason, reason);
        assert.match(r.status === 'REMOVE' ? r.error : '', new RegExp(`${status} ${reason}`));
    }
});
test('a dead-token reason with an unexpected status is not trusted for REMOVE', () => {
    assert.equal(mapApnsResult({ status: 500, reason: 'Unregistered' }).status, 'FAIL');
    assert.equal(mapApnsResult({ status: 410 }).status, 'FAIL');
    assert.equal(mapApnsResult({ status: 410, reason: 'ExpiredToken' }).status, 'FAIL');
});
test('429, 500 and 503 are retryable, honouring Retry-After', () => {
    assert.deepEqual(mapApnsResult({ status: 429, reason: 'TooManyRequests', retryAfter: '3' }), {
        status: 'FAIL',
        error: 'APNs rejected the push: 429 TooManyRequests',
        retryable: true,
        reason: 'TooManyRequests',
        retryAfterMs: 3000,
    });
    assert.deepEqual(mapApnsResult({ status: 500, reason: 'InternalServerError' }), {
        status: 'FAIL',
        error: 'APNs rejected the push: 500 InternalServerError',
        retryable: true,
        reason: 'InternalServerError',
    });
    const shutdown = mapApnsResult({ status: 503, reason: 'Shutdown' });
    assert.equal(shutdown.status === 'FAIL' && shutdown.retryable, true);
});
test('an expired provider token is retryable after refreshing the JWT', () => {
    const r = mapApnsResult({ status: 403, reason: 'ExpiredProviderToken' });
    assert.deepEqual(r, {
        status: 'FAIL',
        error: 'APNs rejected the push: 403 ExpiredProviderToken',
        retryable: true,
        reason: 'ExpiredProviderToken',
        refreshAuth: true,
    });
});
test('everything else is a non-retryable FAIL', () => {
    for (const [status, reason] of [
        [400, 'BadTopic'],
        [400, 'PayloadEmpty'],
        [400, 'TopicDisallowed'],
        [403, 'InvalidProviderToken'],
        [403, 'BadCertificate'],
        [405, 'MethodNotAllowed'],
        [413, 'PayloadTooLarge'],
        [404, 'BadPath'],
    ]) {
        const r = mapApnsResult({ status, reason });
        assert.equal(r.status, 'FAIL', reason);
        assert.equal(r.status === 'FAIL' && r.retryable, false, reason);
        assert.equal(r.status === 'FAIL' && r.retryAfterMs, undefined, reason);
    }
});
//# sourceMappingURL=apns-result-mapping.test.js.map