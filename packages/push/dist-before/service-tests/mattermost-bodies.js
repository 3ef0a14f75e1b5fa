// Request bodies exactly as a Mattermost server marshals model.PushNotification (Go field order,
// `omitempty` fields left out when empty, is_crt_enabled / is_id_loaded / signature always present).
// `platform` and `device_id` are filled in per test, as the server splits its stored "platform:token".
const SERVER_ID = 'ws1qpxh8p7rwbgqzb5nqchsq3e';
/** Go field order of model.PushNotification. */
function mm(platform, deviceId, fields) {
    return {
        ack_id: fields.ack_id ?? '',
        platform,
        server_id: SERVER_ID,
        device_id: deviceId,
        post_id: fields.post_id ?? '',
        ...pick(fields, ['category', 'sound', 'message', 'badge', 'cont_ava', 'team_id', 'channel_id', 'root_id', 'channel_name', 'type', 'sub_type', 'sender_id', 'sender_name', 'override_username', 'override_icon_url', 'from_webhook', 'version']),
        is_crt_enabled: fields.is_crt_enabled ?? false,
        is_id_loaded: fields.is_id_loaded ?? false,
        signature: fields.signature ?? '',
    };
}
function pick(b, keys) {
    const out = {};
    for (const k of keys)
        if (b[k] !== undefined && b[k] !== '' && b[k] !== 0)
            out[k] = b[k];
    return out;
}
export const SIGNATURE = 'eyJhbGciOiJFUzI1NiJ9.eyJhY2tfaWQiOiJhY2sxIn0.c2lnbmF0dXJl';
/** A channel post with PushNotificationContents "full" (v2: channel name as title). */
export const message = (platform, deviceId, extra = {}) => mm(platform, deviceId, {
    ack_id: 'a1b2c3d4e5f6g7h8i9j0k1l2m3',
    post_id: 'p9x8w7v6u5t4s3r2q1p0o9n8m7',
    category: 'CAN_REPLY',
    message: '@frank: Lunch at noon?',
    badge: 3,
    team_id: 'tmk7b1gq3fbhjx1y7cd8qxqpzr',
    channel_id: 'ch4e8yb9xjnszgbb8k6kp8z7wy',
    channel_name: 'Town Square',
    type: 'message',
    sender_id: 'us3r1d4f8h7g6j5k4l3m2n1b0v',
    sender_name: '@frank',
    version: 'v2',
    signature: SIGNATURE,
    ...extra,
});
/** A reply in a followed thread with collapsed reply threads on. */
export const crtReply = (platform, deviceId) => message(platform, deviceId, { root_id: 'r00tp0st1d9x8w7v6u5t4s3r2q', is_crt_enabled: true, message: '@frank: replying in the thread' });
/** Reading a channel: clear its notifications and set the badge. */
export const clear = (platform, deviceId) => mm(platform, deviceId, { ack_id: 'cl3ar4ck1d9x8w7v6u5t4s3r2q', badge: 2, cont_ava: 1, channel_id: 'ch4e8yb9xjnszgbb8k6kp8z7wy', type: 'clear', version: 'v2', signature: SIGNATURE });
export const updateBadge = (platform, deviceId) => mm(platform, deviceId, { ack_id: 'b4dg34ck1d9x8w7v6u5t4s3r2q', sound: 'none', badge: 5, cont_ava: 1, type: 'update_badge', version: 'v2', signature: SIGNATURE });
/** System console "Send a test notification". */
export const testPush = (platform, deviceId) => mm(platform, deviceId, { cont_ava: 1, type: 'test', version: '2' });
/** A session about to expire. */
export const session = (platform, deviceId) => mm(platform, deviceId, {
    ack_id: 's3ss10n4ck1d9x8w7v6u5t4s3r',
    message: 'Session Expired: Please log in to continue receiving notifications.',
    type: 'session',
    version: 'v2',
});
/** PushNotificationContents "id_loaded": no content leaves the server. */
export const idLoaded = (platform, deviceId) => mm(platform, deviceId, {
    ack_id: '1dl04d3d4ck1d9x8w7v6u5t4s3',
    post_id: 'p9x8w7v6u5t4s3r2q1p0o9n8m7',
    category: 'CAN_REPLY',
    message: "You've received a new message.",
    badge: 1,
    team_id: 'tmk7b1gq3fbhjx1y7cd8qxqpzr',
    channel_id: 'ch4e8yb9xjnszgbb8k6kp8z7wy',
    type: 'message',
    sender_id: 'us3r1d4f8h7g6j5k4l3m2n1b0v',
    version: 'v2',
    is_id_loaded: true,
    signature: SIGNATURE,
});
/** A call ringing on iOS through PushKit. */
export const call = (platform, deviceId) => ({
    ...mm(platform, deviceId, {
        ack_id: 'c4ll4ck1d9x8w7v6u5t4s3r2q1',
        post_id: 'c4llp0st1d9x8w7v6u5t4s3r2q',
        category: 'CAN_REPLY',
        message: '@frank is inviting you to a call',
        badge: 1,
        team_id: 'tmk7b1gq3fbhjx1y7cd8qxqpzr',
        channel_id: 'dm4e8yb9xjnszgbb8k6kp8z7wy',
        channel_name: '@frank',
        type: 'message',
        sub_type: 'calls',
        sender_id: 'us3r1d4f8h7g6j5k4l3m2n1b0v',
        sender_name: '@frank',
        version: 'v2',
        signature: SIGNATURE,
    }),
    transport: 'voip',
});
export const ALL_TYPES = { message, crtReply, clear, updateBadge, testPush, session, idLoaded };
//# sourceMappingURL=mattermost-bodies.js.map