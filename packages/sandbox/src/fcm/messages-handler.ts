// FCM HTTP v1 stand-in: `POST /v1/projects/<project>/messages:send`.
import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../context.js';
import { BodyTooLarge, dropRequest, header, readBody, sendJson, sleep, type Req, type Res } from '../http/http.js';
import { FCM_ERROR_CODES, sendGoogleError } from './errors.js';

const PATH = /^\/v1\/projects\/([^/]+)\/messages:send$/;
/** FCM's limit on a message's data payload. */
export const FCM_PAYLOAD_LIMIT = 4096;
const BODY_LIMIT = 64 * 1024;
const PRIORITIES = ['normal', 'high', 'NORMAL', 'HIGH'];
// Field names FCM's JSON parser knows (proto3 JSON: snake_case or lowerCamelCase); any other name
// is rejected with "Unknown name ... Cannot find field", as Google's front end does.
const REQUEST_FIELDS = ['message', 'validate_only', 'validateOnly'];
const MESSAGE_FIELDS = ['name', 'data', 'notification', 'android', 'webpush', 'apns', 'fcm_options', 'fcmOptions', 'token', 'topic', 'condition'];
const ANDROID_FIELDS = [
  'collapse_key', 'collapseKey', 'priority', 'ttl', 'restricted_package_name', 'restrictedPackageName', 'data', 'notification',
  'fcm_options', 'fcmOptions', 'direct_boot_ok', 'directBootOk', 'bandwidth_constrained_ok', 'bandwidthConstrainedOk',
  'restricted_satellite_ok', 'restrictedSatelliteOk',
];
const UNAUTHENTICATED_HINT =
  'Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
/** Google's messages for the statuses a fault may inject. */
const FAULT_MESSAGES: Record<number, string> = {
  429: 'Quota exceeded for quota metric.',
  500: 'Internal error encountered.',
  503: 'The service is currently unavailable.',
};

export function isFcmPath(path: string): boolean {
  return path.startsWith('/v1/projects/');
}

function invalid(res: Res, message: string, field?: string): void {
  sendGoogleError(res, 400, message, {
    errorCode: 'INVALID_ARGUMENT',
    ...(field ? { fieldViolations: [{ field, description: message }] } : {}),
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/** The first field of `obj` FCM would not know, as Google's "Unknown name" message. */
function unknownField(obj: Record<string, unknown>, known: string[], at: string): string | undefined {
  const name = Object.keys(obj).find((k) => !known.includes(k));
  if (name === undefined) return undefined;
  return `Invalid JSON payload received. Unknown name ${JSON.stringify(name)}${at ? ` at '${at}'` : ''}: Cannot find field.`;
}

/** Data keys FCM reserves (Message.data: "from", "message_type", "google.*", "gcm.notification.*"). */
function isReservedDataKey(k: string): boolean {
  return k === 'from' || k === 'message_type' || k.startsWith('google.') || k.startsWith('gcm.notification.');
}

export async function handleFcmSend(ctx: SandboxContext, req: Req, res: Res): Promise<void> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const m = PATH.exec(path);
  if (!m) return sendGoogleError(res, 404, `The requested URL ${path} was not found on this server.`);
  // Google's front end has no binding for other methods on a custom method's URL: 404.
  if (req.method !== 'POST') return sendGoogleError(res, 404, `The requested URL ${path} was not found on this server.`);
  let project: string;
  try {
    project = decodeURIComponent(m[1]!);
  } catch {
    return sendGoogleError(res, 404, `The requested URL ${path} was not found on this server.`);
  }

  const authorization = header(req, 'authorization');
  const auth = /^bearer\s+(\S+)$/i.exec(authorization ?? '');
  const grant = auth ? ctx.fcmAuth.lookup(auth[1]!) : undefined;
  if (!grant) {
    return sendGoogleError(
      res,
      401,
      authorization === undefined
        ? `Request is missing required authentication credential. ${UNAUTHENTICATED_HINT}`
        : `Request had invalid authentication credentials. ${UNAUTHENTICATED_HINT}`,
    );
  }
  if (!grant.fcmScope) {
    return sendGoogleError(res, 403, 'Request had insufficient authentication scopes.');
  }
  if (grant.project !== project) {
    return sendGoogleError(res, 403, `Permission 'cloudmessaging.messages.create' denied on resource '//cloudresourcemanager.googleapis.com/projects/${project}' (or it may not exist).`);
  }

  let raw: Buffer;
  try {
    raw = await readBody(req, BODY_LIMIT);
  } catch (e) {
    if (e instanceof BodyTooLarge) return sendGoogleError(res, 413, 'Request payload size exceeds the limit', { errorCode: 'INVALID_ARGUMENT' });
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    return invalid(res, `Invalid JSON payload received. ${(e as Error).message}`);
  }
  if (!isObject(body)) return invalid(res, 'Invalid JSON payload received. Expected an object.');
  const unknownTop = unknownField(body, REQUEST_FIELDS, '');
  if (unknownTop) return invalid(res, unknownTop);
  const validateOnly = body.validate_only ?? body.validateOnly;
  if (validateOnly !== undefined && typeof validateOnly !== 'boolean') {
    return invalid(res, `Invalid value at 'validate_only' (TYPE_BOOL), ${JSON.stringify(validateOnly)}`, 'validate_only');
  }
  if (!isObject(body.message)) return invalid(res, 'Request contains an invalid argument.', 'message');
  const msg = body.message;
  const unknownInMessage = unknownField(msg, MESSAGE_FIELDS, 'message');
  if (unknownInMessage) return invalid(res, unknownInMessage, 'message');
  const targets = ['token', 'topic', 'condition'].filter((k) => msg[k] !== undefined);
  if (targets.length !== 1) return invalid(res, 'Exactly one of message.token, message.topic or message.condition must be set.', 'message');
  for (const t of targets) if (typeof msg[t] !== 'string') return invalid(res, `Invalid value at 'message.${t}' (TYPE_STRING)`, `message.${t}`);

  if (msg.data !== undefined) {
    if (!isObject(msg.data)) return invalid(res, "Invalid value at 'message.data' (Map)", 'message.data');
    for (const [k, v] of Object.entries(msg.data)) {
      if (typeof v !== 'string') return invalid(res, `Invalid value at 'message.data[${k}].value' (TYPE_STRING), ${JSON.stringify(v)}`, `message.data[${k}].value`);
      if (isReservedDataKey(k)) return invalid(res, `Invalid data payload key: ${k}`, 'message.data');
    }
  }
  if (msg.android !== undefined) {
    if (!isObject(msg.android)) return invalid(res, "Invalid value at 'message.android'", 'message.android');
    const unknownInAndroid = unknownField(msg.android, ANDROID_FIELDS, 'message.android');
    if (unknownInAndroid) return invalid(res, unknownInAndroid, 'message.android');
    const p = msg.android.priority;
    if (p !== undefined && (typeof p !== 'string' || !PRIORITIES.includes(p))) {
      return invalid(res, `Invalid value at 'message.android.priority' (type.googleapis.com/google.firebase.fcm.v1.AndroidMessagePriority), ${JSON.stringify(p)}`, 'message.android.priority');
    }
  }
  const payloadSize = Buffer.byteLength(JSON.stringify(msg.data ?? {})) + Buffer.byteLength(JSON.stringify(msg.notification ?? {}));
  if (payloadSize > FCM_PAYLOAD_LIMIT) return invalid(res, 'Android message is too big', 'message');

  // Faults hit well-formed, authorised requests, and a rule that is used up was also applied;
  // the device's state is looked at after them, as the APNs stand-in does.
  const token = typeof msg.token === 'string' ? msg.token : undefined;
  const lat = ctx.faults.take('fcm', token);
  if (lat.kind === 'latency') await sleep(lat.ms);
  const fault = lat.kind === 'latency' ? ctx.faults.take('fcm', token, true) : lat;

  switch (fault.kind) {
    case 'drop':
      return dropRequest(req, fault.how);
    case 'ratelimit':
      return sendGoogleError(res, 429, FAULT_MESSAGES[429]!, { errorCode: 'QUOTA_EXCEEDED', retryAfter: fault.retryAfter });
    case 'status': {
      const code = fault.reason || 'INTERNAL';
      const status = fault.status || FCM_ERROR_CODES[code] || 500;
      return sendGoogleError(res, status, FAULT_MESSAGES[status] ?? `Injected fault: ${code}`, {
        errorCode: code,
        ...(fault.retryAfter !== undefined ? { retryAfter: fault.retryAfter } : {}),
      });
    }
  }

  if (token !== undefined) {
    const device = ctx.devices.get('fcm', token);
    if (!device || device.service !== 'fcm') return invalid(res, 'The registration token is not a valid FCM registration token', 'message.token');
    if (device.project !== project) return sendGoogleError(res, 403, 'SenderId mismatch', { errorCode: 'SENDER_ID_MISMATCH' });
    if (device.unregisteredAt !== undefined) return sendGoogleError(res, 404, 'Requested entity was not found.', { errorCode: 'UNREGISTERED' });
  }

  if (validateOnly === true) {
    // FCM checks the message but delivers nothing, and names it with a fixed fake id.
    ctx.onRequest?.('fcm', 200, 'validate_only');
    return sendJson(res, 200, { name: `projects/${project}/messages/fake_message_id` });
  }
  const name = `projects/${project}/messages/0:${Date.now()}%${randomBytes(8).toString('hex')}`;
  if (token !== undefined) {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (k.startsWith(':') || v === undefined) continue;
      headers[k] = k === 'authorization' ? 'Bearer <redacted>' : Array.isArray(v) ? v.join(', ') : v;
    }
    ctx.inbox.add({ service: 'fcm', token, headers, payload: msg, id: name });
  }
  ctx.onRequest?.('fcm', 200, name);
  sendJson(res, 200, { name });
}
