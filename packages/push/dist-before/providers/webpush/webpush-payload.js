import { jsonByteLength, shrinkToFit } from '../../request/text.js';
import { buildFcmMessage } from '../fcm/fcm-payload.js';
/** 4096 minus the aes128gcm header with a 65-byte key id (86), the delimiter (1) and the tag (16). */
export const WEBPUSH_PLAINTEXT_LIMIT = 4096 - 86 - 1 - 16;
export function buildWebPushPayload(push) {
    const data = { ...buildFcmMessage(push, '').message.data };
    if (data.message !== undefined && jsonByteLength(data) > WEBPUSH_PLAINTEXT_LIMIT) {
        data.message = shrinkToFit(data.message, (m) => jsonByteLength({ ...data, message: m }) <= WEBPUSH_PLAINTEXT_LIMIT);
    }
    return data;
}
/**
 * The device_id of a webpush push is base64url(JSON of the browser's PushSubscription).
 * Returns the subscription or a message naming what is wrong.
 */
export function decodeSubscription(deviceId) {
    let json;
    try {
        json = JSON.parse(Buffer.from(deviceId, 'base64url').toString('utf8'));
    }
    catch {
        return 'device_id: not base64url-encoded PushSubscription JSON';
    }
    const s = json;
    if (!s || typeof s !== 'object')
        return 'device_id: PushSubscription must be a JSON object';
    if (typeof s.endpoint !== 'string')
        return 'device_id: PushSubscription.endpoint missing';
    let url;
    try {
        url = new URL(s.endpoint);
    }
    catch {
        return 'device_id: PushSubscription.endpoint is not a URL';
    }
    if (url.protocol !== 'https:')
        return 'device_id: PushSubscription.endpoint must be https';
    const p256dh = s.keys?.p256dh;
    const auth = s.keys?.auth;
    if (typeof p256dh !== 'string' || !/^[A-Za-z0-9_-]{86,88}={0,2}$/.test(p256dh))
        return 'device_id: PushSubscription.keys.p256dh is not a P-256 public key';
    if (typeof auth !== 'string' || !/^[A-Za-z0-9_-]{22,24}={0,2}$/.test(auth))
        return 'device_id: PushSubscription.keys.auth is not a 16-byte secret';
    return { endpoint: s.endpoint, keys: { p256dh, auth } };
}
export function encodeSubscription(s) {
    return Buffer.from(JSON.stringify({ endpoint: s.endpoint, keys: s.keys })).toString('base64url');
}
//# sourceMappingURL=webpush-payload.js.map