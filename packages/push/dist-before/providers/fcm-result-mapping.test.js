// FCM v1 replies -> OK / REMOVE (UNREGISTERED, SENDER_ID_MISMATCH) / FAIL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractFcmErrorCode, mapFcmResult } from './result-mapping.js';
const NOW = Date.parse('2026-01-01T00:00:00Z');
test('200 is OK', () => {
    assert.deepEqual(mapFcmResult({ status: 200 }), { status: 'OK' });
});
test('UNREGISTERED and SENDER_ID_MISMATCH are REMOVE', () => {
    assert.deepEqual(mapFcmResult({ status: 404, reason: 'UNREGISTERED' }), {
        status: 'REMOVE',
        error: 'FCM rejected the push: 404 UNREGISTERED',
        reason: 'UNREGISTERED',
    });
    assert.equal(mapFcmResult({ status: 403, reason: 'SENDER_ID_MISMATCH' }).status, 'REMOVE');
});
test('404 without UNREGISTERED (e.g. a wrong project id) is not a dead token', () => {
    assert.equal(mapFcmResult({ status: 404, reason: 'NOT_FOUND' }).status, 'FAIL');
    assert.equal(mapFcmResult({ status: 404 }).status, 'FAIL');
});
test('quota, unavailable and internal errors are retryable, with Retry-After seconds or date', () => {
    const quota = mapFcmResult({ status: 429, reason: 'QUOTA_EXCEEDED', retryAfter: '10' }, NOW);
    assert.deepEqual(quota, {
        status: 'FAIL',
        error: 'FCM rejected the push: 429 QUOTA_EXCEEDED',
        retryable: true,
        reason: 'QUOTA_EXCEEDED',
        retryAfterMs: 10_000,
    });
    const unavailable = mapFcmResult({ status: 503, reason: 'UNAVAILABLE', retryAfter: 'Thu, 01 Jan 2026 00:00:30 GMT' }, NOW);
    assert.equal(unavailable.status === 'FAIL' && unavailable.retryAfterMs, 30_000);
    for (const [status, reason] of [
        [500, 'INTERNAL'],
        [503, undefined],
        [500, undefined],
        [429, undefined],
        [502, undefined],
        [400, 'QUOTA_EXCEEDED'], // the error code alone is enough
    ]) {
        const r = mapFcmResult({ status, reason });
        assert.equal(r.status === 'FAIL' && r.retryable, true, `${status} ${reason}`);
    }
});
test('an expired OAuth token (401) is retryable after refreshing it; THIRD_PARTY_AUTH_ERROR is not', () => {
    const r = mapFcmResult({ status: 401, reason: 'UNAUTHENTICATED' });
    assert.equal(r.status === 'FAIL' && r.retryable && r.refreshAuth, true);
    const apnsCert = mapFcmResult({ status: 401, reason: 'THIRD_PARTY_AUTH_ERROR' });
    assert.equal(apnsCert.status === 'FAIL' && apnsCert.retryable, false);
});
test('INVALID_ARGUMENT and other errors are non-retryable FAIL', () => {
    for (const [status, reason] of [
        [400, 'INVALID_ARGUMENT'],
        [403, 'PERMISSION_DENIED'],
        [400, undefined],
    ]) {
        const r = mapFcmResult({ status, reason });
        assert.equal(r.status, 'FAIL');
        assert.equal(r.status === 'FAIL' && r.retryable, false);
    }
});
test('extractFcmErrorCode reads the FcmError detail, else the status', () => {
    const unregistered = {
        error: {
            code: 404,
            message: 'Requested entity was not found.',
            status: 'NOT_FOUND',
            details: [
                { '@type': 'type.googleapis.com/google.rpc.BadRequest' },
                { '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: 'UNREGISTERED' },
            ],
        },
    };
    assert.equal(extractFcmErrorCode(unregistered), 'UNREGISTERED');
    assert.equal(extractFcmErrorCode({ error: { code: 401, status: 'UNAUTHENTICATED' } }), 'UNAUTHENTICATED');
    for (const junk of [null, undefined, 'x', [], {}, { error: 'x' }, { error: { details: 'x' } }, { error: { details: [null, 5] } }]) {
        assert.equal(extractFcmErrorCode(junk), undefined);
    }
});
//# sourceMappingURL=fcm-result-mapping.test.js.map