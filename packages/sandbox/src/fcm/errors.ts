// Google API error bodies as FCM HTTP v1 sends them.
import type { Res } from '../http/http.js';
import { sendJson } from '../http/http.js';

export const GOOGLE_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  413: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

/** FCM errorCode values and the HTTP status FCM pairs them with. */
export const FCM_ERROR_CODES: Record<string, number> = {
  UNSPECIFIED_ERROR: 500,
  INVALID_ARGUMENT: 400,
  UNREGISTERED: 404,
  SENDER_ID_MISMATCH: 403,
  QUOTA_EXCEEDED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
  THIRD_PARTY_AUTH_ERROR: 401,
};

export interface GoogleErrorOptions {
  errorCode?: string;
  fieldViolations?: { field: string; description: string }[];
  retryAfter?: number;
}

export function sendGoogleError(res: Res, code: number, message: string, opts: GoogleErrorOptions = {}): void {
  const details: unknown[] = [];
  if (opts.errorCode) details.push({ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode: opts.errorCode });
  if (opts.fieldViolations) details.push({ '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: opts.fieldViolations });
  const headers: Record<string, string> = {};
  if (opts.retryAfter !== undefined) headers['retry-after'] = String(opts.retryAfter);
  sendJson(
    res,
    code,
    { error: { code, message, status: GOOGLE_STATUS[code] ?? 'UNKNOWN', ...(details.length ? { details } : {}) } },
    headers,
  );
}
