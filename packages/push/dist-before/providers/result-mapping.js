// Maps each platform's reply to a SendResult. The asymmetry is deliberate:
// REMOVE makes the chat server forget the device until the user logs in again, so
// it is returned only for the definite dead-token answers listed in protocol.md
// sections 3-5. Anything uncertain is a FAIL, retryable when it looks transient.
/** APNs reasons that mean the token will never work again. */
export const APNS_DEAD_TOKEN_REASONS = new Set([
    'BadDeviceToken',
    'Unregistered',
    'DeviceTokenNotForTopic',
    'MissingDeviceToken',
]);
/** FCM errorCodes that mean the token will never work again. */
export const FCM_DEAD_TOKEN_CODES = new Set(['UNREGISTERED', 'SENDER_ID_MISMATCH']);
/** Statuses worth another try (502/504 are what a proxy says when the platform blips). */
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);
const FCM_TRANSIENT_CODES = new Set(['UNAVAILABLE', 'INTERNAL', 'QUOTA_EXCEEDED']);
/**
 * Retry-After in milliseconds: delta-seconds or an HTTP-date (RFC 9110 section 10.2.3).
 * Undefined when absent or unparseable.
 */
export function parseRetryAfter(value, nowMs = Date.now()) {
    if (value === undefined || value === null)
        return undefined;
    const v = value.trim();
    if (/^\d+$/.test(v))
        return Number(v) * 1000;
    if (v === '' || !/[a-z]/i.test(v))
        return undefined;
    const at = Date.parse(v);
    return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}
function fail(error, retryable, reply, nowMs) {
    const result = { status: 'FAIL', error, retryable };
    if (reply.reason !== undefined && reply.reason !== '')
        result.reason = reply.reason;
    if (retryable) {
        const after = parseRetryAfter(reply.retryAfter, nowMs);
        if (after !== undefined)
            result.retryAfterMs = after;
    }
    return result;
}
function label(platform, reply) {
    const why = reply.reason !== undefined && reply.reason !== '' ? ` ${reply.reason}` : '';
    return `${platform} rejected the push: ${reply.status}${why}`;
}
export function mapApnsResult(reply, nowMs = Date.now()) {
    const { status, reason } = reply;
    if (status === 200)
        return { status: 'OK' };
    // Apple sends these reasons only with 400/410; any other pairing is not trusted enough to REMOVE.
    if (reason !== undefined && APNS_DEAD_TOKEN_REASONS.has(reason) && (status === 400 || status === 410)) {
        return { status: 'REMOVE', error: label('APNs', reply), reason };
    }
    if (status === 403 && reason === 'ExpiredProviderToken') {
        // Our JWT aged out: a fresh token makes the same push succeed.
        return { ...fail(label('APNs', reply), true, reply, nowMs), refreshAuth: true };
    }
    return fail(label('APNs', reply), TRANSIENT_STATUS.has(status), reply, nowMs);
}
export function mapFcmResult(reply, nowMs = Date.now()) {
    const { status, reason } = reply;
    if (status >= 200 && status < 300)
        return { status: 'OK' };
    if (reason !== undefined && FCM_DEAD_TOKEN_CODES.has(reason)) {
        return { status: 'REMOVE', error: label('FCM', reply), reason };
    }
    if (status === 401 && reason !== 'THIRD_PARTY_AUTH_ERROR') {
        // Expired OAuth access token; THIRD_PARTY_AUTH_ERROR is a bad APNs credential in Firebase instead.
        return { ...fail(label('FCM', reply), true, reply, nowMs), refreshAuth: true };
    }
    const transient = TRANSIENT_STATUS.has(status) || (reason !== undefined && FCM_TRANSIENT_CODES.has(reason));
    return fail(label('FCM', reply), transient, reply, nowMs);
}
export function mapWebPushResult(reply, nowMs = Date.now()) {
    const { status } = reply;
    if (status >= 200 && status < 300)
        return { status: 'OK' };
    // RFC 8030 section 7.3: 404/410 mean the subscription is gone for good.
    if (status === 404 || status === 410)
        return { status: 'REMOVE', error: label('Web Push', reply), reason: String(status) };
    return fail(label('Web Push', reply), TRANSIENT_STATUS.has(status), { ...reply, reason: reply.reason ?? String(status) }, nowMs);
}
/** A connection-level failure (reset, timeout, TLS, DNS): never a dead token, worth a retry. */
export function mapTransportError(platform, err) {
    const e = err;
    const code = typeof e?.code === 'string' ? e.code : undefined;
    const message = typeof e?.message === 'string' ? e.message : String(err);
    return {
        status: 'FAIL',
        // The code says what kind of failure; the message says where (host, TLS detail).
        error: `${platform} transport error: ${code && message && !message.includes(code) ? `${code} (${message})` : message || code}`,
        retryable: true,
        reason: 'RequestError',
    };
}
/**
 * Pulls FCM's errorCode out of an error body:
 * {"error":{"status":"NOT_FOUND","details":[{"@type":"...FcmError","errorCode":"UNREGISTERED"}]}}.
 * Falls back to error.status (e.g. "UNAUTHENTICATED") when there is no FcmError detail.
 */
export function extractFcmErrorCode(body) {
    const error = body?.error;
    if (typeof error !== 'object' || error === null)
        return undefined;
    const details = error.details;
    if (Array.isArray(details)) {
        for (const d of details) {
            const code = d?.errorCode;
            if (typeof code === 'string' && code !== '')
                return code;
        }
    }
    const status = error.status;
    return typeof status === 'string' && status !== '' ? status : undefined;
}
//# sourceMappingURL=result-mapping.js.map