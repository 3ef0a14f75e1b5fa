// What a page asked the network for, seen from both ends: inside the page (every fetch() and
// WebSocket in the order the page made them, with who made it: the script inlined in index.html or
// app.js, and whether the document was still being parsed, i.e. before app.js could run) and on
// the wire (each request playwright saw, with its answer's status).
import type { BrowserContext, Page, Request } from 'playwright-core';

export interface PageRequest {
  kind: 'fetch' | 'websocket';
  method: string;
  url: string;
  /** document.readyState when it was made: 'loading' means HTML parsing was not over, so no module script (app.js) had run yet. */
  readyState: DocumentReadyState;
  /** Made by a script inlined in the document (its stack points at the page's own URL). */
  fromInlineScript: boolean;
  /** Made by app.js (its stack points at /app.js). */
  fromAppJs: boolean;
}

/** Installs the in-page log in every page of `context` (before any of the page's own scripts). */
export async function logPageRequests(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const log: PageRequest[] = [];
    (window as unknown as { __requestLog: PageRequest[] }).__requestLog = log;
    const who = () => {
      const stack = new Error().stack ?? '';
      return { fromInlineScript: stack.includes(`${location.href.split('#')[0]}:`), fromAppJs: /\/app\.js[?:]/.test(stack) };
    };
    const realFetch = window.fetch;
    window.fetch = function (input: RequestInfo | URL, init?: RequestInit) {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
      log.push({ kind: 'fetch', method, url: new URL(url, location.href).href, readyState: document.readyState, ...who() });
      return realFetch.call(this, input, init);
    };
    const RealWebSocket = window.WebSocket;
    window.WebSocket = class extends RealWebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        log.push({ kind: 'websocket', method: 'GET', url: String(url), readyState: document.readyState, ...who() });
      }
    };
  });
}

/** The page's log so far (see logPageRequests). */
export function pageRequests(page: Page): Promise<PageRequest[]> {
  return page.evaluate(() => (window as unknown as { __requestLog?: PageRequest[] }).__requestLog ?? []);
}

/** Empties the page's log (to look at what happens from now on). */
export async function clearPageRequests(page: Page): Promise<void> {
  await page.evaluate(() => void (window as unknown as { __requestLog?: PageRequest[] }).__requestLog?.splice(0));
}

export interface WireRequest {
  method: string;
  url: string;
  /** Path and query under /api/v4, or '' for anything else. */
  api: string;
  /** The answer's status, 0 until it came (or when it failed). */
  status: number;
}

/** Records the page's requests as the browser sent them, from now on (service worker requests excluded). */
export function recordWire(page: Page): WireRequest[] {
  const seen: WireRequest[] = [];
  const byRequest = new Map<Request, WireRequest>();
  page.on('request', (r) => {
    if (r.serviceWorker()) return;
    const u = new URL(r.url());
    const w = { method: r.method(), url: r.url(), api: u.pathname.startsWith('/api/v4/') ? u.pathname.slice('/api/v4'.length) + u.search : '', status: 0 };
    byRequest.set(r, w);
    seen.push(w);
  });
  page.on('response', (res) => {
    const w = byRequest.get(res.request());
    if (w) w.status = res.status();
  });
  return seen;
}
