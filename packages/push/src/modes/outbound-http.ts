// Outbound HTTP(S) requests of the push service that are not provider traffic: the relay's
// upstream and the feedback webhook. Keep-alive agents; through HTTPS_PROXY / HTTP_PROXY (a
// CONNECT tunnel, transport/proxy.ts) unless NO_PROXY lists the host, like every provider.
import { Agent as HttpAgent, request as httpRequest, type AgentOptions as HttpAgentOptions, type ClientRequestArgs, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { rootCertificates } from 'node:tls';
import { connectTunnel, describeProxy, proxyFor, ProxyTunnelAgent, type ProxyEnv } from '../transport/proxy.js';

/** An http:// agent whose connections are CONNECT tunnels through `proxy`. */
class HttpTunnelAgent extends HttpAgent {
  constructor(
    readonly proxy: URL,
    opts: HttpAgentOptions,
  ) {
    super(opts);
  }

  override createConnection(options: ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const cb = callback ?? (() => {});
    connectTunnel(this.proxy, String(options.hostname ?? options.host ?? 'localhost').replace(/^\[|\]$/g, ''), Number(options.port ?? 80)).then(
      (socket) => cb(null, socket),
      (err: Error) => cb(err, undefined as unknown as Duplex),
    );
    return undefined;
  }
}

export interface OutboundTarget {
  url: URL;
  agent: HttpAgent;
  /** The proxy in use, for messages (without its password). */
  via: string | undefined;
}

/** A keep-alive agent for `url`, through the environment's proxy where one applies. */
export function outboundTarget(url: URL, env: ProxyEnv, extraCa?: string[]): OutboundTarget {
  const proxy = proxyFor(url, env);
  const common = { keepAlive: true, maxSockets: 64 };
  const ca = extraCa?.length ? [...rootCertificates, ...extraCa] : undefined;
  if (url.protocol === 'https:') {
    const tlsOpts = ca ? { ...common, ca } : common;
    return { url, agent: proxy ? new ProxyTunnelAgent(proxy, tlsOpts) : new HttpsAgent(tlsOpts), via: proxy && describeProxy(proxy) };
  }
  return { url, agent: proxy ? new HttpTunnelAgent(proxy, common) : new HttpAgent(common), via: proxy && describeProxy(proxy) };
}

export interface OutboundReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request; rejects on a transport error or when `timeoutMs` passes. Replies are capped at 1 MiB. */
export function outboundRequest(
  target: OutboundTarget,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: Buffer | string; timeoutMs: number },
): Promise<OutboundReply> {
  const url = new URL(path, target.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = Buffer.byteLength(opts.body);
    const req = send(url, { method: opts.method ?? 'POST', headers, agent: target.agent }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 1024 * 1024) {
          req.destroy(new Error('reply larger than 1 MiB'));
          return;
        }
        chunks.push(c);
      });
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.setTimeout(opts.timeoutMs, () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(opts.body);
  });
}
