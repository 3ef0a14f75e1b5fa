// Web Push service stand-in (RFC 8030): a subscription's endpoint accepts an aes128gcm-encrypted
// (RFC 8291) message authorised by VAPID (RFC 8292); the sandbox holds the browser's private key,
// so it decrypts and records what the service worker would receive.
import { createECDH, randomUUID } from 'node:crypto';
import ece from 'http_ece';
import type { SandboxContext } from '../context.js';
import { BodyTooLarge, dropRequest, header, readBody, sendJson, sendEmpty, sleep, type Req, type Res } from '../http/http.js';
import { checkVapid } from './vapid.js';

const PATH = /^\/wp\/([0-9a-f-]{36})$/;
export const WEBPUSH_PAYLOAD_LIMIT = 4096;
const URGENCIES = ['very-low', 'low', 'normal', 'high'];

export function isWebPushPath(path: string): boolean {
  return path.startsWith('/wp/');
}

function error(res: Res, status: number, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { code: status, errno: status, error: message, message }, headers);
}

/**
 * What RFC 8291 §4 requires of a Web Push body beyond RFC 8188: the keyid is the sender's 65-byte
 * P-256 public key and the message is a single record. Returns the violation, if any.
 */
function aes128gcmShape(body: Buffer): string | undefined {
  if (body.length < 21) return 'header shorter than 21 bytes';
  const rs = body.readUInt32BE(16);
  const idlen = body[20]!;
  if (idlen !== 65) return `keyid must be the 65-byte sender public key (RFC 8291), got ${idlen} bytes`;
  if (rs < 18) return `record size ${rs} is below 18`;
  if (body.length - 21 - idlen > rs) return 'a push message must be a single record (RFC 8291)';
  return undefined;
}

export async function handleWebPush(ctx: SandboxContext, req: Req, res: Res): Promise<void> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const m = PATH.exec(path);
  if (!m) return error(res, 404, 'No such subscription');
  if (req.method !== 'POST') return error(res, 405, 'Method not allowed; POST a message', { allow: 'POST' });
  const sub = ctx.devices.get('webpush', m[1]!);
  if (!sub || sub.service !== 'webpush') return error(res, 404, 'No such subscription');
  if (sub.unregisteredAt !== undefined) return error(res, 410, 'Subscription has expired or was unsubscribed');

  const authorization = header(req, 'authorization');
  if (authorization !== undefined || sub.applicationServerKey) {
    const vapid = await checkVapid(authorization, header(req, 'crypto-key'), ctx.audiences());
    if (!vapid.ok) return error(res, vapid.status, vapid.message);
    if (sub.applicationServerKey && vapid.publicKey !== sub.applicationServerKey) {
      return error(res, 403, 'VAPID key does not match the applicationServerKey the subscription was created with');
    }
  }

  const ttl = header(req, 'ttl');
  if (ttl === undefined || !/^\d{1,10}$/.test(ttl)) return error(res, 400, 'Missing or invalid TTL header');
  const urgency = header(req, 'urgency');
  if (urgency !== undefined && !URGENCIES.includes(urgency)) return error(res, 400, `Invalid Urgency header: ${urgency}`);
  const topic = header(req, 'topic');
  if (topic !== undefined && !/^[A-Za-z0-9_-]{1,32}$/.test(topic)) return error(res, 400, 'Topic must be at most 32 base64url characters');

  let body: Buffer;
  try {
    body = await readBody(req, WEBPUSH_PAYLOAD_LIMIT);
  } catch (e) {
    if (e instanceof BodyTooLarge) return error(res, 413, `Payload exceeds ${WEBPUSH_PAYLOAD_LIMIT} bytes`);
    return;
  }
  let payload: unknown = null;
  if (body.length > 0) {
    const encoding = header(req, 'content-encoding');
    if (encoding !== 'aes128gcm') return error(res, 415, 'Content-Encoding must be aes128gcm');
    const shape = aes128gcmShape(body);
    if (shape) return error(res, 400, `Could not decrypt the aes128gcm payload: ${shape}`);
    let clear: Buffer;
    try {
      const ecdh = createECDH('prime256v1');
      ecdh.setPrivateKey(Buffer.from(sub.privateKey, 'base64url'));
      clear = ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: sub.auth });
    } catch (e) {
      return error(res, 400, `Could not decrypt the aes128gcm payload: ${(e as Error).message}`);
    }
    const text = clear.toString('utf8');
    try {
      payload = JSON.parse(text);
    } catch {
      payload = text;
    }
  }

  // Faults hit well-formed, authorised pushes only, so a rule that is used up was also applied.
  const lat = ctx.faults.take('webpush', sub.token);
  if (lat.kind === 'latency') await sleep(lat.ms);
  const fault = lat.kind === 'latency' ? ctx.faults.take('webpush', sub.token, true) : lat;
  switch (fault.kind) {
    case 'drop':
      return dropRequest(req, fault.how);
    case 'ratelimit':
      return error(res, 429, 'Too many requests', { 'retry-after': String(fault.retryAfter) });
    case 'status':
      return error(res, fault.status, fault.reason || 'Injected fault', fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {});
  }

  const id = randomUUID();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith(':') || v === undefined) continue;
    headers[k] = k === 'authorization' ? 'vapid <redacted>' : Array.isArray(v) ? v.join(', ') : v;
  }
  ctx.inbox.add({ service: 'webpush', token: sub.token, headers, payload, id });
  ctx.onRequest?.('webpush', 201, id);
  sendEmpty(res, 201, { location: `${ctx.origin()}/m/${id}` });
}
