// Web Push from the page: register the service worker, subscribe with the VAPID key of the push
// service the chat server uses (GET /api/v4/notifications/webpush) and attach the subscription
// to this session as its device id: `<platform>:<base64url(JSON of the PushSubscription)>`.
import type { Api } from './api.js';
import { kvSet, SESSION_KEY, type SwSession } from './kv.js';

export function b64urlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToB64url(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function deviceIdFor(platform: string, sub: PushSubscriptionJSON): string {
  const json = JSON.stringify({ endpoint: sub.endpoint, keys: sub.keys });
  return `${platform}:${bytesToB64url(new TextEncoder().encode(json))}`;
}

export function registerServiceWorker(): Promise<ServiceWorkerRegistration | undefined> {
  if (!('serviceWorker' in navigator)) return Promise.resolve(undefined);
  return navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => undefined);
}

/** Hands the service worker what it needs to fetch posts and ack pushes on its own. */
export function shareSession(s: SwSession | undefined): Promise<void> {
  return (s ? kvSet(SESSION_KEY, s) : kvSet(SESSION_KEY, null)).catch(() => undefined);
}

export type PushStatus = { status: 'on' | 'ask' | 'denied' | 'unsupported' | 'off' | 'error'; detail: string };

/** Subscribes when notifications are allowed; `ask` asks for the permission first (a user gesture). */
export async function enablePush(api: Api, ask = false): Promise<PushStatus> {
  if (!('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    return { status: 'unsupported', detail: 'This browser does not support Web Push.' };
  }
  let permission = Notification.permission;
  if (permission === 'default' && ask) permission = await Notification.requestPermission();
  if (permission === 'denied') return { status: 'denied', detail: 'Notifications are blocked for this site in the browser settings.' };
  if (permission !== 'granted') return { status: 'ask', detail: '' };
  let key: { platform: string; vapid_public_key: string };
  try {
    key = await api.get('/notifications/webpush');
  } catch (e) {
    return { status: 'off', detail: (e as Error).message };
  }
  try {
    const reg = await navigator.serviceWorker.ready;
    const applicationServerKey = b64urlToBytes(key.vapid_public_key);
    let sub = await reg.pushManager.getSubscription();
    const current = sub?.options?.applicationServerKey;
    if (sub && current && bytesToB64url(new Uint8Array(current)) !== key.vapid_public_key) {
      await sub.unsubscribe();
      sub = null;
    }
    sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
    await api.put('/users/sessions/device', { device_id: deviceIdFor(key.platform, sub.toJSON()) });
    return { status: 'on', detail: '' };
  } catch (e) {
    return { status: 'error', detail: (e as Error).message };
  }
}
