// Small request/response helpers shared by the provider stand-ins and the admin API. They work
// for HTTP/1.1 and HTTP/2 (compat API) requests alike.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { constants as h2, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';

export type Req = IncomingMessage | Http2ServerRequest;
export type Res = ServerResponse | Http2ServerResponse;

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body exceeds ${limit} bytes`);
  }
}

/** Reads the whole body, refusing (without buffering further) once it passes `limit` bytes. */
export function readBody(req: Req, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      reject(new BodyTooLarge(limit));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        reject(new BodyTooLarge(limit));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!done) {
        done = true;
        resolve(Buffer.concat(chunks));
      }
    });
    req.on('error', (e) => {
      if (!done) {
        done = true;
        reject(e);
      }
    });
    req.on('aborted', () => {
      if (!done) {
        done = true;
        reject(new Error('request aborted'));
      }
    });
  });
}

export function sendJson(res: Res, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || (res as { destroyed?: boolean }).destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  const h: Record<string, string | number> = { ...headers };
  if (text) {
    h['content-type'] = 'application/json; charset=utf-8';
    h['content-length'] = Buffer.byteLength(text);
  }
  (res as ServerResponse).writeHead(status, h);
  res.end(text);
}

export function sendEmpty(res: Res, status: number, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  (res as ServerResponse).writeHead(status, headers);
  res.end();
}

export function isHttp2(req: Req): req is Http2ServerRequest {
  return 'stream' in req && req.httpVersionMajor === 2;
}

/** Drops a request the way a failing server would: GOAWAY for the whole HTTP/2 connection, or a reset. */
export function dropRequest(req: Req, how: 'goaway' | 'reset'): void {
  if (isHttp2(req)) {
    const session = req.stream.session;
    if (how === 'goaway' && session) {
      session.goaway(h2.NGHTTP2_NO_ERROR);
      req.stream.close(h2.NGHTTP2_REFUSED_STREAM);
    } else {
      req.stream.close(h2.NGHTTP2_INTERNAL_ERROR);
    }
    return;
  }
  req.socket.destroy();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Header value as one string (first of several), or undefined. */
export function header(req: Req, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
