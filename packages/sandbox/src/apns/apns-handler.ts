// APNs stand-in: `POST /3/device/<token>` over HTTP/2, checked as Apple checks it.
import { randomUUID } from 'node:crypto';
import type { TLSSocket } from 'node:tls';
import type { SandboxContext } from '../context.js';
import { BodyTooLarge, dropRequest, header, isHttp2, readBody, sendJson, sleep, type Req, type Res } from '../http/http.js';
import { isWellFormedApnsToken } from '../state/devices.js';
import { APNS_REASONS, PAYLOAD_LIMIT, PUSH_TYPES, VOIP_PAYLOAD_LIMIT, type ApnsReason } from './reasons.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PATH = /^\/3\/device\/([^/?]*)$/;
const TOPIC_SUFFIXES = ['.voip', '.complication', '.pushkit.fileprovider'];

function fail(res: Res, reason: ApnsReason, apnsId: string, extra: Record<string, unknown> = {}): void {
  sendJson(res, APNS_REASONS[reason], { reason, ...extra }, { 'apns-id': apnsId });
}

/** The topic an Apple Push Services client certificate is for (its subject UID), if the peer sent one we trust. */
function certificateTopic(req: Req): string | undefined {
  const socket = req.socket as TLSSocket;
  if (!socket.authorized || typeof socket.getPeerCertificate !== 'function') return undefined;
  const cert = socket.getPeerCertificate();
  const subject = cert?.subject as unknown as Record<string, string | string[]> | undefined;
  const uid = subject?.UID;
  return Array.isArray(uid) ? uid[0] : uid;
}

function baseTopic(topic: string): string {
  for (const s of TOPIC_SUFFIXES) if (topic.endsWith(s)) return topic.slice(0, -s.length);
  return topic;
}

export function isApnsPath(path: string): boolean {
  return path.startsWith('/3/');
}

export async function handleApns(ctx: SandboxContext, req: Req, res: Res): Promise<void> {
  const requestId = header(req, 'apns-id');
  const apnsId = requestId && UUID.test(requestId) ? requestId.toLowerCase() : randomUUID();
  const path = (req.url ?? '').split('?')[0] ?? '';
  const m = PATH.exec(path);

  if (!isHttp2(req)) {
    // APNs speaks HTTP/2 only.
    sendJson(res, 505, { reason: 'HTTP/2 required' });
    return;
  }
  if (!m) return fail(res, 'BadPath', apnsId);
  if (req.method !== 'POST') return fail(res, 'MethodNotAllowed', apnsId);
  const token = decodeURIComponent(m[1] ?? '');
  if (!token) return fail(res, 'MissingDeviceToken', apnsId);

  // Latency applies first so that it delays whatever else happens to the request.
  const lat = ctx.faults.take('apns', token.toLowerCase());
  if (lat.kind === 'latency') await sleep(lat.ms);
  const fault = lat.kind === 'latency' ? ctx.faults.take('apns', token.toLowerCase(), true) : lat;

  // Authentication: provider token if an authorization header is present, else the client certificate.
  let allowedTopics: string[];
  let certTopic: string | undefined;
  const authorization = header(req, 'authorization');
  if (authorization !== undefined) {
    const check = await ctx.apnsTokens.check(authorization, req.stream.session ?? req.socket);
    if (!check.ok) return fail(res, check.reason, apnsId);
    allowedTopics = check.key.topics;
  } else {
    certTopic = certificateTopic(req);
    if (!certTopic) return fail(res, 'MissingProviderToken', apnsId);
    allowedTopics = [certTopic];
  }

  if (requestId !== undefined && !UUID.test(requestId)) return fail(res, 'BadMessageId', apnsId);
  const priority = header(req, 'apns-priority');
  if (priority !== undefined && !['10', '5', '1'].includes(priority)) return fail(res, 'BadPriority', apnsId);
  const pushType = header(req, 'apns-push-type') ?? 'alert';
  if (!(PUSH_TYPES as readonly string[]).includes(pushType)) return fail(res, 'InvalidPushType', apnsId);
  const expiration = header(req, 'apns-expiration');
  if (expiration !== undefined && !/^\d{1,10}$/.test(expiration)) return fail(res, 'BadExpirationDate', apnsId);
  const collapseId = header(req, 'apns-collapse-id');
  if (collapseId !== undefined && Buffer.byteLength(collapseId) > 64) return fail(res, 'BadCollapseId', apnsId);

  const topic = header(req, 'apns-topic') ?? certTopic;
  if (!topic) return fail(res, 'MissingTopic', apnsId);
  const base = baseTopic(topic);
  if (!allowedTopics.includes(base)) return fail(res, 'TopicDisallowed', apnsId);
  if ((pushType === 'voip') !== topic.endsWith('.voip')) return fail(res, 'InvalidPushType', apnsId);
  if (!isWellFormedApnsToken(token)) return fail(res, 'BadDeviceToken', apnsId);

  let body: Buffer;
  try {
    body = await readBody(req, VOIP_PAYLOAD_LIMIT);
  } catch (e) {
    if (e instanceof BodyTooLarge) return fail(res, 'PayloadTooLarge', apnsId);
    return;
  }
  const limit = pushType === 'voip' ? VOIP_PAYLOAD_LIMIT : PAYLOAD_LIMIT;
  if (body.length === 0) return fail(res, 'PayloadEmpty', apnsId);
  if (body.length > limit) return fail(res, 'PayloadTooLarge', apnsId);
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return fail(res, 'BadPayload', apnsId);
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return fail(res, 'BadPayload', apnsId);

  const device = ctx.devices.get('apns', token);
  if (!device || device.service !== 'apns') return fail(res, 'BadDeviceToken', apnsId);
  if (device.topic !== base) return fail(res, 'DeviceTokenNotForTopic', apnsId);
  if (device.unregisteredAt !== undefined) return fail(res, 'Unregistered', apnsId, { timestamp: device.unregisteredAt });

  switch (fault.kind) {
    case 'drop':
      return dropRequest(req, fault.how);
    case 'ratelimit':
      return fail(res, 'TooManyRequests', apnsId);
    case 'status': {
      const reason = fault.reason || 'InternalServerError';
      const extra = fault.status === 410 ? { timestamp: Date.now() } : {};
      const h: Record<string, string> = { 'apns-id': apnsId };
      if (fault.retryAfter !== undefined) h['retry-after'] = String(fault.retryAfter);
      return sendJson(res, fault.status, { reason, ...extra }, h);
    }
  }

  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith(':') || v === undefined) continue;
    headers[k] = k === 'authorization' ? 'bearer <redacted>' : Array.isArray(v) ? v.join(', ') : v;
  }
  headers['apns-topic'] = topic;
  headers['apns-push-type'] = pushType;
  ctx.inbox.add({ service: 'apns', token: device.token, headers, payload, id: apnsId });
  res.writeHead(200, { 'apns-id': apnsId });
  res.end();
}
