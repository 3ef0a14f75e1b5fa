// The push service's HTTP surface, wire-identical to mattermost-push-proxy:
//   GET /  GET /version  GET /metrics  GET /healthz  GET /readyz
//   POST /api/v1/send_push  POST /api/v1/ack
// Plain node:http, no framework: this is the hot path the throughput benchmark measures.
// Every reply to a push is JSON {"status":"OK"|"FAIL"|"REMOVE","error"?}; nothing here throws
// to the client: a bug answers 500 JSON and is logged.
import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import { sendWithRetry } from '../delivery/send-with-retry.js';
import { redactToken } from '../observability/redact.js';
import { parseAckRequest } from '../request/ack-request.js';
import { knownPlatforms } from '../request/platform.js';
import { parsePushRequest } from '../request/push-request.js';
export const MAX_BODY_BYTES = 64 * 1024;
/** Paths answered to GET and HEAD; any other path is a 404 whatever the method. */
const GET_PATHS = new Set(['/', '/version', '/healthz', '/readyz', '/metrics']);
function send(res, code, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
}
function fail(res, code, error) {
    // After a 413 the rest of the body is not read: the connection cannot be reused.
    send(res, code, { status: 'FAIL', error }, code === 413 ? { connection: 'close' } : {});
}
class HttpError extends Error {
    code;
    constructor(code, message) {
        super(message);
        this.code = code;
    }
}
function readBody(req) {
    return new Promise((resolve, reject) => {
        const declared = Number(req.headers['content-length']);
        if (declared > MAX_BODY_BYTES) {
            reject(new HttpError(413, `body: larger than ${MAX_BODY_BYTES} bytes`));
            return;
        }
        const chunks = [];
        let size = 0;
        let tooLarge = false;
        req.on('data', (c) => {
            if (tooLarge)
                return;
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
function acceptableContentType(v) {
    if (!v)
        return true;
    const t = v.split(';')[0].trim().toLowerCase();
    return t === 'application/json' || t === 'text/plain' || t === '';
}
async function readJson(req) {
    if (!acceptableContentType(req.headers['content-type'])) {
        throw new HttpError(415, `content-type: expected application/json, got ${req.headers['content-type']}`);
    }
    const raw = await readBody(req);
    if (raw.length === 0)
        throw new HttpError(400, 'body: empty; expected a JSON object');
    try {
        return JSON.parse(raw.toString('utf8'));
    }
    catch (e) {
        throw new HttpError(400, `body: not valid JSON (${e.message})`);
    }
}
function clientKey(req, varyBy) {
    if (varyBy.length) {
        const parts = varyBy.map((h) => {
            const v = req.headers[h.toLowerCase()];
            return Array.isArray(v) ? v.join(',') : v ?? '';
        });
        if (parts.some((p) => p !== ''))
            return parts.join('|');
    }
    return req.socket.remoteAddress ?? '';
}
export function createPushServer(deps) {
    const { config, providers, logger, metrics, limiter, retry, build } = deps;
    const known = knownPlatforms(providers.types());
    const varyBy = config.ThrottleVaryByHeader.split(/[\s,]+/).filter(Boolean);
    const abortAll = new AbortController();
    // Every send in flight listens for shutdown (and removes its listener when done): hundreds at
    // once is normal, not a leak, so Node's MaxListenersExceededWarning must not fire.
    setMaxListeners(0, abortAll.signal);
    let inFlight = 0;
    let draining = false;
    const idleWaiters = [];
    async function handleSendPush(req, res) {
        const started = performance.now();
        let body;
        try {
            body = await readJson(req);
        }
        catch (e) {
            metrics.badRequest.inc();
            const err = e;
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
        for (const w of parsed.warnings)
            logger.warn(w);
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
        let result;
        let tries = 0;
        const sendStarted = performance.now();
        try {
            ({ result, tries } = await sendWithRetry(provider, push, retry, { signal: abortAll.signal }));
        }
        finally {
            inFlight--;
            if (inFlight === 0)
                for (const w of idleWaiters.splice(0))
                    w();
        }
        metrics.observeSend(provider.kind, push.appType, (performance.now() - sendStarted) / 1000);
        const reply = result.status === 'OK' ? { status: 'OK' } : { status: result.status, error: result.error };
        if (result.status === 'OK') {
            metrics.success.labels(push.appType, push.type).inc();
            if (push.ackId)
                metrics.successWithAck.labels(push.appType, push.type).inc();
        }
        else {
            metrics.failure.labels(push.appType, push.type).inc();
            if (result.reason)
                metrics.failureWithReason.labels(push.appType, push.type, result.reason).inc();
            if (result.status === 'REMOVE')
                metrics.removal.labels(push.appType, result.reason ?? '').inc();
        }
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
        if (result.status === 'OK')
            logger.debug(line, 'push sent');
        else
            logger.info(line, result.status === 'REMOVE' ? 'push refused: device token is dead' : 'push failed');
        metrics.requestDuration.observe((performance.now() - started) / 1000);
        send(res, 200, reply);
    }
    async function handleAck(req, res) {
        let body;
        try {
            body = await readJson(req);
        }
        catch (e) {
            metrics.badRequest.inc();
            return fail(res, e.code ?? 400, e.message);
        }
        const parsed = parseAckRequest(body);
        if (!parsed.ok) {
            metrics.badRequest.inc();
            return fail(res, 400, parsed.error);
        }
        const { ack } = parsed;
        metrics.delivered.labels(ack.platform, ack.type).inc();
        logger.debug({ ack_id: ack.id, platform: ack.platform, type: ack.type, post_id: ack.postId ?? '' }, 'push acknowledged by device');
        send(res, 200, { status: 'OK' });
    }
    async function route(req, res) {
        const path = (req.url ?? '/').split('?')[0] ?? '/';
        const method = req.method ?? 'GET';
        if (path === '/api/v1/send_push' || path === '/api/v1/ack') {
            if (method !== 'POST')
                return send(res, 405, { status: 'FAIL', error: `method: ${path} takes POST` }, { allow: 'POST' });
            if (draining)
                return fail(res, 503, 'shutting down: send to another instance or retry');
            if (limiter) {
                const t = await limiter.take(clientKey(req, varyBy));
                if (!t.allowed) {
                    metrics.throttled.inc();
                    logger.warn({ code: 429, client: clientKey(req, varyBy) }, `${path}: throttled (ThrottlePerSec ${config.ThrottlePerSec})`);
                    req.resume();
                    return send(res, 429, { status: 'FAIL', error: `throttled: more than ${config.ThrottlePerSec} requests per second` }, { 'retry-after': String(Math.max(1, Math.ceil(t.retryAfterMs / 1000))) });
                }
            }
            return path === '/api/v1/send_push' ? handleSendPush(req, res) : handleAck(req, res);
        }
        if (!GET_PATHS.has(path))
            return fail(res, 404, `path: no route ${path}`);
        if (method !== 'GET' && method !== 'HEAD')
            return send(res, 405, { status: 'FAIL', error: `method: ${method} not allowed on ${path}` }, { allow: 'GET, HEAD' });
        switch (path) {
            case '/':
                res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
                return void res.end('<html><body>Mattermost Push Proxy (Herald)</body></html>');
            case '/version':
                return send(res, 200, { name: 'herald-push', version: build.version, hash: build.hash, build_date: build.buildDate, mode: config.Mode });
            case '/healthz':
                return send(res, 200, { status: 'OK' });
            case '/readyz':
                return draining
                    ? send(res, 503, { status: 'FAIL', error: 'draining' })
                    : send(res, 200, { status: 'OK', providers: providers.types() });
            case '/metrics':
                if (!config.EnableMetrics)
                    return fail(res, 404, 'metrics: disabled (set EnableMetrics)');
                res.writeHead(200, { 'content-type': metrics.contentType });
                return void res.end(await metrics.text());
            default:
                return fail(res, 404, `path: no route ${path}`);
        }
    }
    const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
        route(req, res).catch((e) => {
            logger.error({ err: e }, 'request handler failed');
            if (!res.headersSent)
                fail(res, 500, `internal error: ${e.message}`);
            else
                res.destroy();
        });
    });
    server.on('clientError', (_err, socket) => {
        if (socket.writable)
            socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n{"status":"FAIL","error":"malformed HTTP request"}');
        else
            socket.destroy();
    });
    return {
        server,
        inFlight: () => inFlight,
        async drain(timeoutMs) {
            draining = true;
            const closed = new Promise((r) => server.close(() => r()));
            server.closeIdleConnections();
            if (inFlight > 0) {
                await new Promise((resolve) => {
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
//# sourceMappingURL=push-server.js.map