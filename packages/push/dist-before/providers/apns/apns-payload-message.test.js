// Message pushes become visible alerts with the Mattermost apps' custom keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApnsRequest } from './apns-payload.js';
import { MESSAGE, pushFrom } from '../test-pushes.js';
const NOW = Date.UTC(2026, 0, 1);
const opts = { topic: 'com.mattermost.rnbeta', nowMs: NOW };
test('a v2 message with a channel name: title + body, badge, sound, category, custom keys', () => {
    const { headers, payload } = buildApnsRequest(pushFrom(MESSAGE), opts);
    assert.deepEqual(headers, {
        'apns-topic': 'com.mattermost.rnbeta',
        'apns-push-type': 'alert',
        'apns-priority': '10',
        'apns-expiration': String(NOW / 1000 + 30 * 24 * 3600),
    });
    assert.deepEqual(payload, {
        aps: {
            alert: { title: 'Town Square', body: '@frank: Hello' },
            badge: 2,
            sound: 'default',
            category: 'CAN_REPLY',
            'mutable-content': 1,
            'content-available': 1,
            'thread-id': 'ch1',
        },
        version: 'v2',
        channel_name: 'Town Square',
        type: 'message',
        sub_type: '',
        server_id: 'srv',
        ack_id: 'ack1',
        is_crt_enabled: false,
        channel_id: 'ch1',
        signature: 'sig',
        team_id: 'team1',
        sender_id: 'user1',
        post_id: 'post1',
        sender_name: 'frank',
    });
});
test('without v2, or without a channel name, the alert is the plain body', () => {
    const v1 = buildApnsRequest(pushFrom({ ...MESSAGE, version: '' }), opts).payload;
    assert.equal(v1.aps.alert, '@frank: Hello');
    assert.equal(v1.channel_name, 'Town Square');
    const noName = buildApnsRequest(pushFrom({ ...MESSAGE, channel_name: '' }), opts).payload;
    assert.equal(noName.aps.alert, '@frank: Hello');
    assert.equal('channel_name' in noName, false);
});
test('badge -1 leaves the badge alone; a missing badge is not sent', () => {
    assert.equal('badge' in buildApnsRequest(pushFrom({ ...MESSAGE, badge: -1 }), opts).payload.aps, false);
    assert.equal('badge' in buildApnsRequest(pushFrom({ ...MESSAGE, badge: undefined }), opts).payload.aps, false);
    assert.equal(buildApnsRequest(pushFrom({ ...MESSAGE, badge: 0 }), opts).payload.aps.badge, 0);
});
test('sound is "default" unless the server names one; "none" means silent', () => {
    assert.equal(buildApnsRequest(pushFrom({ ...MESSAGE, sound: 'chime.caf' }), opts).payload.aps.sound, 'chime.caf');
    assert.equal('sound' in buildApnsRequest(pushFrom({ ...MESSAGE, sound: 'none' }), opts).payload.aps, false);
});
test('thread-id is the root id with collapsed reply threads, else the channel id', () => {
    const crt = buildApnsRequest(pushFrom({ ...MESSAGE, is_crt_enabled: true, root_id: 'root1' }), opts).payload;
    assert.equal(crt.aps['thread-id'], 'root1');
    assert.equal(crt.root_id, 'root1');
    assert.equal(crt.is_crt_enabled, true);
    assert.equal(buildApnsRequest(pushFrom({ ...MESSAGE, is_crt_enabled: true }), opts).payload.aps['thread-id'], 'ch1');
    assert.equal(buildApnsRequest(pushFrom({ ...MESSAGE, root_id: 'root1' }), opts).payload.aps['thread-id'], 'ch1');
    assert.equal('thread-id' in buildApnsRequest(pushFrom({ ...MESSAGE, channel_id: undefined }), opts).payload.aps, false);
});
test('signature defaults to NO_SIGNATURE', () => {
    assert.equal(buildApnsRequest(pushFrom({ ...MESSAGE, signature: undefined }), opts).payload.signature, 'NO_SIGNATURE');
    assert.equal(buildApnsRequest(pushFrom({ ...MESSAGE, signature: '' }), opts).payload.signature, 'NO_SIGNATURE');
});
test('optional author keys are sent only when present', () => {
    const p = buildApnsRequest(pushFrom({ ...MESSAGE, override_username: 'bot', override_icon_url: 'https://i', from_webhook: 'true', sub_type: 'x' }), opts).payload;
    assert.deepEqual([p.override_username, p.override_icon_url, p.from_webhook, p.sub_type], ['bot', 'https://i', 'true', 'x']);
    const bare = buildApnsRequest(pushFrom({ type: 'message', message: 'm' }), opts).payload;
    for (const key of ['ack_id', 'team_id', 'sender_id', 'sender_name', 'post_id', 'root_id', 'channel_id', 'override_username']) {
        assert.equal(key in bare, false, key);
    }
});
test('apns-collapse-id is set only when asked for and within 64 bytes', () => {
    assert.equal(buildApnsRequest(pushFrom(MESSAGE), { ...opts, collapseId: 'ch1' }).headers['apns-collapse-id'], 'ch1');
    assert.equal('apns-collapse-id' in buildApnsRequest(pushFrom(MESSAGE), { ...opts, collapseId: 'x'.repeat(65) }).headers, false);
});
test('the session-expired notice is a visible alert', () => {
    const { headers, payload } = buildApnsRequest(pushFrom({ type: 'session', message: 'Session Expired', badge: 0 }), opts);
    assert.equal(payload.aps.alert, 'Session Expired');
    assert.equal(payload.type, 'session');
    assert.equal(headers['apns-push-type'], 'alert');
    assert.equal('content-available' in payload.aps, false);
});
test('a body too large for APNs is shortened to fit 4096 bytes, keeping whole characters', () => {
    const message = '漢'.repeat(2046); // 6138 bytes in UTF-8
    const { payload } = buildApnsRequest(pushFrom({ ...MESSAGE, message }), opts);
    const size = Buffer.byteLength(JSON.stringify(payload));
    assert.ok(size <= 4096 && size > 3900, String(size));
    const alert = payload.aps.alert;
    assert.match(alert.body, /^漢+…$/);
    assert.equal(alert.body.length < message.length, true);
});
//# sourceMappingURL=apns-payload-message.test.js.map