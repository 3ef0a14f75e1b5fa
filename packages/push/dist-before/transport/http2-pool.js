// HTTP/2 connections to one origin (APNs, FCM), shared by all sends: requests are multiplexed as
// concurrent streams up to what the server announces in SETTINGS; a new connection opens only when
// every open one is full. A connection that gets GOAWAY or fails takes no new streams and is
// replaced on demand; its in-flight streams end on their own (or fail and are retried above).
import http2, { constants } from 'node:http2';
import tls, {} from 'node:tls';
import { connectTunnel, proxyFor } from './proxy.js';
export class TransportError extends Error {
    code;
    constructor(message, code) {
        super(message);
        this.code = code;
    }
}
export class Http2Pool {
    opts;
    conns = new Set();
    connecting;
    waiters = [];
    closed = false;
    url;
    /** Connections opened over the pool's life (for tests and metrics). */
    connectionsOpened = 0;
    constructor(opts) {
        this.opts = opts;
        this.url = new URL(opts.origin);
    }
    /** Swaps TLS credentials (SIGHUP); open connections finish their streams and are then replaced. */
    setTls(tlsOptions) {
        this.opts = { ...this.opts, tls: tlsOptions };
        for (const c of this.conns)
            this.retire(c);
    }
    get connectionCount() {
        return this.conns.size;
    }
    async request(headers, body, opts = {}) {
        if (opts.signal?.aborted)
            throw new TransportError('aborted before sending', 'aborted');
        const conn = await this.acquire(opts.timeoutMs);
        conn.active++;
        try {
            return await this.stream(conn, headers, body, opts);
        }
        finally {
            conn.active--;
            this.release(conn);
        }
    }
    stream(conn, headers, body, opts) {
        return new Promise((resolve, reject) => {
            let req;
            try {
                req = conn.session.request(headers, { endStream: body === undefined });
            }
            catch (e) {
                this.retire(conn);
                reject(new TransportError(`could not open a stream: ${e.message}`, 'stream'));
                return;
            }
            let status = 0;
            let resHeaders = {};
            const chunks = [];
            let timer;
            const finish = (err) => {
                if (timer)
                    clearTimeout(timer);
                opts.signal?.removeEventListener('abort', onAbort);
                if (err)
                    reject(err);
                else
                    resolve({ status, headers: resHeaders, body: Buffer.concat(chunks) });
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
            opts.signal?.addEventListener('abort', onAbort, { once: true });
            req.on('response', (h) => {
                status = Number(h[':status']);
                resHeaders = h;
            });
            req.on('data', (c) => chunks.push(c));
            req.on('end', () => (status ? finish() : finish(new TransportError('stream ended without a response', 'stream'))));
            req.on('error', (e) => finish(new TransportError(`stream error: ${e.message}`, 'stream')));
            req.on('close', () => {
                if (!status && req.rstCode)
                    finish(new TransportError(`stream reset (code ${req.rstCode})`, 'stream'));
            });
            if (body !== undefined)
                req.end(body);
        });
    }
    capacity(c) {
        if (!c.usable || c.session.closed || c.session.destroyed)
            return 0;
        const max = c.session.remoteSettings?.maxConcurrentStreams ?? this.opts.initialStreams ?? 100;
        return Math.min(max, 2 ** 31) - c.active;
    }
    async acquire(timeoutMs) {
        if (this.closed)
            throw new TransportError('pool closed', 'closed');
        for (const c of this.conns)
            if (this.capacity(c) > 0)
                return c;
        if (this.connecting) {
            const c = await this.connecting.catch(() => undefined);
            if (c && this.capacity(c) > 0)
                return c;
            return this.acquire(timeoutMs);
        }
        if (this.conns.size < (this.opts.maxConnections ?? 8)) {
            this.connecting = this.connect(timeoutMs).finally(() => (this.connecting = undefined));
            return this.connecting;
        }
        // Every connection is full: wait for a stream to free up.
        return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
    }
    release(c) {
        if (!c.usable && c.active === 0)
            c.session.close();
        while (this.waiters.length > 0) {
            const target = [...this.conns].find((x) => this.capacity(x) > 0);
            if (!target) {
                // No capacity anywhere (connections died): open a fresh one for the next waiter.
                if (this.conns.size === 0 && !this.connecting) {
                    const w = this.waiters.shift();
                    this.acquire().then(w.resolve, w.reject);
                }
                return;
            }
            this.waiters.shift().resolve(target);
        }
    }
    retire(c) {
        c.usable = false;
        if (c.active === 0 && !c.session.closed)
            c.session.close();
    }
    async connect(timeoutMs = 10_000) {
        const port = Number(this.url.port || 443);
        const host = this.url.hostname.replace(/^\[|\]$/g, '');
        const proxy = proxyFor(this.url, this.opts.env);
        const tlsOpts = { ...this.opts.tls, ALPNProtocols: ['h2'], servername: this.opts.tls?.servername ?? (/^[\d.:]+$/.test(host) ? undefined : host) };
        let createConnection;
        if (proxy) {
            let tunnel;
            try {
                tunnel = await connectTunnel(proxy, host, port, timeoutMs);
            }
            catch (e) {
                throw new TransportError(e.message, 'connect');
            }
            const secured = tls.connect({ ...tlsOpts, socket: tunnel });
            createConnection = () => secured;
        }
        const session = http2.connect(this.url.origin, {
            ...(createConnection ? { createConnection } : { ...tlsOpts, host, port }),
        });
        const conn = { session, active: 0, usable: true };
        await new Promise((resolve, reject) => {
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
        // Wait briefly for the server's SETTINGS so the stream limit is known before we fill it.
        if (!session.remoteSettings || session.remoteSettings.maxConcurrentStreams === undefined) {
            await new Promise((r) => {
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
        if (this.closed)
            session.close();
        return conn;
    }
    async close() {
        this.closed = true;
        for (const w of this.waiters.splice(0))
            w.reject(new TransportError('pool closed', 'closed'));
        await Promise.all([...this.conns].map((c) => new Promise((r) => {
            if (c.session.closed || c.session.destroyed)
                return r();
            c.session.close(() => r());
        })));
    }
}
//# sourceMappingURL=http2-pool.js.map