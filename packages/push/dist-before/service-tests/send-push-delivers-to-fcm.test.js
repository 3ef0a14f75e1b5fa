// The bodies a Mattermost server sends reach the FCM stand-in as the Android app expects them:
// OAuth from the service account, a data-only message, android.priority high, every value a string.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../testing/start-stack.js';
import { call, clear, crtReply, idLoaded, message, session, SIGNATURE, testPush, updateBadge } from './mattermost-bodies.js';
let stack;
before(async () => {
    stack = await startStack();
});
after(async () => {
    await stack?.close();
});
async function deliver(body, token) {
    const since = await stack.client.lastSeq();
    const r = await stack.sendPush(body);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { status: 'OK' });
    const d = await stack.client.next(token, { after: since, timeoutMs: 5000 });
    const msg = d.payload;
    assert.equal(d.service, 'fcm');
    assert.equal(msg.token, token);
    assert.deepEqual(msg.android, { priority: 'high' });
    assert.equal(msg.notification, undefined, 'data-only: the app draws the notification itself');
    for (const [k, v] of Object.entries(msg.data))
        assert.equal(typeof v, 'string', `data.${k}`);
    assert.equal(d.headers.authorization, 'Bearer <redacted>');
    return { d, msg };
}
test('message v2: the full data set, badge as a string', async () => {
    const token = await stack.fcmDevice();
    const { msg } = await deliver(message('android_rn-v2', token), token);
    assert.deepEqual(msg.data, {
        ack_id: 'a1b2c3d4e5f6g7h8i9j0k1l2m3',
        type: 'message',
        sub_type: '',
        version: 'v2',
        channel_id: 'ch4e8yb9xjnszgbb8k6kp8z7wy',
        is_crt_enabled: 'false',
        server_id: 'ws1qpxh8p7rwbgqzb5nqchsq3e',
        category: 'CAN_REPLY',
        signature: SIGNATURE,
        badge: '3',
        team_id: 'tmk7b1gq3fbhjx1y7cd8qxqpzr',
        sender_id: 'us3r1d4f8h7g6j5k4l3m2n1b0v',
        sender_name: '@frank',
        message: '@frank: Lunch at noon?',
        channel_name: 'Town Square',
        post_id: 'p9x8w7v6u5t4s3r2q1p0o9n8m7',
        override_username: '',
        override_icon_url: '',
        from_webhook: '',
    });
});
test('CRT reply carries root_id and is_crt_enabled "true"', async () => {
    const token = await stack.fcmDevice();
    const { msg } = await deliver(crtReply('android_rn-v2', token), token);
    assert.equal(msg.data.root_id, 'r00tp0st1d9x8w7v6u5t4s3r2q');
    assert.equal(msg.data.is_crt_enabled, 'true');
});
test('clear, update_badge and test: routing keys and badge, no message text', async () => {
    const token = await stack.fcmDevice();
    for (const [make, type, badge] of [
        [clear, 'clear', '2'],
        [updateBadge, 'update_badge', '5'],
        [testPush, 'test', undefined],
    ]) {
        const { msg } = await deliver(make('android_rn-v2', token), token);
        assert.equal(msg.data.type, type);
        assert.equal(msg.data.badge, badge, type);
        assert.equal('message' in msg.data, false, type);
        assert.equal('sender_name' in msg.data, false, type);
    }
});
test('session: the expiry text as message', async () => {
    const token = await stack.fcmDevice();
    const { msg } = await deliver(session('android_rn-v2', token), token);
    assert.equal(msg.data.type, 'session');
    assert.equal(msg.data.message, 'Session Expired: Please log in to continue receiving notifications.');
});
test('id_loaded: generic message, "Someone", id_loaded flags, and no channel name', async () => {
    const token = await stack.fcmDevice();
    const { msg } = await deliver(idLoaded('android_rn-v2', token), token);
    assert.equal(msg.data.id_loaded, 'true');
    assert.equal(msg.data.message, "You've received a new message.");
    assert.equal(msg.data.sender_name, 'Someone');
    assert.equal(msg.data.post_id, 'p9x8w7v6u5t4s3r2q1p0o9n8m7');
    assert.equal('channel_name' in msg.data, false);
});
test('calls: sub_type calls in an ordinary high-priority data message (Android has no VoIP transport)', async () => {
    const token = await stack.fcmDevice();
    const { msg } = await deliver(call('android_rn-v2', token), token);
    assert.equal(msg.data.sub_type, 'calls');
    assert.equal(msg.data.type, 'message');
    assert.equal(msg.data.message, '@frank is inviting you to a call');
});
test('the OAuth access token is fetched once and reused across sends', async () => {
    const token = await stack.fcmDevice();
    for (let i = 0; i < 5; i++)
        await deliver(updateBadge('android_rn', token), token);
    const exchanges = stack.requests.filter((r) => r.service === 'oauth');
    assert.equal(exchanges.length, 1, JSON.stringify(exchanges));
    assert.equal(exchanges[0]?.status, 200);
});
//# sourceMappingURL=send-push-delivers-to-fcm.test.js.map