// Call pushes over PushKit: <topic>.voip, push type voip, priority 10, a minimal payload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApnsRequest } from './apns-payload.js';
import { CALL_VOIP, pushFrom } from '../test-pushes.js';
const NOW = 1_700_000_000_000;
const opts = { topic: 'com.mattermost.rnbeta', nowMs: NOW };
test('a calls push with transport voip goes to the .voip topic with a routing-only payload', () => {
    const { headers, payload } = buildApnsRequest(pushFrom(CALL_VOIP), opts);
    assert.deepEqual(headers, {
        'apns-topic': 'com.mattermost.rnbeta.voip',
        'apns-push-type': 'voip',
        'apns-priority': '10',
        'apns-expiration': String(NOW / 1000 + 30),
    });
    assert.deepEqual(payload, {
        aps: { 'content-available': 1 },
        type: 'message',
        sub_type: 'calls',
        server_id: 'srv',
        channel_id: 'ch1',
        post_id: 'post2',
        thread_id: 'root2',
        sender_id: 'user1',
        id_loaded: false,
        signature: 'NO_SIGNATURE',
        sender_name: 'frank',
        channel_name: 'frank',
        ack_id: 'ack5',
    });
    assert.equal('alert' in payload.aps, false);
    assert.equal(JSON.stringify(payload).includes('is calling you'), false);
});
test('an id_loaded call carries no names', () => {
    const { payload } = buildApnsRequest(pushFrom({ ...CALL_VOIP, is_id_loaded: true }), opts);
    assert.equal(payload.id_loaded, true);
    assert.equal('sender_name' in payload, false);
    assert.equal('channel_name' in payload, false);
});
test('a topic already ending in .voip is not doubled; the ring TTL is configurable', () => {
    const { headers } = buildApnsRequest(pushFrom(CALL_VOIP), { topic: 'com.x.voip', nowMs: NOW, voipTtlSec: 0 });
    assert.equal(headers['apns-topic'], 'com.x.voip');
    assert.equal(headers['apns-expiration'], String(NOW / 1000));
});
test('a calls push without the voip transport is an ordinary alert', () => {
    const { headers, payload } = buildApnsRequest(pushFrom({ ...CALL_VOIP, transport: undefined }), opts);
    assert.equal(headers['apns-topic'], 'com.mattermost.rnbeta');
    assert.equal(headers['apns-push-type'], 'alert');
    assert.equal(payload.sub_type, 'calls');
});
//# sourceMappingURL=apns-payload-voip.test.js.map