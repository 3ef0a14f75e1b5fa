import type { ValidatedPush } from '../request/push-request.js';
export type ProviderKind = 'apns' | 'fcm' | 'webpush';
/** Delivered (or accepted by the platform for delivery). */
export interface SendOk {
    status: 'OK';
}
/** Not delivered; `retryable` says whether trying again may help. */
export interface SendFail {
    status: 'FAIL';
    /** Human-readable, goes into the reply's "error" and the log. */
    error: string;
    retryable: boolean;
    /** From the platform's Retry-After, when it sent one. */
    retryAfterMs?: number;
    /** Platform reason code (e.g. "BadTopic", "QUOTA_EXCEEDED"), for the failure-with-reason metric. */
    reason?: string;
    /** The credential was rejected as expired: refresh it before the next try. */
    refreshAuth?: boolean;
}
/** The device token is definitely dead: the chat server must forget it. */
export interface SendRemove {
    status: 'REMOVE';
    error: string;
    reason?: string;
}
export type SendResult = SendOk | SendFail | SendRemove;
/** Where and how to deliver one push. */
export interface SendTarget {
    /** Token or subscription to deliver to (push.deviceId unless the router rewrote it). */
    deviceToken: string;
    /** Aborts the attempt, e.g. when SendTimeoutSec runs out or on shutdown. */
    signal?: AbortSignal;
    /** Bound for this single attempt (RetryTimeoutSec), in milliseconds. */
    attemptTimeoutMs?: number;
}
export interface PushProvider {
    readonly kind: ProviderKind;
    /** The settings entry's Type this instance serves, e.g. "apple_rn". */
    readonly appType: string;
    /** One delivery attempt; retry policy lives above this seam. */
    send(push: ValidatedPush, target: SendTarget): Promise<SendResult>;
    /** Re-reads keys and certificates (SIGHUP) without dropping in-flight sends. */
    reload?(): Promise<void>;
    /** Finishes in-flight sends and releases connections. */
    close(): Promise<void>;
}
//# sourceMappingURL=provider.d.ts.map