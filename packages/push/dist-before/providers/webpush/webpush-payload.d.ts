import type { ValidatedPush } from '../../request/push-request.js';
import { type FcmData } from '../fcm/fcm-payload.js';
/** 4096 minus the aes128gcm header with a 65-byte key id (86), the delimiter (1) and the tag (16). */
export declare const WEBPUSH_PLAINTEXT_LIMIT: number;
export declare function buildWebPushPayload(push: ValidatedPush): FcmData;
export interface BrowserSubscription {
    endpoint: string;
    keys: {
        p256dh: string;
        auth: string;
    };
}
/**
 * The device_id of a webpush push is base64url(JSON of the browser's PushSubscription).
 * Returns the subscription or a message naming what is wrong.
 */
export declare function decodeSubscription(deviceId: string): BrowserSubscription | string;
export declare function encodeSubscription(s: BrowserSubscription): string;
//# sourceMappingURL=webpush-payload.d.ts.map