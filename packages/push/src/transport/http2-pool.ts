// HTTP/2 connections to one origin (APNs, FCM), shared by all sends: requests are multiplexed as
// concurrent streams up to what the server announces in SETTINGS; a new connection opens only when
// every open one is full. A connection that gets GOAWAY or fails takes no new streams and is
// replaced on demand; its in-flight streams end on their own (or fail and are retried above).
import http2, { constants, type ClientHttp2Session, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import tls, { type SecureContextOptions } from 'node:tls';
import { connectTunnel, proxyFor } from './proxy.js';
import { abortCallbacks } from './abort-listeners.js';

export interface Http2PoolOptions {
  /** https://host:port */
  origin: string;
  /** TLS options: ca, cert/key or pfx/passphrase for client-certificate auth. */
  tls?: SecureContextOptions & { servername?: string };
  /** Upper bound on connections (default 8). */
  maxConnections?: number;
  /** Streams to assume before the server's SETTINGS arrive (default 100). */
  initialStreams?: number;
  connectTimeoutMs?: number;
  /** Environment for proxy lookup (tests); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface Http2Response {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export class TransportError extends Error {
  constructor(
    message: string,
    readonly code: 'timeout' | 'aborted' | 'connect' | 'stream' | 'closed',
  ) {
    super(message);
  }
}

interface Conn {
  session: ClientHttp2Session;
  active: number;
  usable: boolean;
}

interface Waiter {
  resolve: (c: Conn) => void;
  reject: (e: Error) => void;
}

export class Http2Pool {
  private readonly conns = new Set<Conn>();
  private connecting: Promise<Conn> | undefined;
  private readonly waiters: Waiter[] = [];
  private closed = false;
  private readonly url: URL;
  /** Connections opened over the pool's life (for tests and metrics). */
  connectionsOpened = 0;

  constructor(private opts: Http2PoolOptions) {
    this.url = new URL(opts.origin);
  }

  /** Swaps TLS credentials (SIGHUP); open connections finish their streams and are then replaced. */
  setTls(tlsOptions: Http2PoolOptions['tls']): void {
    this.opts = { ...this.opts, tls: tlsOptions };
    for (const c of this.conns) this.retire(c);
  }

  get connectionCount(): number {
    return this.conns.size;
  }

  async request(
    headers: OutgoingHttpHeaders,
    body: string | Buffer | undefined,
    opts: { timeoutMs?: number; signal?: AbortSignal } = {},
  ): Promise<Http2Response> {
    if (opts.signal?.aborted) throw new TransportError('aborted before sending', 'aborted');
    // Nearly always an open connection has a free stream: take it without an extra await.
    // Either way the stream is counted on the connection (conn.active) when we get it.
    const started = opts.timeoutMs !== undefined ? Date.now() : 0;
    const conn = this.available() ?? (await this.acquire(opts.timeoutMs));
    try {
      // The try's time bounds connecting and streaming together, not each of them.
      const left = opts.timeoutMs !== undefined ? Math.max(1, opts.timeoutMs - (Date.now() - started)) : undefined;
      return await this.stream(conn, headers, body, left === undefined ? opts : { ...opts, timeoutMs: left });
    } finally {
      conn.active--;
      this.release(conn);
    }
  }

  private stream(conn: Conn, headers: OutgoingHttpHeaders, body: string | Buffer | undefined, opts: { timeoutMs?: number; signal?: AbortSignal }): Promise<Http2Response> {
    return new Promise((resolve, reject) => {
      let req: http2.ClientHttp2Stream;
      try {
        req = conn.session.request(headers, { endStream: body === undefined });
      } catch (e) {
        this.retire(conn);
        reject(new TransportError(`could not open a stream: ${(e as Error).message}`, 'stream'));
        return;
      }
      let status = 0;
      let resHeaders: IncomingHttpHeaders = {};
      const chunks: Buffer[] = [];
      let timer: NodeJS.Timeout | undefined;
      const onShutdown = opts.signal ? abortCallbacks(opts.signal) : undefined;
      const finish = (err?: Error) => {
        if (timer) clearTimeout(timer);
        onShutdown?.delete(onAbort);
        if (err) reject(err);
        else resolve({ status, headers: resHeaders, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) });
      };
      const onAbort = () => {
        req.close(constants.NGHTTP2_CANCEL);
        finish(new TransportError('aborted', 'aborted'));
      };
      if (opts.timeoutMs !== undefined) {
        timer = setTimeout(() => {
          req.close(constants.NGHTTP2_CANCEL);
          finish(new TransportError(`no response within ${opts.timeoutMs} ms`, 'timeout'));
        }, opts.timeoutMs);
      }
      onShutdown?.add(onAbort);
      // Aborted while a connection was being found: the callbacks already ran without this one.
      if (opts.signal?.aborted) return onAbort();
      req.on('response', (h) => {
        status = Number(h[':status']);
        resHeaders = h;
      });
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => (status ? finish() : finish(new TransportError('stream ended without a response', 'stream'))));
      req.on('error', (e) => finish(new TransportError(`stream error: ${e.message}`, 'stream')));
      req.on('close', () => {
        if (!status && req.rstCode) finish(new TransportError(`stream reset (code ${req.rstCode})`, 'stream'));
      });
      if (body !== undefined) req.end(body);
    });
  }

  private capacity(c: Conn): number {
    if (!c.usable || c.session.closed || c.session.destroyed) return 0;
    const max = c.session.remoteSettings?.maxConcurrentStreams ?? this.opts.initialStreams ?? 100;
    return Math.min(max, 2 ** 31) - c.active;
  }

  /** Counts a stream on `c` at the moment it is handed out, so no two sends take the last slot. */
  private reserve(c: Conn): Conn {
    c.active++;
    return c;
  }

  /** An open connection with a free stream, reserved, if there is one (and the pool is open). */
  private available(): Conn | undefined {
    if (this.closed) return undefined;
    for (const c of this.conns) if (this.capacity(c) > 0) return this.reserve(c);
    return undefined;
  }

  private async acquire(timeoutMs?: number): Promise<Conn> {
    if (this.closed) throw new TransportError('pool closed', 'closed');
    const open = this.available();
    if (open) return open;
    if (this.connecting) {
      const c = await this.connecting.catch(() => undefined);
      if (c && this.capacity(c) > 0) return this.reserve(c);
      return this.acquire(timeoutMs);
    }
    if (this.conns.size < (this.opts.maxConnections ?? 8)) {
      const connecting = this.connect(timeoutMs).finally(() => (this.connecting = undefined));
      this.connecting = connecting;
      const c = await connecting;
      if (this.capacity(c) > 0) return this.reserve(c);
      return this.acquire(timeoutMs);
    }
    // Every connection is full: wait for a stream to free up.
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private release(c: Conn): void {
    if (!c.usable && c.active === 0) c.session.close();
    while (this.waiters.length > 0) {
      const target = [...this.conns].find((x) => this.capacity(x) > 0);
      if (!target) {
        // No capacity anywhere (connections died): open a fresh one for the next waiter.
        if (this.conns.size === 0 && !this.connecting) {
          const w = this.waiters.shift()!;
          this.acquire().then(w.resolve, w.reject);
        }
        return;
      }
      this.waiters.shift()!.resolve(this.reserve(target));
    }
  }

  private retire(c: Conn): void {
    c.usable = false;
    if (c.active === 0 && !c.session.closed) c.session.close();
  }

  private async connect(timeoutMs = 10_000): Promise<Conn> {
    const port = Number(this.url.port || 443);
    const host = this.url.hostname.replace(/^\[|\]$/g, '');
    const proxy = proxyFor(this.url, this.opts.env);
    const tlsOpts = { ...this.opts.tls, ALPNProtocols: ['h2'], servername: this.opts.tls?.servername ?? (/^[\d.:]+$/.test(host) ? undefined : host) };
    let createConnection: (() => tls.TLSSocket) | undefined;
    if (proxy) {
      let tunnel;
      try {
        tunnel = await connectTunnel(proxy, host, port, timeoutMs);
      } catch (e) {
        throw new TransportError((e as Error).message, 'connect');
      }
      const secured = tls.connect({ ...tlsOpts, socket: tunnel });
      createConnection = () => secured;
    }
    const session = http2.connect(this.url.origin, {
      ...(createConnection ? { createConnection } : { ...tlsOpts, host, port }),
    });
    const conn: Conn = { session, active: 0, usable: true };
    let settingsReceived = false;
    session.once('remoteSettings', () => (settingsReceived = true));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        session.destroy();
        reject(new TransportError(`could not connect to ${this.url.host} within ${timeoutMs} ms`, 'connect'));
      }, timeoutMs);
      session.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      session.once('error', (e) => {
        clearTimeout(timer);
        reject(new TransportError(`could not connect to ${this.url.host}${proxy ? ` via proxy ${proxy.host}` : ''}: ${e.message}`, 'connect'));
      });
    });
    // Wait briefly for the server's SETTINGS so the stream limit is known before we fill it: until
    // they arrive, node reports a default (100 streams), and a burst would open extra connections.
    if (!settingsReceived) {
      await new Promise<void>((r) => {
        const t = setTimeout(r, 1000);
        session.once('remoteSettings', () => {
          clearTimeout(t);
          r();
        });
      });
    }
    session.on('goaway', () => this.retire(conn));
    session.on('error', () => this.retire(conn));
    session.on('close', () => {
      conn.usable = false;
      this.conns.delete(conn);
      this.release(conn);
    });
    session.setTimeout(0);
    this.conns.add(conn);
    this.connectionsOpened++;
    if (this.closed) session.close();
    return conn;
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w.reject(new TransportError('pool closed', 'closed'));
    await Promise.all(
      [...this.conns].map(
        (c) =>
          new Promise<void>((r) => {
            if (c.session.closed || c.session.destroyed) return r();
            c.session.close(() => r());
          }),
      ),
    );
  }
}
