// Relay mode: send_push and ack are forwarded unchanged (same path, same body bytes) to an
// upstream push service (RelayUpstreamURL), the seed's "proxy to forward requests to
// push.mattermost.com", through HTTPS_PROXY where set. The upstream's reply (status, JSON body,
// Retry-After) is passed back as it is. When the upstream cannot be reached, times out or answers
// something that is not the push-proxy wire format, the reply is a retryable
// 200 {"status":"FAIL","error":"relay: …"} — never REMOVE: only the upstream can say a token is dead.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.js';
import { redactToken } from '../observability/redact.js';
import type { SendResult } from '../providers/provider.js';
import type { TraceStore } from '../trace/trace-store.js';
import type { ProxyEnv } from '../transport/proxy.js';
import { outboundRequest, outboundTarget, type OutboundTarget } from './outbound-http.js';

export interface RelayOptions {
  upstream: string;
  /** Sent as Authorization: Bearer; when empty the caller's Authorization header is passed on. */
  key?: string;
  env?: ProxyEnv;
  extraCa?: string[];
  timeoutMs: number;
  maxBodyBytes: number;
  logger: Logger;
  trace?: TraceStore;
}

/** Checks RelayUpstreamURL; returns the problem, or undefined when usable. */
export function relayUrlProblem(raw: string): string | undefined {
  if (!raw) return 'RelayUpstreamURL: required in Mode "relay" (the upstream push service, e.g. https://push.example.com)';
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return `RelayUpstreamURL: not a URL: ${JSON.stringify(raw.slice(0, 80))}`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `RelayUpstreamURL: expected an http(s) URL, got ${u.protocol}`;
  if (u.username || u.password) return 'RelayUpstreamURL: no credentials in the URL (use RelayUpstreamKey)';
  return undefined;
}

type Fields = { ack_id?: unknown; server_id?: unknown; platform?: unknown; type?: unknown; device_id?: unknown; id?: unknown };

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export class Relay {
  private readonly target: OutboundTarget;
  readonly origin: string;

  constructor(private readonly opts: RelayOptions) {
    const url = new URL(opts.upstream.endsWith('/') ? opts.upstream : `${opts.upstream}/`);
    this.target = outboundTarget(url, opts.env ?? process.env, opts.extraCa);
    this.origin = `${url.protocol}//${url.host}`;
  }

  private readBody(req: IncomingMessage): Promise<Buffer | undefined> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let over = Number(req.headers['content-length']) > this.opts.maxBodyBytes;
      if (over) return resolve(undefined);
      req.on('data', (c: Buffer) => {
        if (over) return;
        size += c.length;
        if (size > this.opts.maxBodyBytes) {
          over = true;
          chunks.length = 0;
          resolve(undefined);
          return;
        }
        chunks.push(c);
      });
      req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  private reply(res: ServerResponse, code: number, body: string | Buffer, headers: Record<string, string> = {}): void {
    res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
    res.end(body);
  }

  /** Forwards one send_push or ack (`path`) and answers `res`. */
  async forward(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const started = performance.now();
    const body = await this.readBody(req);
    if (body === undefined) {
      return this.reply(res, 413, JSON.stringify({ status: 'FAIL', error: `body: larger than ${this.opts.maxBodyBytes} bytes` }), { connection: 'close' });
    }
    // Only for the trace and the log: the body goes upstream as received, valid or not.
    let fields: Fields = {};
    try {
      const parsed = JSON.parse(body.toString('utf8')) as unknown;
      if (typeof parsed === 'object' && parsed !== null) fields = parsed as Fields;
    } catch {
      // not JSON: the upstream will say so
    }
    const isPush = path.endsWith('/send_push');
    const traced = isPush
      ? this.opts.trace?.received(
          { ackId: str(fields.ack_id) || undefined, serverId: str(fields.server_id), platform: str(fields.platform), type: str(fields.type) || 'message', deviceId: str(fields.device_id) },
          `relay ${this.origin}`,
        )
      : undefined;
    if (!isPush && str(fields.id)) this.opts.trace?.acked({ id: str(fields.id) });

    const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? 'application/json', 'user-agent': 'herald-push-relay' };
    if (this.opts.key) headers.authorization = `Bearer ${this.opts.key}`;
    else if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const upstreamPath = this.target.url.pathname.replace(/\/$/, '') + path;
    let result: SendResult;
    try {
      const r = await outboundRequest(this.target, upstreamPath, { headers, body, timeoutMs: this.opts.timeoutMs });
      const text = r.body.toString('utf8');
      let reply: { status?: unknown; error?: unknown } | undefined;
      try {
        reply = JSON.parse(text) as typeof reply;
      } catch {
        reply = undefined;
      }
      const status = reply?.status;
      if (status === 'OK' || status === 'FAIL' || status === 'REMOVE') {
        // The wire format: pass the upstream's answer through unchanged.
        const passHeaders: Record<string, string> = {};
        const retryAfter = r.headers['retry-after'];
        if (typeof retryAfter === 'string') passHeaders['retry-after'] = retryAfter;
        const wwwAuth = r.headers['www-authenticate'];
        if (typeof wwwAuth === 'string') passHeaders['www-authenticate'] = wwwAuth;
        this.reply(res, r.status, r.body, passHeaders);
        result = status === 'OK' ? { status } : status === 'REMOVE' ? { status, error: str(reply?.error) } : { status, error: str(reply?.error) || `HTTP ${r.status}`, retryable: r.status >= 500 || r.status === 429 };
      } else {
        const error = `relay: upstream ${this.origin} answered HTTP ${r.status} without the push-proxy JSON reply`;
        this.reply(res, 200, JSON.stringify({ status: 'FAIL', error }));
        result = { status: 'FAIL', error, retryable: true };
      }
    } catch (e) {
      const error = `relay: upstream ${this.origin} unreachable${this.target.via ? ` (via proxy ${this.target.via})` : ''}: ${(e as Error).message}`;
      this.reply(res, 200, JSON.stringify({ status: 'FAIL', error }));
      result = { status: 'FAIL', error, retryable: true };
    }
    const ms = performance.now() - started;
    this.opts.trace?.tried(traced, 1, result, ms);
    this.opts.trace?.finished(traced, result, 1, ms);
    if (result.status !== 'OK') {
      this.opts.logger.info({ path, ack_id: str(fields.ack_id), server_id: str(fields.server_id), device: redactToken(str(fields.device_id)), result: result.status, ms: Math.round(ms), error: result.error }, 'relayed push not delivered');
    } else if (this.opts.logger.isLevelEnabled('debug')) {
      this.opts.logger.debug({ path, ack_id: str(fields.ack_id), server_id: str(fields.server_id), device: redactToken(str(fields.device_id)), result: 'OK', ms: Math.round(ms) }, 'relayed');
    }
  }

  close(): void {
    this.target.agent.destroy();
  }
}
