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

export async function handleFcmSend(ctx: SandboxContext, req: Req, res: Res): Promise<void> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const m = PATH.exec(path);
  if (!m) return sendGoogleError(res, 404, `The requested URL ${path} was not found on this server.`);
  if (req.method !== 'POST') return sendGoogleError(res, 405 as number, 'Method Not Allowed');
  const project = decodeURIComponent(m[1]!);

  const auth = /^bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '');
  const tokenProject = auth ? ctx.fcmAuth.projectFor(auth[1]!) : undefined;
  if (!tokenProject) {
    return sendGoogleError(
      res,
      401,
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    );
  }
  if (tokenProject !== project) {
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
  if (!isObject(body) || !isObject(body.message)) return invalid(res, 'Request contains an invalid argument.', 'message');
  const msg = body.message;
  const targets = ['token', 'topic', 'condition'].filter((k) => msg[k] !== undefined);
  if (targets.length !== 1) return invalid(res, 'Exactly one of message.token, message.topic or message.condition must be set.', 'message');
  for (const t of targets) if (typeof msg[t] !== 'string') return invalid(res, `Invalid value at 'message.${t}' (TYPE_STRING)`, `message.${t}`);

  if (msg.data !== undefined) {
    if (!isObject(msg.data)) return invalid(res, "Invalid value at 'message.data' (Map)", 'message.data');
    for (const [k, v] of Object.entries(msg.data)) {
      if (typeof v !== 'string') return invalid(res, `Invalid value at 'message.data[${k}].value' (TYPE_STRING), ${JSON.stringify(v)}`, `message.data[${k}].value`);
    }
  }
  if (msg.android !== undefined) {
    if (!isObject(msg.android)) return invalid(res, "Invalid value at 'message.android'", 'message.android');
    const p = msg.android.priority;
    if (p !== undefined && (typeof p !== 'string' || !PRIORITIES.includes(p))) {
      return invalid(res, `Invalid value at 'message.android.priority' (type.googleapis.com/google.firebase.fcm.v1.AndroidMessagePriority), ${JSON.stringify(p)}`, 'message.android.priority');
    }
  }
  const payloadSize = Buffer.byteLength(JSON.stringify(msg.data ?? {})) + Buffer.byteLength(JSON.stringify(msg.notification ?? {}));
  if (payloadSize > FCM_PAYLOAD_LIMIT) return invalid(res, 'Android message is too big', 'message');

  const token = typeof msg.token === 'string' ? msg.token : undefined;
  const lat = ctx.faults.take('fcm', token);
  if (lat.kind === 'latency') await sleep(lat.ms);
  const fault = lat.kind === 'latency' ? ctx.faults.take('fcm', token, true) : lat;

  if (token !== undefined) {
    const device = ctx.devices.get('fcm', token);
    if (!device || device.service !== 'fcm') return invalid(res, 'The registration token is not a valid FCM registration token', 'message.token');
    if (device.project !== project) return sendGoogleError(res, 403, 'SenderId mismatch', { errorCode: 'SENDER_ID_MISMATCH' });
    if (device.unregisteredAt !== undefined) return sendGoogleError(res, 404, 'Requested entity was not found.', { errorCode: 'UNREGISTERED' });
  }

  switch (fault.kind) {
    case 'drop':
      return dropRequest(req, fault.how);
    case 'ratelimit':
      return sendGoogleError(res, 429, 'Quota exceeded for quota metric.', { errorCode: 'QUOTA_EXCEEDED', retryAfter: fault.retryAfter });
    case 'status': {
      const code = fault.reason || 'INTERNAL';
      const status = fault.status || FCM_ERROR_CODES[code] || 500;
      return sendGoogleError(res, status, `Injected fault: ${code}`, {
        errorCode: code,
        ...(fault.retryAfter !== undefined ? { retryAfter: fault.retryAfter } : {}),
      });
    }
  }

  const name = `projects/${project}/messages/0:${Date.now()}%${randomBytes(8).toString('hex')}`;
  if (body.validate_only !== true && token !== undefined) {
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
