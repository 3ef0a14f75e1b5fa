// Plain HTTP(S) requests for the doctor (no client library, so the CLI needs no dev-only package):
// node:http/https with a timeout, the doctor's TLS settings, and network errors named by hop.
import http from 'node:http';
import https from 'node:https';
import { rootCertificates } from 'node:tls';

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  /** Verify the server certificate (default true). */
  verify?: boolean;
  extraCa?: string[];
}

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json<T = unknown>(): T | undefined;
}

export function request(url: string, opts: HttpOptions): Promise<HttpReply> {
  const u = new URL(url);
  const isHttps = u.protocol === 'https:';
  const body = opts.body === undefined ? undefined : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
  const headers: Record<string, string> = { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  if (u.username || u.password) {
    // Never sent as userinfo; a hosted push service key in the URL becomes a bearer token.
    headers.authorization ??= `Bearer ${decodeURIComponent(u.password)}`;
    u.username = '';
    u.password = '';
  }
  return new Promise((resolve, reject) => {
    const req = (isHttps ? https : http).request(
      u,
      {
        method: opts.method ?? 'GET',
        headers,
        timeout: opts.timeoutMs,
        ...(isHttps ? { rejectUnauthorized: opts.verify !== false, ...(opts.extraCa?.length ? { ca: [...rootCertificates, ...opts.extraCa] } : {}) } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size <= 8 * 1024 * 1024) chunks.push(c);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json<T>() {
              try {
                return JSON.parse(text) as T;
              } catch {
                return undefined;
              }
            },
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${Math.round(opts.timeoutMs / 100) / 10} s`), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

export type NetCause = 'dns' | 'refused' | 'timeout' | 'tls' | 'client-cert' | 'reset' | 'network';

const TLS_CODES = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME|ERR_TLS/;

/** Names the cause of a failed request or connection. */
export function classifyNetError(e: unknown): { cause: NetCause; code: string; detail: string } {
  const err = e as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err.code ?? err.cause?.code ?? '';
  // OpenSSL's "805C…:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:…" -> its reason.
  const ssl = /SSL routines:[^:]*:([^:]+):/.exec(err.message ?? '');
  const msg = ssl ? `TLS: ${ssl[1]}${/wrong version number|packet length too long|http request/i.test(ssl[1]!) ? ' (the port does not speak TLS: plain http?)' : ''}` : (err.message || String(e)).trim();
  const detail = code && !msg.includes(code) ? `${msg} (${code})` : msg;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL') return { cause: 'dns', code, detail };
  if (code === 'ECONNREFUSED') return { cause: 'refused', code, detail };
  if (code === 'ETIMEDOUT' || code === 'ESOCKETTIMEDOUT' || err.name === 'TimeoutError') return { cause: 'timeout', code: code || 'ETIMEDOUT', detail };
  if (/CERTIFICATE_REQUIRED|alert number 116|certificate required/i.test(`${code} ${msg}`)) return { cause: 'client-cert', code, detail };
  if (TLS_CODES.test(code) || TLS_CODES.test(msg)) return { cause: 'tls', code, detail };
  if (code === 'ECONNRESET' || code === 'EPIPE') return { cause: 'reset', code, detail };
  return { cause: 'network', code, detail };
}

/** The error a Mattermost (or push service) JSON error reply carries, else the start of the body. */
export function errorMessage(reply: HttpReply): string {
  const j = reply.json<{ message?: string; error?: string; id?: string }>();
  return j?.message ?? j?.error ?? (reply.text.slice(0, 200) || `HTTP ${reply.status}`);
}

/** `p`, or an ETIMEDOUT error after `ms` (for clients without their own timeout, e.g. SandboxClient). */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`${what}: no answer within ${ms} ms`), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
