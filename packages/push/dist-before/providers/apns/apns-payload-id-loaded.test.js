// ID-loaded pushes: a generic line only; the app fetches the post itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApnsRequest } from './apns-payload.js';
import { ID_LOADED_BODY } from '../push-kinds.js';
import { ID_LOADED, pushFrom } from '../test-pushes.js';
const opts = { topic: 'com.mattermost.rnbeta', nowMs: 0 };
test('an id_loaded push is a generic alert flagged id_loaded', () => {
    const { headers, payload } = buildApnsRequest(pushFrom(ID_LOADED), opts);
    assert.deepEqual(payload.aps, {
        alert: { body: ID_LOADED_BODY },
        badge: 5,
        sound: 'default',
        category: 'CAN_REPLY',
        'mutable-content': 1,
        'content-available': 1,
        'thread-id': 'ch1',
    });
    assert.equal(payload.id_loaded, true);
    assert.equal(payload.is_id_loaded, true);
    assert.equal(payload.post_id, 'post9');
    assert.equal(payload.ack_id, 'ack4');
    assert.equal(headers['apns-push-type'], 'alert');
    assert.equal(headers['apns-priority'], '10');
});
test('no message text, channel name or sender name reaches APNs, whatever the server sent', () => {
    const push = pushFrom({
        ...ID_LOADED,
        message: 'the secret plans',
        channel_name: 'secret-channel',
        sender_name: 'secret-sender',
        override_username: 'secret-bot',
        version: 'v2',
    });
    const text = JSON.stringify(buildApnsRequest(push, opts).payload);
    for (const secret of ['the secret plans', 'secret-channel', 'secret-sender', 'secret-bot']) {
        assert.equal(text.includes(secret), false, secret);
    }
});
//# sourceMappingURL=apns-payload-id-loaded.test.js.map