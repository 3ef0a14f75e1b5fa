// The service worker: app shell cache for offline start, Web Push (show the server's text, fetch
// it for id_loaded pushes, ack each push, close on `clear`, app badge) and notification clicks
// (open the channel or thread in the app).
import { BADGE_KEY, kvGet, kvSet, SESSION_KEY, type SwSession } from '../kv.js';
import { badgeOf, isIdLoaded, notificationFor, type PushData } from '../push-payload.js';

declare const self: ServiceWorkerGlobalScope;
declare const __SHELL__: string[];
declare const __SHELL_VERSION__: string;

const CACHE = `herald-shell-${__SHELL_VERSION__}`;

// Static routes (Chromium's Service Worker Static Routing API): API requests go straight to the
// network and the start URL and app shell straight to this cache, without starting this worker
// (which takes 50-100 ms when it is not running, e.g. at a cold start or after the app slept).
// Other navigations (deep links) still come to the fetch handler below, which answers with the
// shell. Browsers without the API send everything to the fetch handler, which does the same.
type Route = { condition: Record<string, unknown>; source: string | { cacheName: string } };
const URLPatternClass = (self as unknown as { URLPattern?: new (init: { pathname: string }) => object }).URLPattern;
function staticRoutes(Pattern: new (init: { pathname: string }) => object): Route[] {
  const path = (pathname: string) => ({ urlPattern: new Pattern({ pathname }) });
  return [
    { condition: path('/api/*'), source: 'network' },
    { condition: { ...path('/'), requestMode: 'navigate' }, source: { cacheName: CACHE } },
    ...__SHELL__.filter((u) => u !== '/' && u !== '/index.html').map((u) => ({ condition: path(u.split('?')[0]!), source: { cacheName: CACHE } })),
  ];
}

self.addEventListener('install', (event) => {
  const addRoutes = (event as ExtendableEvent & { addRoutes?: (routes: Route[]) => Promise<void> }).addRoutes;
  event.waitUntil(
    Promise.all([
      caches.open(CACHE).then((c) => c.addAll(__SHELL__)),
      URLPatternClass && addRoutes ? addRoutes.call(event, staticRoutes(URLPatternClass)).catch(() => undefined) : undefined,
    ]).then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('herald-shell-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    // Every app path is the same shell: answer from the cache at once, network when not cached.
    event.respondWith(caches.match('/index.html', { cacheName: CACHE }).then((hit) => hit ?? fetch(req)));
    return;
  }
  event.respondWith(caches.match(req, { cacheName: CACHE }).then((hit) => hit ?? fetch(req)));
});

async function setBadge(n: number): Promise<void> {
  await kvSet(BADGE_KEY, n).catch(() => undefined);
  const nav = self.navigator as WorkerNavigator & { setAppBadge?: (n?: number) => Promise<void>; clearAppBadge?: () => Promise<void> };
  try {
    if (n > 0) await nav.setAppBadge?.(n);
    else await nav.clearAppBadge?.();
  } catch {
    // Not supported here (e.g. not installed): the badge count is still kept.
  }
}

async function api<T>(s: SwSession, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${s.serverUrl}/api/v4${path}`, {
    method,
    headers: { Authorization: `Bearer ${s.token}`, 'X-Requested-With': 'XMLHttpRequest', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

function asStrings(o: Record<string, unknown>): PushData {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)])) as PushData;
}

/** Acks the push; for an id_loaded push the ack's reply carries the content, else the post is fetched. */
async function ackAndLoad(d: PushData): Promise<PushData> {
  const s = await kvGet<SwSession | null>(SESSION_KEY).catch(() => undefined);
  if (!s?.token) return d;
  const idLoaded = isIdLoaded(d);
  let full = d;
  if (d.ack_id) {
    try {
      const reply = await api<Record<string, unknown>>(s, 'POST', '/notifications/ack', {
        id: d.ack_id,
        platform: 'webpush',
        type: d.type ?? 'message',
        received_at: Date.now(),
        ...(d.post_id ? { post_id: d.post_id } : {}),
        ...(idLoaded ? { is_id_loaded: true } : {}),
      });
      if (idLoaded && typeof reply.message === 'string') full = { ...d, ...asStrings(reply), id_loaded: 'true' };
    } catch {
      // The notification still shows; the ack is best effort.
    }
  }
  if (idLoaded && full === d && d.post_id) {
    try {
      const post = await api<{ message: string; user_id: string }>(s, 'GET', `/posts/${d.post_id}`);
      const sender = await api<{ username: string }>(s, 'GET', `/users/${post.user_id}`).catch(() => undefined);
      full = { ...d, message: post.message, sender_name: sender ? `@${sender.username}` : d.sender_name ?? '', channel_name: '' };
    } catch {
      // keep the generic text the push carried
    }
  }
  return full;
}

async function onPush(d: PushData): Promise<void> {
  const badge = badgeOf(d);
  if (badge !== undefined) await setBadge(badge);
  if (d.type === 'clear') {
    for (const n of await self.registration.getNotifications()) {
      const data = n.data as { channel_id?: string; root_id?: string } | undefined;
      if (data && data.channel_id === d.channel_id && (!d.root_id || data.root_id === d.root_id)) n.close();
    }
    return;
  }
  if (d.type === 'update_badge' || d.type === 'session') return;
  const n = notificationFor(await ackAndLoad(d));
  await self.registration.showNotification(n.title, { body: n.body, tag: n.tag, data: n.data, icon: '/icons/icon-192.png', badge: '/icons/icon-192.png' });
}

self.addEventListener('push', (event) => {
  let d: PushData = {};
  try {
    d = (event.data?.json() ?? {}) as PushData;
  } catch {
    d = { type: 'message', message: event.data?.text() ?? '' };
  }
  event.waitUntil(onPush(d));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const url = (event.notification.data as { url?: string } | undefined)?.url ?? '/';
  event.waitUntil(
    (async () => {
      const wins = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      const win = wins.find((w) => w.focused) ?? wins[0];
      if (win) {
        win.postMessage({ type: 'open', url });
        await win.focus().catch(() => undefined);
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
