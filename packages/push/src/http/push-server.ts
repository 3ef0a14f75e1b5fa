// The push service's HTTP surface, wire-identical to mattermost-push-proxy:
//   GET /  GET /version  GET /metrics  GET /healthz  GET /readyz
//   POST /api/v1/send_push  POST /api/v1/ack
// Plain node:http, no framework: this is the hot path the throughput benchmark measures.
// Every reply to a push is JSON {"status":"OK"|"FAIL"|"REMOVE","error"?}; nothing here throws
// to the client: a bug answers 500 JSON and is logged.
import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { HeraldConfig } from '../config/schema.js';
import { sendWithRetry, type RetryPolicy } from '../delivery/send-with-retry.js';
import type { Logger } from '../observability/logger.js';
import type { PushMetrics } from '../observability/metrics.js';
import { redactToken } from '../observability/redact.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { SendResult } from '../providers/provider.js';
import { parseAckRequest } from '../request/ack-request.js';
import { knownPlatforms } from '../request/platform.js';
import { parsePushRequest } from '../request/push-request.js';
import type { RateLimiter } from './throttle.js';
import type { Caller, HostedGate } from '../modes/hosted-gate.js';
import type { Relay } from '../modes/relay.js';
import type { TraceStore } from '../trace/trace-store.js';
import type { FeedbackWebhook } from '../feedback/feedback-webhook.js';

export const MAX_BODY_BYTES = 64 * 1024;

export interface BuildInfo {
  version: string;
  hash: string;
  buildDate: string;
}

export interface PushServerDeps {
  config: HeraldConfig;
  providers: ProviderRegistry;
  logger: Logger;
  metrics: PushMetrics;
  limiter?: RateLimiter;
  retry: RetryPolicy;
  build: BuildInfo;
  // Modes and diagnostics (modes/, trace/, feedback/, tls/); each optional.
  /** Hosted mode: server keys and quotas. */
  gate?: HostedGate;
  /** Relay mode: send_push and ack go upstream. */
  relay?: Relay;
  trace?: TraceStore;
  feedback?: FeedbackWebhook;
  /** Headers on every reply (test mode says it is not for production). */
  replyHeaders?: Record<string, string>;
  /** Extra fields of GET /version. */
  versionExtras?: Record<string, unknown>;
  /** Native TLS listener (PEM); replaced on SIGHUP with server.setSecureContext. */
  tls?: { cert: Buffer; key: Buffer };
}

export interface PushServer {
  server: Server;
  /** Sends in flight (for draining). */
  inFlight(): number;
  /** Stops accepting, waits for in-flight sends (at most `timeoutMs`), then aborts the rest. */
  drain(timeoutMs: number): Promise<void>;
}

type Reply = { status: 'OK' | 'FAIL' | 'REMOVE'; error?: string };

/** Paths answered to GET and HEAD; any other path is a 404 whatever the method. */
const GET_PATHS: ReadonlySet<string> = new Set(['/', '/version', '/healthz', '/readyz', '/metrics', '/api/v1/webpush']);

function send(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

const OK_BODY = JSON.stringify({ status: 'OK' } satisfies Reply);
const OK_LENGTH = String(Buffer.byteLength(OK_BODY));

/** The reply to nearly every push, written without building it each time. */
function sendOk(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': OK_LENGTH });
  res.end(OK_BODY);
}

function fail(res: ServerResponse, code: number, error: string): void {
  // After a 413 the rest of the body is not read: the connection cannot be reused.
  send(res, code, { status: 'FAIL', error } satisfies Reply, code === 413 ? { connection: 'close' } : {});
}

class HttpError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > MAX_BODY_BYTES) {
      reject(new HttpError(413, `body: larger than ${MAX_BODY_BYTES} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (c: Buffer) => {
      if (tooLarge) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        // Stop buffering but keep the socket: destroying it here would reset the connection
        // before the 413 reply is written (a streamed/chunked body then got ECONNRESET).
        tooLarge = true;
        chunks.length = 0;
        reject(new HttpError(413, `body: larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The anchor's Mattermost server sends JSON with or without a content type; forms are refused. */
function acceptableContentType(v: string | undefined): boolean {
  if (!v || v === 'application/json') return true;
  const t = v.split(';')[0]!.trim().toLowerCase();
  return t === 'application/json' || t === 'text/plain' || t === '';
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!acceptableContentType(req.headers['content-type'])) {
    throw new HttpError(415, `content-type: expected application/json, got ${req.headers['content-type']}`);
  }
  const raw = await readBody(req);
  if (raw.length === 0) throw new HttpError(400, 'body: empty; expected a JSON object');
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new HttpError(400, `body: not valid JSON (${(e as Error).message})`);
  }
}

function clientKey(req: IncomingMessage, varyBy: string[]): string {
  if (varyBy.length) {
    const parts = varyBy.map((h) => {
      const v = req.headers[h.toLowerCase()];
      return Array.isArray(v) ? v.join(',') : v ?? '';
    });
    if (parts.some((p) => p !== '')) return parts.join('|');
  }
  return req.socket.remoteAddress ?? '';
}

/** Each configured Web Push app type with its VAPID public key (base64url, uncompressed P-256). */
export function webPushApps(providers: ProviderRegistry): { type: string; vapid_public_key: string }[] {
  return providers
    .all()
    .filter((p) => p.kind === 'webpush' && typeof (p as { publicKey?: unknown }).publicKey === 'string')
    .map((p) => ({ type: p.appType, vapid_public_key: (p as unknown as { publicKey: string }).publicKey }));
}

export function createPushServer(deps: PushServerDeps): PushServer {
  const { config, providers, logger, metrics, limiter, retry, build, gate, trace, feedback } = deps;
  const known = knownPlatforms(providers.types());
  const varyBy = config.ThrottleVaryByHeader.split(/[\s,]+/).filter(Boolean);
  const abortAll = new AbortController();
  // Every send in flight listens for shutdown (and removes its listener when done): hundreds at
  // once is normal, not a leak, so Node's MaxListenersExceededWarning must not fire.
  setMaxListeners(0, abortAll.signal);
  let inFlight = 0;
  let draining = false;
  const idleWaiters: (() => void)[] = [];

  async function handleSendPush(req: IncomingMessage, res: ServerResponse, caller: Caller | undefined): Promise<void> {
    const started = performance.now();
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      metrics.badRequest.inc();
      const err = e as HttpError;
      logger.warn({ code: err.code ?? 400 }, `send_push refused: ${err.message}`);
      return fail(res, err.code ?? 400, err.message);
    }
    const parsed = parsePushRequest(body, { known });
    if (!parsed.ok) {
      metrics.badRequest.inc();
      logger.warn(`send_push refused: ${parsed.error}`);
      return fail(res, 400, parsed.error);
    }
    const push = parsed.push;
    if (caller && push.serverId !== caller.serverId) {
      gate?.count(caller, 'forbidden');
      logger.warn({ code: 403, server_id: push.serverId, key_id: caller.keyId }, 'send_push refused: server_id does not match the key');
      return fail(res, 403, `server_id: "${push.serverId}" is not the server this key was issued to`);
    }
    for (const w of parsed.warnings) logger.warn(w);
    const provider = providers.get(push.appType);
    if (!provider) {
      metrics.badRequest.inc();
      const error = `platform: no push settings for app type "${push.appType}" (configured: ${providers.types().join(', ') || 'none'})`;
      logger.warn({ server_id: push.serverId }, `send_push refused: ${error}`);
      return fail(res, 400, error);
    }
    const transport = push.transport || 'default';
    metrics.notifications.labels(push.appType, push.type, transport).inc();
    metrics.byAppVersion.labels(push.appType, push.type, String(push.appVersion)).inc();

    inFlight++;
    let result: SendResult;
    let tries = 0;
    const sendStarted = performance.now();
    const traced = trace?.received(push, provider.kind);
    try {
      ({ result, tries } = await sendWithRetry(provider, push, retry, traced ? { signal: abortAll.signal, onTry: (n, r, ms) => trace!.tried(traced, n, r, ms) } : { signal: abortAll.signal }));
    } finally {
      inFlight--;
      if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
    }
    metrics.observeSend(provider.kind, push.appType, (performance.now() - sendStarted) / 1000);
    trace?.finished(traced, result, tries, performance.now() - started);
    if (caller) gate?.count(caller, result.status);
    if (result.status !== 'OK') feedback?.report(push, result);

    if (result.status === 'OK') {
      metrics.success.labels(push.appType, push.type).inc();
      if (push.ackId) metrics.successWithAck.labels(push.appType, push.type).inc();
    } else {
      metrics.failure.labels(push.appType, push.type).inc();
      if (result.reason) metrics.failureWithReason.labels(push.appType, push.type, result.reason).inc();
      if (result.status === 'REMOVE') metrics.removal.labels(push.appType, result.reason ?? '').inc();
    }
    // The per-push line is DEBUG when the push went out: build it only when it will be written.
    if (result.status !== 'OK' || logger.isLevelEnabled('debug')) {
      const line = {
        platform: push.platform,
        type: push.type,
        ack_id: push.ackId ?? '',
        device: redactToken(push.deviceId),
        server_id: push.serverId,
        result: result.status,
        tries,
        ms: Math.round(performance.now() - started),
        ...(result.status !== 'OK' ? { error: result.error } : {}),
      };
      if (result.status === 'OK') logger.debug(line, 'push sent');
      else logger.info(line, result.status === 'REMOVE' ? 'push refused: device token is dead' : 'push failed');
    }
    metrics.requestDuration.observe((performance.now() - started) / 1000);
    if (result.status === 'OK') sendOk(res);
    else send(res, 200, { status: result.status, error: result.error } satisfies Reply);
  }

  async function handleAck(req: IncomingMessage, res: ServerResponse, caller: Caller | undefined): Promise<void> {
    let body: unknown;
    try {
      body = await readJson(req);
    } catch (e) {
      metrics.badRequest.inc();
      return fail(res, (e as HttpError).code ?? 400, (e as Error).message);
    }
    const parsed = parseAckRequest(body);
    if (!parsed.ok) {
      metrics.badRequest.inc();
      return fail(res, 400, parsed.error);
    }
    const { ack } = parsed;
    metrics.delivered.labels(ack.platform, ack.type).inc();
    if (trace) {
      const owner = trace.serverIdOf(ack.id);
      if (owner !== undefined && (!caller || owner === caller.serverId)) trace.acked(ack);
    }
    if (caller) gate?.count(caller, 'ack');
    logger.debug({ ack_id: ack.id, platform: ack.platform, type: ack.type, post_id: ack.postId ?? '' }, 'push acknowledged by device');
    send(res, 200, { status: 'OK' } satisfies Reply);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    if (path === '/api/v1/send_push' || path === '/api/v1/ack') {
      if (method !== 'POST') return send(res, 405, { status: 'FAIL', error: `method: ${path} takes POST` } satisfies Reply, { allow: 'POST' });
      if (draining) return fail(res, 503, 'shutting down: send to another instance or retry');
      if (limiter) {
        const t = await limiter.take(clientKey(req, varyBy));
        if (!t.allowed) {
          metrics.throttled.inc();
          logger.warn({ code: 429, client: clientKey(req, varyBy).slice(0, 64) }, `${path}: throttled (ThrottlePerSec ${config.ThrottlePerSec})`);
          req.resume();
          return send(res, 429, { status: 'FAIL', error: `throttled: more than ${config.ThrottlePerSec} requests per second` }, { 'retry-after': String(Math.max(1, Math.ceil(t.retryAfterMs / 1000))) });
        }
      }
      let caller: Caller | undefined;
      if (gate) {
        const admitted = await gate.admit(req);
        if (!admitted.ok) {
          req.resume();
          return send(res, admitted.code, { status: 'FAIL', error: admitted.error } satisfies Reply, admitted.headers);
        }
        caller = admitted.caller;
      }
      if (deps.relay) {
        // A forward in flight is a send in flight: drain waits for it like for a provider send.
        inFlight++;
        try {
          return await deps.relay.forward(req, res, path);
        } finally {
          inFlight--;
          if (inFlight === 0) for (const w of idleWaiters.splice(0)) w();
        }
      }
      return path === '/api/v1/send_push' ? handleSendPush(req, res, caller) : handleAck(req, res, caller);
    }
    if (path.startsWith('/api/v1/trace/')) return handleTrace(req, res, path, method);
    if (!GET_PATHS.has(path)) return fail(res, 404, `path: no route ${path}`);
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, { status: 'FAIL', error: `method: ${method} not allowed on ${path}` } satisfies Reply, { allow: 'GET, HEAD' });
    switch (path) {
      case '/':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return void res.end('<html><body>Mattermost Push Proxy (Herald)</body></html>');
      case '/version':
        return send(res, 200, { name: 'herald-push', version: build.version, hash: build.hash, build_date: build.buildDate, mode: config.Mode, ...deps.versionExtras });
      case '/healthz':
        return send(res, 200, { status: 'OK' });
      case '/api/v1/webpush':
        // The VAPID public keys of the Web Push app types: what a browser subscribes with
        // (applicationServerKey). Public by nature; the chat server hands it to its web app.
        return send(res, 200, { status: 'OK', apps: webPushApps(providers) });
      case '/readyz':
        return draining
          ? send(res, 503, { status: 'FAIL', error: 'draining' })
          : send(res, 200, { status: 'OK', providers: providers.types() });
      case '/metrics':
        if (!config.EnableMetrics) return fail(res, 404, 'metrics: disabled (set EnableMetrics)');
        res.writeHead(200, { 'content-type': metrics.contentType });
        return void res.end(await metrics.text());
      default:
        return fail(res, 404, `path: no route ${path}`);
    }
  }

  /** GET /api/v1/trace/<ack_id>: the delivery trace; in hosted mode only for the owning server. */
  function handleTrace(req: IncomingMessage, res: ServerResponse, path: string, method: string): void {
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, { status: 'FAIL', error: `method: ${method} not allowed on /api/v1/trace` } satisfies Reply, { allow: 'GET, HEAD' });
    let ackId: string;
    try {
      ackId = decodeURIComponent(path.slice('/api/v1/trace/'.length));
    } catch {
      return fail(res, 400, 'ack_id: not valid percent-encoding');
    }
    if (!trace) return fail(res, 404, 'trace: disabled (TraceHistorySize is 0)');
    let owner: string | undefined;
    if (gate) {
      const who = gate.identify(req);
      if (!who.ok) return send(res, who.code, { status: 'FAIL', error: who.error } satisfies Reply, who.headers);
      owner = who.caller.serverId;
    }
    const t = ackId ? trace.get(ackId) : undefined;
    // Another server's push is "not found" to this key: its existence is not disclosed.
    if (!t || (owner !== undefined && t.server_id !== owner)) return fail(res, 404, `trace: no recent push with ack_id "${ackId.slice(0, 64)}" (the last ${trace.capacity} pushes are kept)`);
    return send(res, 200, { status: 'OK', trace: t });
  }

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    if (deps.replyHeaders) for (const [k, v] of Object.entries(deps.replyHeaders)) res.setHeader(k, v);
    route(req, res).catch((e: unknown) => {
      logger.error({ err: e }, 'request handler failed');
      if (!res.headersSent) fail(res, 500, `internal error: ${(e as Error).message}`);
      else res.destroy();
    });
  };
  const server: Server = deps.tls ? createTlsServer({ cert: deps.tls.cert, key: deps.tls.key, keepAliveTimeout: 65_000 }, handler) : createServer({ keepAliveTimeout: 65_000 }, handler);
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"status":"FAIL","error":"malformed HTTP request"}');
    else socket.destroy();
  });

  return {
    server,
    inFlight: () => inFlight,
    async drain(timeoutMs) {
      draining = true;
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            abortAll.abort();
            resolve();
          }, timeoutMs);
          idleWaiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      // Give replies a moment to flush, then drop keep-alive connections.
      setImmediate(() => server.closeAllConnections());
      await closed;
    },
  };
}
