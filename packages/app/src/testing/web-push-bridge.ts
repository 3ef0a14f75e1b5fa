// The one outside piece the tests replace: the browser's push service. The page's
// PushManager.subscribe returns a subscription made by the sandbox's Web Push service (with the
// applicationServerKey the app asked for), and what the sandbox decrypted from the Herald push
// service is delivered into the real service worker with DevTools' ServiceWorker.deliverPushMessage.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { Delivery, SandboxClient } from '@herald/sandbox';

/** Installs the PushManager stand-in in every page of `context`; returns the subscriptions made. */
export async function useSandboxPushService(context: BrowserContext, sandbox: SandboxClient): Promise<{ tokens: string[] }> {
  const made = { tokens: [] as string[] };
  await context.exposeFunction('__heraldSandboxSubscribe', async (applicationServerKey: string) => {
    const { id, subscription } = await sandbox.subscribeWebPush({ applicationServerKey });
    made.tokens.push(id);
    return subscription;
  });
  await context.addInitScript(() => {
    const w = window as unknown as { __heraldSandboxSubscribe(key: string): Promise<PushSubscriptionJSON> };
    const b64url = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    // Kept across reloads, as a browser keeps its subscription.
    const KEY = '__heraldSandboxSubscription';
    const wrap = (json: PushSubscriptionJSON) =>
      ({
        endpoint: json.endpoint!,
        expirationTime: null,
        options: { userVisibleOnly: true, applicationServerKey: null },
        toJSON: () => json,
        getKey: () => null,
        unsubscribe: async () => (localStorage.removeItem(KEY), true),
      }) as unknown as PushSubscription;
    PushManager.prototype.subscribe = async function (opts?: PushSubscriptionOptionsInit) {
      const raw = opts?.applicationServerKey;
      const key = typeof raw === 'string' ? raw : b64url(new Uint8Array(raw instanceof ArrayBuffer ? raw : (raw as ArrayBufferView).buffer));
      const json = await w.__heraldSandboxSubscribe(key);
      localStorage.setItem(KEY, JSON.stringify(json));
      return wrap(json);
    };
    PushManager.prototype.getSubscription = async () => {
      const saved = localStorage.getItem(KEY);
      return saved ? wrap(JSON.parse(saved) as PushSubscriptionJSON) : null;
    };
  });
  return made;
}

export class ServiceWorkerPush {
  private registrationId: string | undefined;
  private constructor(
    private readonly cdp: CDPSession,
    private readonly origin: string,
  ) {}

  /** Attaches to the page's DevTools session and waits for its service worker registration. */
  static async attach(page: Page, origin: string, timeoutMs = 10_000): Promise<ServiceWorkerPush> {
    const cdp = await page.context().newCDPSession(page);
    const bridge = new ServiceWorkerPush(cdp, origin);
    const found = new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no service worker registration for ${origin} within ${timeoutMs} ms`)), timeoutMs);
      cdp.on('ServiceWorker.workerRegistrationUpdated', (e: { registrations: { registrationId: string; scopeURL: string; isDeleted: boolean }[] }) => {
        const r = e.registrations.find((x) => !x.isDeleted && x.scopeURL.startsWith(origin));
        if (r) {
          bridge.registrationId = r.registrationId;
          clearTimeout(t);
          resolve();
        }
      });
    });
    await cdp.send('ServiceWorker.enable');
    await found;
    return bridge;
  }

  /** Delivers one decrypted Web Push (as the browser's push service would) to the service worker. */
  async deliver(d: Delivery | unknown): Promise<void> {
    const payload = d && typeof d === 'object' && 'payload' in d ? (d as Delivery).payload : d;
    await this.cdp.send('ServiceWorker.deliverPushMessage', {
      origin: this.origin,
      registrationId: this.registrationId!,
      data: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
  }
}

/** Waits for the next Web Push the sandbox received for `token` after `after`, delivers it, returns it. */
export async function forwardNext(sandbox: SandboxClient, bridge: ServiceWorkerPush, token: string, after: number, timeoutMs = 8000): Promise<Delivery> {
  const d = await sandbox.next(token, { after, timeoutMs });
  await bridge.deliver(d);
  return d;
}

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  data: { url: string; channel_id: string; root_id: string; post_id: string; ack_id: string; type: string };
}

/** registration.getNotifications(), polled until `until` holds (service workers show asynchronously). */
export async function notifications(page: Page, until: (n: ShownNotification[]) => boolean = (n) => n.length > 0, timeoutMs = 5000): Promise<ShownNotification[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = await page.evaluate(async () => {
      const reg = await navigator.serviceWorker.ready;
      return (await reg.getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data as never }));
    });
    if (until(shown) || Date.now() > deadline) return shown;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Dispatches notificationclick for the notification with `tag` inside the service worker (a user's tap). */
export async function clickNotification(context: BrowserContext, tag: string): Promise<void> {
  const sw = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await sw.evaluate(`(async () => {
    const [n] = await self.registration.getNotifications({ tag: ${JSON.stringify(tag)} });
    if (!n) throw new Error('no notification with tag ${tag}');
    self.dispatchEvent(new NotificationEvent('notificationclick', { notification: n }));
  })()`);
}
