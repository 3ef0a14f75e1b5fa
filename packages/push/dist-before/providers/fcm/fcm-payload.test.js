// FCM v1: data-only, high priority, every data value a string, field set per push type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFcmMessage } from './fcm-payload.js';
import { ID_LOADED_BODY } from '../push-kinds.js';
import { CALL_VOIP, CLEAR, ID_LOADED, MESSAGE, SESSION, TEST, UPDATE_BADGE, pushFrom } from '../test-pushes.js';
const ALL = { MESSAGE, CLEAR, UPDATE_BADGE, TEST, SESSION, ID_LOADED, CALL_VOIP };
test('every push type: token, android.priority high, no notification block, only string values', () => {
    for (const [name, body] of Object.entries(ALL)) {
        const msg = buildFcmMessage(pushFrom({ ...body, platform: 'android_rn' }));
        assert.deepEqual(Object.keys(msg), ['message'], name);
        assert.deepEqual(Object.keys(msg.message).sort(), ['android', 'data', 'token'], name);
        assert.equal(msg.message.token, 'tok', name);
        assert.deepEqual(msg.message.android, { priority: 'high' }, name);
        for (const [k, v] of Object.entries(msg.message.data))
            assert.equal(typeof v, 'string', `${name}.${k}`);
        // Round-trips through JSON unchanged: nothing undefined or non-string hides in it.
        assert.deepEqual(JSON.parse(JSON.stringify(msg)), msg, name);
    }
});
test('message: the full field set, badge as a string', () => {
    const { data } = buildFcmMessage(pushFrom({ ...MESSAGE, root_id: 'r1', is_crt_enabled: true })).message;
    assert.deepEqual(data, {
        ack_id: 'ack1',
        type: 'message',
        sub_type: '',
        version: 'v2',
        channel_id: 'ch1',
        is_crt_enabled: 'true',
        server_id: 'srv',
        category: 'CAN_REPLY',
        signature: 'sig',
        badge: '2',
        root_id: 'r1',
        team_id: 'team1',
        sender_id: 'user1',
        sender_name: 'frank',
        message: '@frank: Hello',
        channel_name: 'Town Square',
        post_id: 'post1',
        override_username: '',
        override_icon_url: '',
        from_webhook: '',
    });
});
test('clear, update_badge and test carry routing keys and the badge only, no message', () => {
    const base = ['ack_id', 'type', 'sub_type', 'version', 'channel_id', 'is_crt_enabled', 'server_id', 'category', 'signature', 'badge'];
    for (const body of [CLEAR, UPDATE_BADGE, TEST]) {
        const { data } = buildFcmMessage(pushFrom({ ...body, message: 'SECRET', channel_name: 'SECRET' })).message;
        assert.deepEqual(Object.keys(data).sort(), [...base].sort(), body.type);
        assert.equal(data.type, body.type);
        assert.equal(JSON.stringify(data).includes('SECRET'), false);
    }
    assert.equal(buildFcmMessage(pushFrom(CLEAR)).message.data.badge, '1');
    assert.equal(buildFcmMessage(pushFrom(TEST)).message.data.badge, '0');
});
test('badge -1 or absent is left out; signature defaults to NO_SIGNATURE', () => {
    assert.equal('badge' in buildFcmMessage(pushFrom({ ...MESSAGE, badge: -1 })).message.data, false);
    assert.equal('badge' in buildFcmMessage(pushFrom({ type: 'message' })).message.data, false);
    assert.equal(buildFcmMessage(pushFrom({ type: 'clear' })).message.data.signature, 'NO_SIGNATURE');
});
test('session: a visible notice with its text', () => {
    const { data } = buildFcmMessage(pushFrom(SESSION)).message;
    assert.equal(data.type, 'session');
    assert.equal(data.message, SESSION.message);
});
test('id_loaded: generic line, "Someone", id_loaded flags, and none of the server text', () => {
    const push = pushFrom({ ...ID_LOADED, message: 'the secret plans', channel_name: 'secret-ch', sender_name: 'secret-sender' });
    const { data } = buildFcmMessage(push).message;
    assert.equal(data.message, ID_LOADED_BODY);
    assert.equal(data.sender_name, 'Someone');
    assert.equal(data.id_loaded, 'true');
    assert.equal(data.is_id_loaded, 'true');
    assert.equal(data.post_id, 'post9');
    assert.equal(data.team_id, 'team1');
    assert.equal('channel_name' in data, false);
    assert.equal(JSON.stringify(data).includes('secret'), false);
});
test('calls: an ordinary data message with sub_type calls (Android has no VoIP transport)', () => {
    const { data } = buildFcmMessage(pushFrom(CALL_VOIP)).message;
    assert.equal(data.sub_type, 'calls');
    assert.equal(data.type, 'message');
    assert.equal(data.message, 'frank is calling you');
});
test('a message too large for FCM is shortened to fit 4096 bytes of data', () => {
    const { data } = buildFcmMessage(pushFrom({ ...MESSAGE, message: '😀'.repeat(2046) })).message;
    assert.ok(Buffer.byteLength(JSON.stringify(data)) <= 4096);
    assert.match(data.message ?? '', /^(😀)+…$/u);
});
test('the token can be overridden by the caller', () => {
    assert.equal(buildFcmMessage(pushFrom(MESSAGE), 'other').message.token, 'other');
});
//# sourceMappingURL=fcm-payload.test.js.map