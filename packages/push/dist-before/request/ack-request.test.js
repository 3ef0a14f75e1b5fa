// parseAckRequest: id, platform and type required; received_at a number;
// post_id and is_id_loaded optional.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAckRequest } from './ack-request.js';
const ACK = { id: 'ack1', platform: 'android_rn', type: 'message' };
test('a full ack from the app parses', () => {
    assert.deepEqual(parseAckRequest({ ...ACK, received_at: 1700000000123, post_id: 'p1', is_id_loaded: true }), {
        ok: true,
        ack: { id: 'ack1', platform: 'android_rn', type: 'message', receivedAt: 1700000000123, postId: 'p1', isIdLoaded: true },
    });
});
test('optional fields may be absent', () => {
    assert.deepEqual(parseAckRequest(ACK), { ok: true, ack: ACK });
});
test('id, platform and type are required and named when missing', () => {
    assert.deepEqual(parseAckRequest({ ...ACK, id: '' }), { ok: false, error: 'id: missing (required)' });
    assert.deepEqual(parseAckRequest({ platform: 'x' }), { ok: false, error: 'id: missing (required); type: missing (required)' });
});
test('mistyped fields are named', () => {
    assert.deepEqual(parseAckRequest({ ...ACK, received_at: '2024-01-01' }), {
        ok: false,
        error: 'received_at: expected a number, got string',
    });
    assert.deepEqual(parseAckRequest({ ...ACK, received_at: -5 }), {
        ok: false,
        error: 'received_at: expected a non-negative timestamp, got -5',
    });
    assert.deepEqual(parseAckRequest({ ...ACK, id: 7, is_id_loaded: 'yes' }), {
        ok: false,
        error: 'id: expected a string, got number; is_id_loaded: expected a boolean, got string',
    });
});
//# sourceMappingURL=ack-request.test.js.map