// Test helper: a small HTTP CONNECT proxy on 127.0.0.1 that records every tunnel it is asked for,
// can require Proxy-Authorization (Basic), and can refuse every CONNECT with a given status.
// Plain requests (a client that forgot to tunnel) are answered 405 and recorded too.
import { createServer, type IncomingMessage } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

export interface TunnelRecord {
  /** host:port the client asked to reach. */
  authority: string;
  /** Proxy-Authorization header as sent, if any. */
  authorization?: string;
  /** The status the proxy answered (200 = tunnel opened). */
  status: number;
}

export interface TestConnectProxyOptions {
  /** Require `Proxy-Authorization: Basic base64(user:password)`; others get 407. */
  auth?: { user: string; password: string };
  /** Refuse every CONNECT with this status (e.g. 403). */
  refuseWith?: number;
}

export interface TestConnectProxy {
  /** http://127.0.0.1:port */
  url: string;
  port: number;
  /** Every CONNECT request, in order. */
  readonly requests: TunnelRecord[];
  /** Tunnels actually opened (status 200). */
  tunnels(): TunnelRecord[];
  /** Non-CONNECT requests that reached the proxy (method and url). */
  readonly plainRequests: string[];
  close(): Promise<void>;
}

const REASONS: Record<number, string> = { 403: 'Forbidden', 404: 'Not Found', 407: 'Proxy Authentication Required', 410: 'Gone', 502: 'Bad Gateway' };

export async function startConnectProxy(opts: TestConnectProxyOptions = {}): Promise<TestConnectProxy> {
  const requests: TunnelRecord[] = [];
  const plainRequests: string[] = [];
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };
  const expectedAuth = opts.auth ? `Basic ${Buffer.from(`${opts.auth.user}:${opts.auth.password}`).toString('base64')}` : undefined;

  const server = createServer((req, res) => {
    plainRequests.push(`${req.method} ${req.url}`);
    res.writeHead(405, { 'content-type': 'text/plain', connection: 'close' });
    res.end('this proxy only tunnels (CONNECT)\n');
  });
  server.on('connection', track);
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const authority = req.url ?? '';
    const authorization = req.headers['proxy-authorization'];
    const record = (status: number): TunnelRecord => {
      const r: TunnelRecord = { authority, status, ...(authorization ? { authorization } : {}) };
      requests.push(r);
      return r;
    };
    const refuse = (status: number, extra = '') => {
      record(status);
      client.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Refused'}\r\n${extra}content-length: 0\r\nconnection: close\r\n\r\n`);
    };
    client.on('error', () => client.destroy());
    if (opts.refuseWith) return refuse(opts.refuseWith);
    if (expectedAuth && authorization !== expectedAuth) return refuse(407, 'proxy-authenticate: Basic realm="test"\r\n');
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(authority);
    if (!m) return refuse(400);
    const upstream = connect({ host: m[1]!, port: Number(m[2]) });
    track(upstream);
    let opened = false;
    upstream.once('connect', () => {
      opened = true;
      record(200);
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (!opened && !client.destroyed) refuse(502);
      else client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    plainRequests,
    tunnels: () => requests.filter((r) => r.status === 200),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
