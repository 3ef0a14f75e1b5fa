// parsePushRequest turns a send_push body into a ValidatedPush, or a message
// naming the offending field (protocol.md section 1).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownPlatforms } from './platform.js';
import { parsePushRequest } from './push-request.js';
const BASE = { platform: 'apple_rn', server_id: 'srv1', device_id: 'tok123' };
function ok(r) {
    if (!r.ok)
        assert.fail(`expected ok, got error: ${r.error}`);
    return r.push;
}
function err(r) {
    if (r.ok)
        assert.fail('expected an error');
    return r.error;
}
test('a full Mattermost message push maps every field', () => {
    const push = ok(parsePushRequest({
        ...BASE,
        platform: 'apple_rn-v2',
        id: 'nid',
        ack_id: 'ack1',
        type: 'message',
        sub_type: 'calls',
        message: 'hello',
        channel_name: 'Town Square',
        badge: 3,
        post_id: 'p',
        root_id: 'r',
        channel_id: 'c',
        team_id: 't',
        category: 'CAN_REPLY',
        sound: 'default',
        sender_id: 's',
        sender_name: '@frank',
        override_username: 'bot',
        override_icon_url: 'https://x/icon.png',
        from_webhook: 'true',
        cont_ava: 1,
        version: 'v2',
        is_crt_enabled: true,
        is_id_loaded: false,
        signature: 'sig',
        transport: 'voip',
    }));
    assert.deepEqual(push, {
        platform: 'apple_rn-v2',
        appType: 'apple_rn',
        appVersion: 2,
        serverId: 'srv1',
        deviceId: 'tok123',
        id: 'nid',
        ackId: 'ack1',
        type: 'message',
        subType: 'calls',
        message: 'hello',
        channelName: 'Town Square',
        badge: 3,
        postId: 'p',
        rootId: 'r',
        channelId: 'c',
        teamId: 't',
        category: 'CAN_REPLY',
        sound: 'default',
        senderId: 's',
        senderName: '@frank',
        overrideUsername: 'bot',
        overrideIconUrl: 'https://x/icon.png',
        fromWebhook: 'true',
        contentAvailable: 1,
        version: 'v2',
        isCrtEnabled: true,
        isIdLoaded: false,
        signature: 'sig',
        transport: 'voip',
    });
});
test('a minimal push gets defaults: type "message", app version 1, flags false', () => {
    const push = ok(parsePushRequest(BASE));
    assert.equal(push.type, 'message');
    assert.equal(push.appType, 'apple_rn');
    assert.equal(push.appVersion, 1);
    assert.equal(push.isCrtEnabled, false);
    assert.equal(push.isIdLoaded, false);
    assert.equal(push.badge, undefined);
});
test('missing or empty server_id, device_id, platform are each named', () => {
    assert.equal(err(parsePushRequest({ ...BASE, server_id: undefined })), 'server_id: missing (required)');
    assert.equal(err(parsePushRequest({ ...BASE, device_id: '' })), 'device_id: missing (required)');
    assert.equal(err(parsePushRequest({ ...BASE, platform: null })), 'platform: missing (required)');
    assert.equal(err(parsePushRequest({})), 'server_id: missing (required); device_id: missing (required); platform: missing (required)');
});
test('mistyped fields are errors naming the field and what was sent', () => {
    assert.equal(err(parsePushRequest({ ...BASE, badge: 'x' })), 'badge: expected an integer, got string');
    assert.equal(err(parsePushRequest({ ...BASE, badge: 1.5 })), 'badge: expected an integer, got number 1.5');
    assert.equal(err(parsePushRequest({ ...BASE, is_crt_enabled: 'true' })), 'is_crt_enabled: expected a boolean, got string');
    assert.equal(err(parsePushRequest({ ...BASE, message: { text: 'x' } })), 'message: expected a string, got object');
    assert.equal(err(parsePushRequest({ ...BASE, cont_ava: [1] })), 'cont_ava: expected an integer, got array');
});
test('numbers where strings belong are errors, including the required ids', () => {
    assert.equal(err(parsePushRequest({ ...BASE, server_id: 12 })), 'server_id: expected a string, got number');
    assert.equal(err(parsePushRequest({ ...BASE, device_id: 1e300 })), 'device_id: expected a string, got number');
    assert.equal(err(parsePushRequest({ ...BASE, channel_id: 5, post_id: true })), 'post_id: expected a string, got boolean; channel_id: expected a string, got number');
});
test('unknown fields are ignored', () => {
    const push = ok(parsePushRequest({ ...BASE, future_field: { a: 1 }, app_version: 'x' }));
    assert.equal('future_field' in push, false);
    assert.equal(push.appVersion, 1);
});
test('an unknown platform is an error listing the known ones', () => {
    assert.equal(err(parsePushRequest({ ...BASE, platform: 'windows' })), 'platform: unknown platform "windows" (known: apple, apple_rn, apple_rnbeta, android, android_rn, webpush)');
});
test('a configured custom platform type is accepted, with or without a version suffix', () => {
    const known = knownPlatforms(['acme_ios']);
    assert.equal(ok(parsePushRequest({ ...BASE, platform: 'acme_ios' }, { known })).appType, 'acme_ios');
    const push = ok(parsePushRequest({ ...BASE, platform: 'acme_ios-v7' }, { known }));
    assert.deepEqual([push.appType, push.appVersion], ['acme_ios', 7]);
    assert.ok(!parsePushRequest({ ...BASE, platform: 'acme_ios' }).ok);
});
test('null fields count as absent, as Go does', () => {
    const push = ok(parsePushRequest({ ...BASE, badge: null, message: null, is_id_loaded: null }));
    assert.equal(push.badge, undefined);
    assert.equal(push.message, undefined);
    assert.equal(push.isIdLoaded, false);
});
//# sourceMappingURL=push-request-validation.test.js.map