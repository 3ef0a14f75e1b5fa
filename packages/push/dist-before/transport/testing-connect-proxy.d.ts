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
    auth?: {
        user: string;
        password: string;
    };
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
export declare function startConnectProxy(opts?: TestConnectProxyOptions): Promise<TestConnectProxy>;
//# sourceMappingURL=testing-connect-proxy.d.ts.map