// clear, update_badge and test pushes are silent: no alert, no sound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApnsRequest } from './apns-payload.js';
import { CLEAR, TEST, UPDATE_BADGE, pushFrom } from '../test-pushes.js';
const opts = { topic: 'com.mattermost.rnbeta', nowMs: 0 };
test('clear: content-available with the new badge, no alert, no sound', () => {
    const { headers, payload } = buildApnsRequest(pushFrom(CLEAR), opts);
    assert.deepEqual(payload.aps, { badge: 1, 'content-available': 1, 'thread-id': 'ch1' });
    assert.equal(payload.type, 'clear');
    assert.equal(payload.channel_id, 'ch1');
    assert.equal('version' in payload, false);
    // A badge is user-visible, so Apple wants push type "alert" for it (as the anchor sends).
    assert.equal(headers['apns-push-type'], 'alert');
    assert.equal(headers['apns-priority'], '10');
});
test('clear with badge 0 sends 1 to apps above version 1 (iOS would wipe every notification at 0), like the anchor', () => {
    assert.equal(buildApnsRequest(pushFrom({ ...CLEAR, badge: 0 }), opts).payload.aps.badge, 1);
    assert.equal(buildApnsRequest(pushFrom({ ...CLEAR, badge: 0, platform: 'apple_rn' }), opts).payload.aps.badge, 0);
    assert.equal(buildApnsRequest(pushFrom({ ...UPDATE_BADGE, badge: 0 }), opts).payload.aps.badge, 0);
});
test('clear without a badge is a pure background push: push type background, priority 5', () => {
    const { headers, payload } = buildApnsRequest(pushFrom({ ...CLEAR, badge: -1 }), opts);
    assert.deepEqual(payload.aps, { 'content-available': 1, 'thread-id': 'ch1' });
    assert.equal(headers['apns-push-type'], 'background');
    assert.equal(headers['apns-priority'], '5');
});
test('update_badge: the badge, content-available as the server asks, no sound even though it says "none"', () => {
    const { payload } = buildApnsRequest(pushFrom(UPDATE_BADGE), opts);
    assert.deepEqual(payload.aps, { badge: 4, 'content-available': 1 });
    assert.equal(payload.type, 'update_badge');
    assert.equal(payload.ack_id, 'ack3');
    const noFlag = buildApnsRequest(pushFrom({ ...UPDATE_BADGE, cont_ava: 0 }), opts).payload;
    assert.deepEqual(noFlag.aps, { badge: 4 });
});
test('test push: silent, with whatever badge the server sent', () => {
    const { payload } = buildApnsRequest(pushFrom(TEST), opts);
    assert.deepEqual(payload.aps, { badge: 0, 'content-available': 1 });
    assert.equal(payload.type, 'test');
    assert.equal(payload.signature, 'NO_SIGNATURE');
    const { headers } = buildApnsRequest(pushFrom({ type: 'test' }), opts);
    assert.equal(headers['apns-push-type'], 'background');
    assert.equal(headers['apns-priority'], '5');
});
test('silent pushes carry no message text even if the server sent some', () => {
    for (const body of [CLEAR, UPDATE_BADGE, TEST]) {
        const { payload } = buildApnsRequest(pushFrom({ ...body, message: 'SECRET', channel_name: 'SECRET-CH' }), opts);
        assert.equal(JSON.stringify(payload).includes('SECRET'), false, body.type);
        assert.equal('alert' in payload.aps, false);
        assert.equal('sound' in payload.aps, false);
    }
});
test('an unknown push type is treated as silent', () => {
    const { payload } = buildApnsRequest(pushFrom({ type: 'future_kind', message: 'x' }), opts);
    assert.equal('alert' in payload.aps, false);
    assert.equal(payload.type, 'future_kind');
});
//# sourceMappingURL=apns-payload-silent.test.js.map