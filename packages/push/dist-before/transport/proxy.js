// Outbound proxy from the environment (HTTPS_PROXY / HTTP_PROXY / NO_PROXY, either case), and a
// CONNECT tunnel through it: every provider's traffic stays TLS end to end, the proxy sees only
// host and port. APNs and FCM (HTTP/2, http2-pool.ts) and Web Push (HTTPS, ProxyTunnelAgent)
// all tunnel the same way, so a proxy's refusal is always reported as the proxy's, never mistaken
// for the push service's answer.
import { request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { BlockList, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
const HTTPS_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
const HTTP_VARS = ['HTTP_PROXY', 'http_proxy'];
/** The first variable among `names` that is set and not empty (an empty value counts as unset). */
function firstSet(env, names) {
    for (const name of names) {
        const value = env[name]?.trim();
        if (value)
            return { name, value };
    }
    return undefined;
}
/**
 * The proxy URL to reach `target` through, or undefined to go direct.
 * https targets use HTTPS_PROXY, then https_proxy, HTTP_PROXY, http_proxy; http targets
 * HTTP_PROXY or http_proxy. NO_PROXY (or no_proxy) lists hosts that go direct (see noProxyMatches).
 * Throws, naming the variable, when the proxy value is not an http:// or https:// URL.
 */
export function proxyFor(target, env = process.env) {
    const found = firstSet(env, target.protocol === 'https:' ? HTTPS_VARS : HTTP_VARS);
    if (!found)
        return undefined;
    const proxy = parseProxyUrl(found.name, found.value);
    if (noProxyMatches(target, firstSet(env, ['NO_PROXY', 'no_proxy'])?.value ?? ''))
        return undefined;
    return proxy;
}
function parseProxyUrl(name, raw) {
    let url;
    try {
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
    }
    catch {
        throw new Error(`${name}: not a URL: ${redactUserinfo(raw)}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new Error(`${name}: unsupported proxy scheme "${url.protocol.slice(0, -1)}" (Herald tunnels through an HTTP proxy with CONNECT: use http:// or https://)`);
    }
    if (!url.hostname)
        throw new Error(`${name}: no proxy host in ${redactUserinfo(raw)}`);
    return url;
}
function redactUserinfo(raw) {
    return raw.replace(/\/\/[^@/]*@/, '//***@');
}
/**
 * Checks the proxy variables of `env` at start-up, so a malformed HTTPS_PROXY is a start-up error
 * rather than a failed send. Returns the proxy for https targets (undefined when none), for the log.
 */
export function checkProxyEnv(env = process.env) {
    for (const names of [HTTPS_VARS, HTTP_VARS]) {
        const found = firstSet(env, names);
        if (found)
            parseProxyUrl(found.name, found.value);
    }
    const found = firstSet(env, HTTPS_VARS);
    return found ? parseProxyUrl(found.name, found.value) : undefined;
}
/** The proxy URL with any user:password removed, for logs and errors. */
export function describeProxy(proxy) {
    return `${proxy.protocol}//${proxy.host}`;
}
/** Host of a URL as plain text: no IPv6 brackets, lower case, no trailing dot. */
function bareHost(hostname) {
    return hostname.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
}
/** Canonical text of an IP address (so "0:0::1" equals "::1"), or undefined when not an IP. */
function canonicalIp(text) {
    const kind = isIP(text);
    if (kind === 4)
        return text;
    if (kind === 6) {
        try {
            return bareHost(new URL(`http://[${text}]/`).hostname);
        }
        catch {
            return undefined;
        }
    }
    return undefined;
}
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
export function noProxyMatches(target, noProxy) {
    const host = bareHost(target.hostname);
    const hostIp = canonicalIp(host);
    const port = target.port || (target.protocol === 'https:' ? '443' : target.protocol === 'http:' ? '80' : '');
    for (const rawEntry of noProxy.split(/[\s,]+/)) {
        let entry = rawEntry.trim().toLowerCase();
        if (!entry)
            continue;
        if (entry === '*')
            return true;
        let entryPort;
        const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
        if (bracketed) {
            entry = bracketed[1];
            entryPort = bracketed[2];
        }
        else if ((entry.match(/:/g) ?? []).length === 1) {
            // host:port (a bare IPv6 address has two or more colons and no port).
            const i = entry.indexOf(':');
            entryPort = entry.slice(i + 1);
            entry = entry.slice(0, i);
            if (!/^\d+$/.test(entryPort))
                continue;
        }
        if (entryPort !== undefined && entryPort !== port)
            continue;
        if (entry.includes('/')) {
            if (hostIp && cidrContains(entry, hostIp))
                return true;
            continue;
        }
        const entryIp = canonicalIp(entry);
        if (entryIp !== undefined) {
            if (entryIp === hostIp)
                return true;
            continue;
        }
        const domain = entry.replace(/^\*?\.+/, '').replace(/\.$/, '');
        if (!domain)
            continue;
        if (host === domain || host.endsWith(`.${domain}`))
            return true;
    }
    return false;
}
function cidrContains(cidr, ip) {
    const [net, bitsText] = cidr.split('/');
    const bits = Number(bitsText);
    const netKind = isIP(net ?? '');
    if (!net || !netKind || !/^\d+$/.test(bitsText ?? '') || bits > (netKind === 4 ? 32 : 128))
        return false;
    const ipKind = isIP(ip);
    if (ipKind !== netKind)
        return false;
    const list = new BlockList();
    list.addSubnet(net, bits, netKind === 4 ? 'ipv4' : 'ipv6');
    return list.check(ip, ipKind === 4 ? 'ipv4' : 'ipv6');
}
/** Opens a CONNECT tunnel to host:port through the proxy; resolves with the raw socket. */
export function connectTunnel(proxy, host, port, timeoutMs = 10_000) {
    return new Promise((resolve, reject) => {
        const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`;
        const shown = describeProxy(proxy);
        const headers = { host: authority };
        if (proxy.username || proxy.password) {
            const cred = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
            headers['proxy-authorization'] = `Basic ${Buffer.from(cred).toString('base64')}`;
        }
        let settled = false;
        const settle = (err, socket) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            if (err)
                reject(err);
            else
                resolve(socket);
        };
        const req = (proxy.protocol === 'https:' ? httpsRequest : httpRequest)({
            host: bareHost(proxy.hostname),
            port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
            method: 'CONNECT',
            path: authority,
            headers,
            agent: false,
        });
        // A timer rather than the socket timeout: the socket outlives the CONNECT as the tunnel, and
        // an idle HTTP/2 connection must not be cut when the connect timeout would have expired.
        const timer = setTimeout(() => {
            req.destroy();
            settle(new Error(`proxy ${shown}: CONNECT ${authority} got no answer within ${timeoutMs} ms`));
        }, timeoutMs);
        req.once('connect', (res, socket, head) => {
            if (res.statusCode === 200) {
                if (head.length > 0)
                    socket.unshift(head);
                socket.setTimeout(0);
                return settle(undefined, socket);
            }
            socket.destroy();
            const hint = res.statusCode === 407 ? ' (check the user:password in HTTPS_PROXY)' : '';
            settle(new Error(`proxy ${shown} refused CONNECT ${authority}: ${res.statusCode} ${res.statusMessage ?? ''}`.trim() + hint));
        });
        req.once('error', (e) => settle(new Error(`proxy ${shown}: ${e.message}`)));
        req.end();
    });
}
/**
 * An HTTPS agent (keep-alive pooling as usual) whose connections go through a CONNECT tunnel.
 * Used for Web Push; refusals and proxy errors surface as request errors naming the proxy.
 */
export class ProxyTunnelAgent extends HttpsAgent {
    proxy;
    constructor(proxy, opts = {}) {
        const { connectTimeoutMs, ...agentOpts } = opts;
        super(agentOpts);
        this.proxy = proxy;
        this.connectTimeoutMs = connectTimeoutMs ?? 10_000;
    }
    connectTimeoutMs;
    createConnection(options, callback) {
        const host = bareHost(String(options.hostname ?? options.host ?? 'localhost'));
        const port = Number(options.port ?? 443);
        const cb = callback ?? (() => { });
        connectTunnel(this.proxy, host, port, this.connectTimeoutMs).then((tunnel) => {
            const servername = options.servername ?? (isIP(host) ? undefined : host);
            const secured = tlsConnect({ ...options, socket: tunnel, ...(servername ? { servername } : {}) });
            cb(null, secured);
        }, (err) => cb(err, undefined));
        return undefined;
    }
}
//# sourceMappingURL=proxy.js.map