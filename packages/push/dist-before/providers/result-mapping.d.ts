import type { SendFail, SendResult } from './provider.js';
export interface HttpReply {
    status: number;
    /** APNs "reason" or FCM errorCode (see extractFcmErrorCode). */
    reason?: string;
    /** Raw Retry-After header value. */
    retryAfter?: string | null;
}
/** APNs reasons that mean the token will never work again. */
export declare const APNS_DEAD_TOKEN_REASONS: ReadonlySet<string>;
/** FCM errorCodes that mean the token will never work again. */
export declare const FCM_DEAD_TOKEN_CODES: ReadonlySet<string>;
/**
 * Retry-After in milliseconds: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3).
 * Undefined when absent or unparseable.
 */
export declare function parseRetryAfter(value: string | null | undefined, nowMs?: number): number | undefined;
export declare function mapApnsResult(reply: HttpReply, nowMs?: number): SendResult;
export declare function mapFcmResult(reply: HttpReply, nowMs?: number): SendResult;
export declare function mapWebPushResult(reply: HttpReply, nowMs?: number): SendResult;
/** A connection-level failure (reset, timeout, TLS, DNS): never a dead token, worth a retry. */
export declare function mapTransportError(platform: string, err: unknown): SendFail;
/**
 * Pulls FCM's errorCode out of an error body:
 * {"error":{"status":"NOT_FOUND","details":[{"@type":"...FcmError","errorCode":"UNREGISTERED"}]}}.
 * Falls back to error.status (e.g. "UNAUTHENTICATED") when there is no FcmError detail.
 */
export declare function extractFcmErrorCode(body: unknown): string | undefined;
//# sourceMappingURL=result-mapping.d.ts.map