// Outbound proxy from the environment (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, either case), and a
// CONNECT tunnel through it: every provider's traffic stays TLS end to end, the proxy sees only
// host and port.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';

export interface ProxyEnv {
  HTTPS_PROXY?: string | undefined;
  https_proxy?: string | undefined;
  HTTP_PROXY?: string | undefined;
  http_proxy?: string | undefined;
  NO_PROXY?: string | undefined;
  no_proxy?: string | undefined;
}

/** The proxy URL to reach `target` through, or undefined to go direct. */
export function proxyFor(target: URL, env: ProxyEnv = process.env): URL | undefined {
  const raw =
    target.protocol === 'https:'
      ? env.HTTPS_PROXY ?? env.https_proxy ?? env.HTTP_PROXY ?? env.http_proxy
      : env.HTTP_PROXY ?? env.http_proxy;
  if (!raw) return undefined;
  if (bypasses(target, env.NO_PROXY ?? env.no_proxy ?? '')) return undefined;
  try {
    return new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    throw new Error(`HTTPS_PROXY/HTTP_PROXY: not a URL: ${raw}`);
  }
}

function bypasses(target: URL, noProxy: string): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  for (let entry of noProxy.split(/[\s,]+/).filter(Boolean)) {
    entry = entry.toLowerCase();
    if (entry === '*') return true;
    let entryPort: string | undefined;
    const m = /^(.+):(\d+)$/.exec(entry);
    if (m && !entry.includes('::')) {
      entry = m[1]!;
      entryPort = m[2];
    }
    if (entryPort && entryPort !== port) continue;
    entry = entry.replace(/^\*?\./, '.');
    if (host === entry.replace(/^\./, '') || (entry.startsWith('.') && host.endsWith(entry))) return true;
  }
  return false;
}

/** Opens a CONNECT tunnel to host:port through the proxy; resolves with the raw socket. */
export function connectTunnel(proxy: URL, host: string, port: number, timeoutMs = 10_000): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const headers: Record<string, string> = { host: authority };
    if (proxy.username) {
      const cred = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
      headers['proxy-authorization'] = `Basic ${Buffer.from(cred).toString('base64')}`;
    }
    const req = (proxy.protocol === 'https:' ? httpsRequest : httpRequest)({
      host: proxy.hostname.replace(/^\[|\]$/g, ''),
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: authority,
      headers,
      timeout: timeoutMs,
    });
    req.once('connect', (res, socket) => {
      if (res.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`proxy ${proxy.host} refused CONNECT ${authority}: ${res.statusCode} ${res.statusMessage ?? ''}`.trim()));
    });
    req.once('timeout', () => req.destroy(new Error(`proxy ${proxy.host}: CONNECT timed out`)));
    req.once('error', (e) => reject(new Error(`proxy ${proxy.host}: ${e.message}`)));
    req.end();
  });
}
