import { Agent as HttpsAgent, type AgentOptions, type RequestOptions } from 'node:https';
import { type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
export interface ProxyEnv {
    HTTPS_PROXY?: string | undefined;
    https_proxy?: string | undefined;
    HTTP_PROXY?: string | undefined;
    http_proxy?: string | undefined;
    NO_PROXY?: string | undefined;
    no_proxy?: string | undefined;
}
/**
 * The proxy URL to reach `target` through, or undefined to go direct.
 * https targets use HTTPS_PROXY, then https_proxy, HTTP_PROXY, http_proxy; http targets
 * HTTP_PROXY or http_proxy. NO_PROXY (or no_proxy) lists hosts that go direct (see noProxyMatches).
 * Throws, naming the variable, when the proxy value is not an http:// or https:// URL.
 */
export declare function proxyFor(target: URL, env?: ProxyEnv): URL | undefined;
/**
 * Checks the proxy variables of `env` at start-up, so a malformed HTTPS_PROXY is a start-up error
 * rather than a failed send. Returns the proxy for https targets (undefined when none), for the log.
 */
export declare function checkProxyEnv(env?: ProxyEnv): URL | undefined;
/** The proxy URL with any user:password removed, for logs and errors. */
export declare function describeProxy(proxy: URL): string;
/**
 * Whether NO_PROXY sends `target` direct. Entries are separated by commas or spaces, matched
 * case-insensitively:
 * - `*` matches every host;
 * - `example.com`, `.example.com` and `*.example.com` match example.com and every subdomain;
 * - an IP address matches that address (IPv6 with or without brackets: `::1`, `[::1]`);
 * - a CIDR range (`10.0.0.0/8`, `fd00::/8`) matches IP-literal targets inside it;
 * - any entry may end in `:port` (IPv6 then in brackets: `[::1]:8443`) to match only that port
 *   (the default port of the target's scheme when its URL has none).
 * Loopback and `localhost` are not special: list them to bypass the proxy for them.
 */
export declare function noProxyMatches(target: URL, noProxy: string): boolean;
/** Opens a CONNECT tunnel to host:port through the proxy; resolves with the raw socket. */
export declare function connectTunnel(proxy: URL, host: string, port: number, timeoutMs?: number): Promise<Socket>;
/**
 * An HTTPS agent (keep-alive pooling as usual) whose connections go through a CONNECT tunnel.
 * Used for Web Push; refusals and proxy errors surface as request errors naming the proxy.
 */
export declare class ProxyTunnelAgent extends HttpsAgent {
    readonly proxy: URL;
    constructor(proxy: URL, opts?: AgentOptions & {
        connectTimeoutMs?: number;
    });
    private readonly connectTimeoutMs;
    createConnection(options: RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined;
}
//# sourceMappingURL=proxy.d.ts.map