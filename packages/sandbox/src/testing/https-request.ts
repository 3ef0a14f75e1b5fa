// Test helper: one HTTPS/1.1 request on a fresh connection that trusts the sandbox CA, with the
// answer read whole. Used to send what third-party clients would not (bad tokens, raw bodies).
import { request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

export interface HttpsAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON, or undefined if it is not JSON. */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export function httpsRequest(
  url: string,
  opts: { ca: string; method?: string; headers?: Record<string, string | number>; body?: string | Buffer },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'POST', headers: opts.headers ?? {}, ca: opts.ca, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text ? JSON.parse(text) : undefined;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
