// A global fetch that trusts one extra CA for the given https origins, for clients that call the
// global fetch themselves (Client4). Node's fetch reads NODE_EXTRA_CA_CERTS only at process start
// (a throwaway CA made by the test is too late) and takes a CA only through an undici dispatcher
// (undici is not a dependency); so requests to those origins go through node:https with `ca`, and
// everything else to the original fetch. No redirects are followed, no compression is asked for.
import https from 'node:https';

const NULL_BODY = new Set([204, 205, 304]);

/** Installs it as globalThis.fetch; returns the function that puts the original back. */
export function installFetchTrustingCa(caPem: string, origins: string[]): () => void {
  const original = globalThis.fetch;
  const trusted = new Set(origins.map((o) => new URL(o).origin));
  const agent = new https.Agent({ ca: caPem, keepAlive: true });
  const trustingFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = new Request(input, init);
    const url = new URL(req.url);
    if (url.protocol !== 'https:' || !trusted.has(url.origin)) return original(input, init);
    const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
    const headers: Record<string, string> = Object.fromEntries(req.headers);
    if (body) headers['content-length'] = String(body.length);
    return new Promise<Response>((resolve, reject) => {
      const out = https.request(url, { method: req.method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const got = new Headers();
          for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) got.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
          const status = res.statusCode ?? 502;
          const empty = NULL_BODY.has(status) || req.method === 'HEAD';
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: got }));
        });
      });
      out.on('error', (e) => reject(new TypeError('fetch failed', { cause: e })));
      req.signal.addEventListener('abort', () => out.destroy(req.signal.reason as Error), { once: true });
      out.end(body);
    });
  };
  globalThis.fetch = trustingFetch as typeof fetch;
  return () => {
    globalThis.fetch = original;
    agent.destroy();
  };
}
