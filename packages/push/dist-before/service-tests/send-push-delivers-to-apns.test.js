// The bodies a Mattermost server sends reach the APNs stand-in as the iOS app expects them:
// token auth (apple_rn) and certificate auth (apple_rnbeta), every push type, VoIP calls, CRT.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from '../testing/start-stack.js';
import { call, clear, crtReply, idLoaded, message, session, SIGNATURE, testPush, updateBadge } from './mattermost-bodies.js';
const RN_TOPIC = 'com.mattermost.rn';
const BETA_TOPIC = 'com.mattermost.rnbeta';
let stack;
before(async () => {
    stack = await startStack();
});
after(async () => {
    await stack?.close();
});
/** Sends `body`, expects OK, and returns what the device received. */
async function deliver(body, token) {
    const since = await stack.client.lastSeq();
    const r = await stack.sendPush(body);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json, { status: 'OK' });
    return stack.client.next(token, { after: since, timeoutMs: 5000 });
}
function expiresWithin(d, minSec, maxSec) {
    const left = Number(d.headers['apns-expiration']) - Date.now() / 1000;
    assert.ok(left > minSec && left <= maxSec, `apns-expiration ${d.headers['apns-expiration']} is ${left}s away`);
}
describe('apple_rn (token auth)', () => {
    test('message v2: alert title/body, badge, sound, category, thread-id and the custom keys', async () => {
        const token = await stack.apnsDevice();
        const d = await deliver(message('apple_rn-v2', token), token);
        assert.equal(d.service, 'apns');
        assert.equal(d.headers['apns-topic'], RN_TOPIC);
        assert.equal(d.headers['apns-push-type'], 'alert');
        assert.equal(d.headers['apns-priority'], '10');
        assert.equal(d.headers.authorization, 'bearer <redacted>');
        expiresWithin(d, 29 * 24 * 3600, 30 * 24 * 3600);
        assert.deepEqual(d.payload, {
            aps: {
                alert: { title: 'Town Square', body: '@frank: Lunch at noon?' },
                badge: 3,
                sound: 'default',
                category: 'CAN_REPLY',
                'mutable-content': 1,
                'content-available': 1,
                'thread-id': 'ch4e8yb9xjnszgbb8k6kp8z7wy',
            },
            version: 'v2',
            channel_name: 'Town Square',
            type: 'message',
            sub_type: '',
            server_id: 'ws1qpxh8p7rwbgqzb5nqchsq3e',
            ack_id: 'a1b2c3d4e5f6g7h8i9j0k1l2m3',
            is_crt_enabled: false,
            channel_id: 'ch4e8yb9xjnszgbb8k6kp8z7wy',
            signature: SIGNATURE,
            team_id: 'tmk7b1gq3fbhjx1y7cd8qxqpzr',
            sender_id: 'us3r1d4f8h7g6j5k4l3m2n1b0v',
            post_id: 'p9x8w7v6u5t4s3r2q1p0o9n8m7',
            sender_name: '@frank',
        });
    });
    test('a message without v2 (older server) shows the plain text as the alert', async () => {
        const token = await stack.apnsDevice();
        const body = message('apple_rn', token);
        delete body.version;
        const d = await deliver(body, token);
        const p = d.payload;
        assert.equal(p.aps.alert, '@frank: Lunch at noon?');
        assert.equal(p.channel_name, 'Town Square');
    });
    test('collapsed reply threads: thread-id is the root post, root_id is passed on', async () => {
        const token = await stack.apnsDevice();
        const d = await deliver(crtReply('apple_rn-v2', token), token);
        const p = d.payload;
        assert.equal(p.aps['thread-id'], 'r00tp0st1d9x8w7v6u5t4s3r2q');
        assert.equal(p.root_id, 'r00tp0st1d9x8w7v6u5t4s3r2q');
        assert.equal(p.is_crt_enabled, true);
    });
    test('clear: content-available with the new badge (1 instead of 0 for app v2)', async () => {
        const token = await stack.apnsDevice();
        const d = await deliver(clear('apple_rn-v2', token), token);
        assert.equal(d.headers['apns-push-type'], 'alert', 'a badge change is visible, so it is an alert push');
        const p = d.payload;
        assert.deepEqual(p.aps, { badge: 2, 'content-available': 1, 'thread-id': 'ch4e8yb9xjnszgbb8k6kp8z7wy' });
        assert.equal(p.type, 'clear');
        assert.equal(p.channel_id, 'ch4e8yb9xjnszgbb8k6kp8z7wy');
        assert.equal(p.ack_id, 'cl3ar4ck1d9x8w7v6u5t4s3r2q');
        const zero = await deliver({ ...clear('apple_rn-v2', token), badge: 0 }, token);
        assert.equal(zero.payload.aps.badge, 1);
    });
    test('clear without a badge: content-available only, background push type, priority 5', async () => {
        const token = await stack.apnsDevice();
        const body = clear('apple_rn-v2', token);
        delete body.badge;
        const d = await deliver(body, token);
        assert.equal(d.headers['apns-push-type'], 'background');
        assert.equal(d.headers['apns-priority'], '5');
        assert.deepEqual(d.payload.aps, { 'content-available': 1, 'thread-id': 'ch4e8yb9xjnszgbb8k6kp8z7wy' });
    });
    test('update_badge: the badge and no alert or sound', async () => {
        const token = await stack.apnsDevice();
        const d = await deliver(updateBadge('apple_rn-v2', token), token);
        const p = d.payload;
        assert.equal(p.type, 'update_badge');
        assert.equal(p.aps.badge, 5);
        assert.equal('alert' in p.aps, false);
        assert.equal('sound' in p.aps, false);
    });
    test('test: silent, content-available, NO_SIGNATURE when the server sent none', async () => {
        const token = await stack.apnsDevice();
        const d = await deliver(testPush('apple_rn-v2', token), token);
        const p = d.payload;
        assert.equal(p.type, 'test');
        assert.equal(p.aps['content-available'], 1);
        assert.equal('alert' in p.aps, false);
        assert.equal(p.signature, 'NO_SIGNATURE');
        assert.equal(d.headers['apns-push-type'], 'background');
    });
    test('session: a visible alert with the expiry text', async () => {
        const token = await stack.apnsDevice();
        const d = await deliver(session('apple_rn-v2', token), token);
        const p = d.payload;
        assert.equal(p.type, 'session');
        assert.equal(p.aps.alert, 'Session Expired: Please log in to continue receiving notifications.');
        assert.equal(p.aps.sound, 'default');
        assert.equal(d.headers['apns-push-type'], 'alert');
    });
    test('id_loaded: generic alert, id_loaded flags, post id; no sender or channel name', async () => {
        const token = await stack.apnsDevice();
        const d = await deliver(idLoaded('apple_rn-v2', token), token);
        const p = d.payload;
        assert.deepEqual(p.aps.alert, { body: "You've received a new message." });
        assert.equal(p.aps['mutable-content'], 1);
        assert.equal(p.id_loaded, true);
        assert.equal(p.post_id, 'p9x8w7v6u5t4s3r2q1p0o9n8m7');
        assert.equal(p.ack_id, '1dl04d3d4ck1d9x8w7v6u5t4s3');
        assert.equal('sender_name' in p, false);
        assert.equal('channel_name' in p, false);
    });
    test('a call with transport voip goes to <topic>.voip as a voip push with a routing-only payload', async () => {
        const token = await stack.apnsDevice();
        const d = await deliver(call('apple_rn-v2', token), token);
        assert.equal(d.headers['apns-topic'], `${RN_TOPIC}.voip`);
        assert.equal(d.headers['apns-push-type'], 'voip');
        assert.equal(d.headers['apns-priority'], '10');
        expiresWithin(d, 0, 30);
        const p = d.payload;
        assert.deepEqual(p.aps, { 'content-available': 1 });
        assert.equal(p.sub_type, 'calls');
        assert.equal(p.type, 'message');
        assert.equal(p.channel_id, 'dm4e8yb9xjnszgbb8k6kp8z7wy');
        assert.equal(p.sender_id, 'us3r1d4f8h7g6j5k4l3m2n1b0v');
        assert.equal(p.ack_id, 'c4ll4ck1d9x8w7v6u5t4s3r2q1');
    });
    test('a call without the voip transport is an ordinary alert on the app topic', async () => {
        const token = await stack.apnsDevice();
        const body = call('apple_rn-v2', token);
        delete body.transport;
        const d = await deliver(body, token);
        assert.equal(d.headers['apns-topic'], RN_TOPIC);
        assert.equal(d.headers['apns-push-type'], 'alert');
        assert.equal(d.payload.sub_type, 'calls');
    });
    test('message text is cut to 2046 characters and the channel name to 64', async () => {
        const token = await stack.apnsDevice();
        const d = await deliver(message('apple_rn-v2', token, { message: 'm'.repeat(3000), channel_name: 'c'.repeat(100) }), token);
        const p = d.payload;
        assert.equal(p.aps.alert.body, 'm'.repeat(2046));
        assert.equal(p.aps.alert.title, 'c'.repeat(64));
        assert.equal(p.channel_name, 'c'.repeat(64));
    });
    test('plain "apple" platform is refused when no such type is configured (FAIL, names the platform)', async () => {
        const token = await stack.apnsDevice();
        const r = await stack.sendPush(message('apple', token));
        assert.equal(r.json.status, 'FAIL');
        assert.match(r.json.error, /platform/);
    });
});
describe('apple_rnbeta (certificate auth, .p12)', () => {
    test('the provider uses the client certificate', () => {
        const p = stack.service.providers.get('apple_rnbeta');
        assert.equal(p?.authKind, 'certificate');
        assert.ok(p?.certificateNotAfter instanceof Date && p.certificateNotAfter.getTime() > Date.now());
    });
    test('message and voip call are delivered without a provider token', async () => {
        const token = await stack.apnsDevice(BETA_TOPIC);
        const d = await deliver(message('apple_rnbeta-v2', token), token);
        assert.equal(d.headers['apns-topic'], BETA_TOPIC);
        assert.equal(d.headers.authorization, undefined, 'certificate auth sends no bearer token');
        assert.deepEqual(d.payload.aps.alert, { title: 'Town Square', body: '@frank: Lunch at noon?' });
        const c = await deliver(call('apple_rnbeta-v2', token), token);
        assert.equal(c.headers['apns-topic'], `${BETA_TOPIC}.voip`);
        assert.equal(c.headers['apns-push-type'], 'voip');
    });
});
//# sourceMappingURL=send-push-delivers-to-apns.test.js.map