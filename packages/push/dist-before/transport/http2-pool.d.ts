import { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http2';
import { type SecureContextOptions } from 'node:tls';
export interface Http2PoolOptions {
    /** https://host:port */
    origin: string;
    /** TLS options: ca, cert/key or pfx/passphrase for client-certificate auth. */
    tls?: SecureContextOptions & {
        servername?: string;
    };
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
export declare class TransportError extends Error {
    readonly code: 'timeout' | 'aborted' | 'connect' | 'stream' | 'closed';
    constructor(message: string, code: 'timeout' | 'aborted' | 'connect' | 'stream' | 'closed');
}
export declare class Http2Pool {
    private opts;
    private readonly conns;
    private connecting;
    private readonly waiters;
    private closed;
    private readonly url;
    /** Connections opened over the pool's life (for tests and metrics). */
    connectionsOpened: number;
    constructor(opts: Http2PoolOptions);
    /** Swaps TLS credentials (SIGHUP); open connections finish their streams and are then replaced. */
    setTls(tlsOptions: Http2PoolOptions['tls']): void;
    get connectionCount(): number;
    request(headers: OutgoingHttpHeaders, body: string | Buffer | undefined, opts?: {
        timeoutMs?: number;
        signal?: AbortSignal;
    }): Promise<Http2Response>;
    private stream;
    private capacity;
    private acquire;
    private release;
    private retire;
    private connect;
    close(): Promise<void>;
}
//# sourceMappingURL=http2-pool.d.ts.map