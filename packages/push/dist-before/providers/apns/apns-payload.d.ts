import type { ValidatedPush } from '../../request/push-request.js';
export declare const APNS_PAYLOAD_LIMIT = 4096;
export declare const APNS_VOIP_PAYLOAD_LIMIT = 5120;
/** How long APNs keeps trying an offline device; 30 days is APNs' own storage horizon. */
export declare const DEFAULT_APNS_TTL_SEC: number;
/** A call ring that arrives late is worse than none. */
export declare const DEFAULT_VOIP_TTL_SEC = 30;
export type ApnsPushType = 'alert' | 'background' | 'voip';
export interface ApnsHeaders {
    'apns-topic': string;
    'apns-push-type': ApnsPushType;
    'apns-priority': '10' | '5';
    'apns-expiration': string;
    'apns-collapse-id'?: string;
}
export interface ApnsAps {
    alert?: string | {
        title?: string;
        body: string;
    };
    badge?: number;
    sound?: string;
    category?: string;
    'thread-id'?: string;
    'mutable-content'?: 1;
    'content-available'?: 1;
}
export interface ApnsPayload {
    aps: ApnsAps;
    [custom: string]: unknown;
}
export interface ApnsRequest {
    headers: ApnsHeaders;
    payload: ApnsPayload;
}
export interface ApnsPayloadOptions {
    /** ApplePushTopic of the settings entry (the app's bundle id). */
    topic: string;
    /** Clock for apns-expiration, epoch ms. */
    nowMs?: number;
    ttlSec?: number;
    voipTtlSec?: number;
    /** Optional apns-collapse-id; ignored when over Apple's 64-byte limit. */
    collapseId?: string;
}
export declare function buildApnsRequest(push: ValidatedPush, opts: ApnsPayloadOptions): ApnsRequest;
//# sourceMappingURL=apns-payload.d.ts.map