// A typed client for the sandbox admin API, for tests, the CLI and `herald doctor`.
import type { ApnsDevice, FcmDevice, Service } from '../state/devices.js';
import type { FaultRule } from '../state/faults.js';
import type { Delivery } from '../state/inbox.js';

export interface PushSubscriptionJSON {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export class SandboxClient {
  constructor(readonly adminUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(this.adminUrl + path, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
    });
    const text = await res.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (!res.ok) throw new Error(`sandbox ${method} ${path}: ${res.status} ${(json as { error?: string })?.error ?? text}`);
    return json as T;
  }

  info(): Promise<Record<string, unknown>> {
    return this.call('GET', '/');
  }

  registerApns(opts: { topic?: string; token?: string } = {}): Promise<ApnsDevice> {
    return this.call('POST', '/apns/devices', opts);
  }

  registerFcm(opts: { project?: string; token?: string } = {}): Promise<FcmDevice> {
    return this.call('POST', '/fcm/devices', opts);
  }

  subscribeWebPush(opts: { applicationServerKey?: string } = {}): Promise<{ id: string; subscription: PushSubscriptionJSON }> {
    return this.call('POST', '/webpush/subscriptions', opts);
  }

  unregister(service: Service, token: string): Promise<{ token: string; unregisteredAt: number }> {
    const path = service === 'webpush' ? 'webpush/subscriptions' : `${service}/devices`;
    return this.call('DELETE', `/${path}/${encodeURIComponent(token)}`);
  }

  async inbox(q: { service?: Service; token?: string; after?: number; wait?: number } = {}): Promise<Delivery[]> {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined) p.set(k, String(v));
    return (await this.call<{ deliveries: Delivery[] }>('GET', `/inbox?${p}`)).deliveries;
  }

  /** Waits (up to timeoutMs) for the next delivery to `token` after sequence `after`. */
  async next(token: string, opts: { after?: number; timeoutMs?: number } = {}): Promise<Delivery> {
    const [d] = await this.inbox({ token, after: opts.after ?? 0, wait: opts.timeoutMs ?? 10_000 });
    if (!d) throw new Error(`no push reached ${token.slice(0, 8)}… within ${opts.timeoutMs ?? 10_000} ms`);
    return d;
  }

  async lastSeq(): Promise<number> {
    return (await this.call<{ lastSeq: number }>('GET', '/inbox?token=-')).lastSeq;
  }

  clearInbox(): Promise<unknown> {
    return this.call('DELETE', '/inbox');
  }

  addFault(rule: Omit<Partial<FaultRule>, 'id' | 'remaining'> & { kind: FaultRule['kind']; times?: number }): Promise<FaultRule> {
    return this.call('POST', '/faults', rule);
  }

  clearFaults(): Promise<unknown> {
    return this.call('DELETE', '/faults');
  }
}
