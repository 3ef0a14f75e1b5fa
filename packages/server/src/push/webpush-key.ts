// The VAPID public key browsers subscribe with. It belongs to the push service (which signs every
// Web Push with the private half), so the chat server asks the push service it currently sends to
// (GET {push server}/api/v1/webpush) and hands the key to its web app; cached per URL for a minute.

export interface WebPushApp {
  /** The app type: the platform part of the device id (`webpush:<subscription>`). */
  type: string;
  vapid_public_key: string;
}

const TTL_MS = 60_000;
const cache = new Map<string, { at: number; apps: WebPushApp[] }>();

export async function fetchWebPushApps(pushServerUrl: string, now = Date.now(), timeoutMs = 5000): Promise<WebPushApp[]> {
  const hit = cache.get(pushServerUrl);
  if (hit && now - hit.at < TTL_MS) return hit.apps;
  const res = await fetch(pushServerUrl.replace(/\/+$/, '') + '/api/v1/webpush', { signal: AbortSignal.timeout(timeoutMs) });
  const body = (await res.json().catch(() => ({}))) as { apps?: unknown };
  const apps = Array.isArray(body.apps)
    ? (body.apps as Partial<WebPushApp>[]).filter((a): a is WebPushApp => typeof a?.type === 'string' && typeof a.vapid_public_key === 'string')
    : [];
  if (res.ok) cache.set(pushServerUrl, { at: now, apps });
  return apps;
}
