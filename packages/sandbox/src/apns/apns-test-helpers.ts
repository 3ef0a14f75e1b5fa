// Helpers for the APNs tests: a raw node:http2 client that signs its own provider tokens with
// jose, so the tests depend on no sandbox code to speak the protocol.
import { connect, type ClientHttp2Session, type IncomingHttpHeaders, type OutgoingHttpHeaders, type SecureClientSessionOptions } from 'node:http2';
import { importPKCS8, SignJWT } from 'jose';
import type { RunningSandbox } from '../sandbox.js';

export interface TokenClaims {
  /** Seconds since the epoch; default now. */
  iat?: number;
  kid?: string;
  iss?: string;
  /** PKCS#8 PEM to sign with; default the sandbox's .p8 key. */
  keyPem?: string;
}

/** An ES256 provider token as Apple specifies it: header {alg, kid}, claims {iss, iat}. */
export async function providerToken(sb: RunningSandbox, claims: TokenClaims = {}): Promise<string> {
  const { keyId, teamId } = sb.credentials.manifest.apns;
  const key = await importPKCS8(claims.keyPem ?? sb.credentials.apnsAuthKeyPem, 'ES256');
  return new SignJWT({ iss: claims.iss ?? teamId, iat: claims.iat ?? Math.floor(Date.now() / 1000) })
    .setProtectedHeader({ alg: 'ES256', kid: claims.kid ?? keyId })
    .sign(key);
}

/** Opens an HTTP/2 connection to the sandbox, trusting its CA; resolves once SETTINGS arrived. */
export async function openSession(sb: RunningSandbox, opts: SecureClientSessionOptions = {}): Promise<ClientHttp2Session> {
  const session = connect(sb.origin, { ca: sb.credentials.ca.certPem, ...opts });
  await new Promise<void>((resolve, reject) => {
    const onError = (e: Error) => reject(e);
    session.once('error', onError);
    session.once('remoteSettings', () => {
      session.off('error', onError);
      resolve();
    });
  });
  // A test that provokes GOAWAY or resets must not die of an unhandled session error.
  session.on('error', () => {});
  return session;
}

export interface ApnsResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when empty. */
  body: { reason?: string; timestamp?: number } | undefined;
  text: string;
}

export interface PostOptions {
  /** Path; default `/3/device/<token>`. */
  path?: string;
  token?: string;
  method?: string;
  headers?: OutgoingHttpHeaders;
  /** Body: an object is JSON-encoded; a string or Buffer is sent as is; omit for none. */
  body?: unknown;
}

/** One request on an open session; resolves with the full response. */
export function post(session: ClientHttp2Session, opts: PostOptions): Promise<ApnsResponse> {
  return new Promise((resolve, reject) => {
    const req = session.request({
      ':method': opts.method ?? 'POST',
      ':path': opts.path ?? `/3/device/${opts.token ?? ''}`,
      ...opts.headers,
    });
    let status = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    req.on('response', (h) => {
      status = Number(h[':status']);
      headers = h;
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: ApnsResponse['body'];
      try {
        body = text ? (JSON.parse(text) as ApnsResponse['body']) : undefined;
      } catch {
        body = undefined;
      }
      resolve({ status, headers, body, text });
    });
    req.on('error', reject);
    if (opts.body === undefined) req.end();
    else if (typeof opts.body === 'string' || Buffer.isBuffer(opts.body)) req.end(opts.body);
    else req.end(JSON.stringify(opts.body));
  });
}

/** Closes a session and waits for it to be gone. */
export function closeSession(session: ClientHttp2Session): Promise<void> {
  if (session.closed || session.destroyed) return Promise.resolve();
  return new Promise((resolve) => session.close(() => resolve()));
}

export const alertPayload = { aps: { alert: { title: 'Town Square', body: 'hello from the tests' }, sound: 'default' } };
