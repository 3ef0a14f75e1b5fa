// APNs stand-in: `POST /3/device/<token>` over HTTP/2, checked as Apple checks it.
import { randomUUID } from 'node:crypto';
import { constants as h2 } from 'node:http2';
import type { TLSSocket } from 'node:tls';
import type { Http2ServerRequest } from 'node:http2';
import type { SandboxContext } from '../context.js';
import { BodyTooLarge, header, isHttp2, readBody, sendJson, sleep, type Req, type Res } from '../http/http.js';
import { isWellFormedApnsToken } from '../state/devices.js';
import { clientCertificate } from './client-certificate.js';
import { APNS_REASONS, PAYLOAD_LIMIT, PUSH_TYPES, VOIP_PAYLOAD_LIMIT, type ApnsReason } from './reasons.js';

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const PATH = /^\/3\/device\/([^/?]*)$/;

/**
 * The topic suffix Apple requires for each push type (apns-push-type documentation); alert and
 * background go to the bare bundle id. `mdm` is absent: its topic comes from the MDM certificate.
 */
const TYPE_SUFFIX: Record<string, string> = {
  alert: '',
  background: '',
  voip: '.voip',
  complication: '.complication',
  fileprovider: '.pushkit.fileprovider',
  location: '.location-query',
  liveactivity: '.push-type.liveactivity',
  pushtotalk: '.voip-ptt',
  widgets: '.push-type.widgets',
  controls: '.push-type.controls',
};
// Longest first so `.voip-ptt` is not mistaken for something shorter.
const SUFFIXES = [...new Set(Object.values(TYPE_SUFFIX).filter(Boolean))].sort((a, b) => b.length - a.length);

/** Apple's reason for a status, when a status fault names none. */
const FAULT_REASONS: Partial<Record<number, ApnsReason>> = {
  403: 'Forbidden',
  410: 'Unregistered',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

/** Headers APNs refuses to see twice (DuplicateHeaders). */
function isApnsHeader(name: string): boolean {
  return name.startsWith('apns-') || name === 'authorization';
}

function topicSuffix(topic: string): string {
  return SUFFIXES.find((s) => topic.endsWith(s) && topic.length > s.length) ?? '';
}

function respond(ctx: SandboxContext, res: Res, status: number, reason: string, apnsId: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  sendJson(res, status, { reason, ...extra }, { 'apns-id': apnsId, ...headers });
  ctx.onRequest?.('apns', status, reason);
}

function fail(ctx: SandboxContext, res: Res, reason: ApnsReason, apnsId: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): void {
  respond(ctx, res, APNS_REASONS[reason], reason, apnsId, extra, headers);
}

/**
 * Drops the request as a failing APNs would. `goaway`: a GOAWAY whose debug data is Apple's JSON
 * reason, the request's stream refused (so a client knows it is safe to retry) and the connection
 * closed once other streams finish. `reset`: the stream is reset with INTERNAL_ERROR.
 */
function drop(req: Http2ServerRequest, how: 'goaway' | 'reset'): void {
  const session = req.stream.session;
  if (how === 'goaway' && session && !session.closed && !session.destroyed) {
    session.goaway(h2.NGHTTP2_NO_ERROR, 0, Buffer.from(JSON.stringify({ reason: 'Shutdown' })));
    req.stream.close(h2.NGHTTP2_REFUSED_STREAM);
    session.close();
    return;
  }
  req.stream.close(h2.NGHTTP2_INTERNAL_ERROR);
}

export function isApnsPath(path: string): boolean {
  return path.startsWith('/3/');
}

export async function handleApns(ctx: SandboxContext, req: Req, res: Res): Promise<void> {
  const requestId = header(req, 'apns-id');
  // APNs echoes the apns-id it was given, or assigns one.
  const apnsId = requestId !== undefined && UUID.test(requestId) ? requestId : randomUUID();
  const path = (req.url ?? '').split('?')[0] ?? '';
  const m = PATH.exec(path);

  if (!isHttp2(req)) {
    // APNs speaks HTTP/2 only.
    sendJson(res, 505, { reason: 'HTTP/2 required' });
    ctx.onRequest?.('apns', 505, 'HTTP/2 required');
    return;
  }
  if (!m) return fail(ctx, res, 'BadPath', apnsId);
  if (req.method !== 'POST') return fail(ctx, res, 'MethodNotAllowed', apnsId);
  let token: string;
  try {
    token = decodeURIComponent(m[1] ?? '');
  } catch {
    return fail(ctx, res, 'BadDeviceToken', apnsId);
  }
  if (!token) return fail(ctx, res, 'MissingDeviceToken', apnsId);

  const seen = new Set<string>();
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    const name = (req.rawHeaders[i] ?? '').toLowerCase();
    if (!isApnsHeader(name)) continue;
    if (seen.has(name)) return fail(ctx, res, 'DuplicateHeaders', apnsId);
    seen.add(name);
  }

  // Authentication: provider token if an authorization header is present, else the client certificate.
  let allowedTopics: string[];
  let certDefaultTopic: string | undefined;
  let certMultiTopic = false;
  const authorization = header(req, 'authorization');
  const connection = req.stream.session ?? req.socket;
  if (authorization !== undefined) {
    const check = await ctx.apnsTokens.check(authorization, connection);
    if (!check.ok) return fail(ctx, res, check.reason, apnsId);
    allowedTopics = check.key.topics;
  } else {
    const cert = clientCertificate(req.socket as TLSSocket, connection);
    if (!cert.ok) return fail(ctx, res, cert.reason === 'none' ? 'MissingProviderToken' : cert.reason, apnsId);
    allowedTopics = cert.topics;
    certDefaultTopic = cert.uid;
    certMultiTopic = cert.multiTopic;
  }

  if (requestId !== undefined && !UUID.test(requestId)) return fail(ctx, res, 'BadMessageId', apnsId);
  const priority = header(req, 'apns-priority');
  if (priority !== undefined && !['10', '5', '1'].includes(priority)) return fail(ctx, res, 'BadPriority', apnsId);
  const sentPushType = header(req, 'apns-push-type');
  const pushType = sentPushType ?? 'alert';
  if (!(PUSH_TYPES as readonly string[]).includes(pushType)) return fail(ctx, res, 'InvalidPushType', apnsId);
  const expiration = header(req, 'apns-expiration');
  if (expiration !== undefined && !/^\d{1,10}$/.test(expiration)) return fail(ctx, res, 'BadExpirationDate', apnsId);
  const collapseId = header(req, 'apns-collapse-id');
  if (collapseId !== undefined && Buffer.byteLength(collapseId) > 64) return fail(ctx, res, 'BadCollapseId', apnsId);

  // The topic is mandatory except on a certificate connection whose certificate names one topic.
  const sentTopic = header(req, 'apns-topic');
  if (sentTopic === '' || (sentTopic === undefined && (certDefaultTopic === undefined || certMultiTopic))) {
    return fail(ctx, res, 'MissingTopic', apnsId);
  }
  const topic = sentTopic ?? certDefaultTopic!;
  const suffix = topicSuffix(topic);
  const base = topic.slice(0, topic.length - suffix.length);
  if (!allowedTopics.includes(topic) && !allowedTopics.includes(base)) return fail(ctx, res, 'TopicDisallowed', apnsId);
  if (pushType !== 'mdm' && TYPE_SUFFIX[pushType] !== suffix) return fail(ctx, res, 'InvalidPushType', apnsId);
  if (!isWellFormedApnsToken(token)) return fail(ctx, res, 'BadDeviceToken', apnsId);

  let body: Buffer;
  try {
    body = await readBody(req, VOIP_PAYLOAD_LIMIT);
  } catch (e) {
    if (e instanceof BodyTooLarge) return fail(ctx, res, 'PayloadTooLarge', apnsId);
    return;
  }
  const limit = pushType === 'voip' ? VOIP_PAYLOAD_LIMIT : PAYLOAD_LIMIT;
  if (body.length === 0) return fail(ctx, res, 'PayloadEmpty', apnsId);
  if (body.length > limit) return fail(ctx, res, 'PayloadTooLarge', apnsId);
  let payload: unknown;
  try {
    payload = JSON.parse(body.toString('utf8'));
  } catch {
    return fail(ctx, res, 'BadPayload', apnsId);
  }
  if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return fail(ctx, res, 'BadPayload', apnsId);

  // Faults hit well-formed, authenticated requests: a rule that is used up was also applied.
  const key = token.toLowerCase();
  const first = ctx.faults.take('apns', key);
  if (first.kind === 'latency') await sleep(first.ms);
  const fault = first.kind === 'latency' ? ctx.faults.take('apns', key, true) : first;
  if (req.stream.destroyed) return;
  switch (fault.kind) {
    case 'drop':
      ctx.onRequest?.('apns', 0, `dropped (${fault.how})`);
      return drop(req, fault.how);
    case 'ratelimit':
      return fail(ctx, res, 'TooManyRequests', apnsId, {}, { 'retry-after': String(fault.retryAfter) });
    case 'status': {
      const reason = fault.reason || (FAULT_REASONS[fault.status] ?? 'InternalServerError');
      const extra = fault.status === 410 ? { timestamp: Date.now() } : {};
      const h: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      return respond(ctx, res, fault.status, reason, apnsId, extra, h);
    }
  }

  const device = ctx.devices.get('apns', token);
  if (!device || device.service !== 'apns') return fail(ctx, res, 'BadDeviceToken', apnsId);
  if (device.topic !== base) return fail(ctx, res, 'DeviceTokenNotForTopic', apnsId);
  if (device.unregisteredAt !== undefined) return fail(ctx, res, 'Unregistered', apnsId, { timestamp: device.unregisteredAt });

  // The headers as sent (authorization redacted); apns-topic is added when the certificate implied it.
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith(':') || v === undefined) continue;
    headers[k] = k === 'authorization' ? 'bearer <redacted>' : Array.isArray(v) ? v.join(', ') : v;
  }
  headers['apns-topic'] = topic;
  ctx.inbox.add({ service: 'apns', token: device.token, headers, payload, id: apnsId });
  res.writeHead(200, { 'apns-id': apnsId });
  res.end();
  ctx.onRequest?.('apns', 200, apnsId);
}
