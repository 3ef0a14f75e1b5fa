export interface TestRedis {
    port: number;
    /** redis://[:password@]127.0.0.1:port */
    url: string;
    /** Stops the server (SIGTERM, then SIGKILL); the port may be reused by restart(). */
    stop(): Promise<void>;
    /** Starts it again on the same port (after stop()). */
    restart(): Promise<void>;
}
export declare const REDIS_SERVER: string;
export declare function freePort(): Promise<number>;
/** Starts redis-server on a free port (retrying if another process grabs the port first). */
export declare function startRedis(opts?: {
    password?: string;
}): Promise<TestRedis>;
//# sourceMappingURL=testing-redis-server.d.ts.map