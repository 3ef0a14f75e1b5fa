// platform "webpush": device_id is base64url(PushSubscription JSON); the push is VAPID-signed,
// aes128gcm-encrypted, and the service worker decrypts the same string keys Android gets.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSubscription } from '../providers/webpush/webpush-payload.js';
import { startStack } from '../testing/start-stack.js';
import { clear, idLoaded, message, session } from './mattermost-bodies.js';
let stack;
before(async () => {
    stack = await startStack();
});
after(async () => {
    await stack?.close();
});
async function subscribe() {
    const { id, subscription } = await stack.client.subscribeWebPush({ applicationServerKey: stack.sandbox.credentials.vapid.publicKey });
    return { id, deviceId: encodeSubscription(subscription) };
}
test('message: 201 from the push service, decrypted JSON with the message keys, VAPID and urgency high', async () => {
    const { id, deviceId } = await subscribe();
    const since = await stack.client.lastSeq();
    const r = await stack.sendPush(message('webpush', deviceId));
    assert.deepEqual(r.json, { status: 'OK' });
    const d = await stack.client.next(id, { after: since, timeoutMs: 5000 });
    assert.equal(d.service, 'webpush');
    assert.equal(d.headers['content-encoding'], 'aes128gcm');
    assert.equal(d.headers.authorization, 'vapid <redacted>');
    assert.equal(d.headers.urgency, 'high');
    assert.equal(d.headers.ttl, String(24 * 3600));
    const p = d.payload;
    assert.equal(p.type, 'message');
    assert.equal(p.message, '@frank: Lunch at noon?');
    assert.equal(p.channel_name, 'Town Square');
    assert.equal(p.ack_id, 'a1b2c3d4e5f6g7h8i9j0k1l2m3');
    assert.equal(p.badge, '3');
    for (const [k, v] of Object.entries(p))
        assert.equal(typeof v, 'string', k);
});
test('clear and session arrive with their types; id_loaded carries no content', async () => {
    const { id, deviceId } = await subscribe();
    for (const [make, check] of [
        [clear, (p) => assert.equal(p.type, 'clear')],
        [session, (p) => assert.equal(p.type, 'session')],
        [
            idLoaded,
            (p) => {
                assert.equal(p.id_loaded, 'true');
                assert.equal(p.message, "You've received a new message.");
            },
        ],
    ]) {
        const since = await stack.client.lastSeq();
        const r = await stack.sendPush(make('webpush', deviceId));
        assert.deepEqual(r.json, { status: 'OK' });
        check((await stack.client.next(id, { after: since, timeoutMs: 5000 })).payload);
    }
});
test('a device_id that is not an encoded subscription is a FAIL naming device_id, never a REMOVE', async () => {
    for (const bad of ['not-base64-json', Buffer.from('{"endpoint":"http://x/"}').toString('base64url'), Buffer.from('[]').toString('base64url')]) {
        const r = await stack.sendPush(message('webpush', bad));
        assert.equal(r.json.status, 'FAIL', bad);
        assert.match(r.json.error, /device_id/);
    }
});
test('an unsubscribed browser (410) is REMOVE', async () => {
    const { id, deviceId } = await subscribe();
    await stack.client.unregister('webpush', id);
    const r = await stack.sendPush(message('webpush', deviceId));
    assert.equal(r.json.status, 'REMOVE');
    assert.match(r.json.error, /410/);
});
//# sourceMappingURL=send-push-delivers-to-webpush.test.js.map