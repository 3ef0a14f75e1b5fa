// Builds one provider per settings entry and finds it by app type. An explicit map: the platform
// string of a push never becomes a module name.
import type { HeraldConfig } from '../config/schema.js';
import { ApnsProvider } from './apns/apns-provider.js';
import { FcmProvider } from './fcm/fcm-provider.js';
import type { PushProvider } from './provider.js';
import { WebPushProvider } from './webpush/webpush-provider.js';

export interface RegistryOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra CA certificates (PEM) to trust besides the system's: what NODE_EXTRA_CA_CERTS does for a process. */
  extraCa?: string[];
}

export class ProviderRegistry {
  private readonly byType = new Map<string, PushProvider>();

  static async fromConfig(config: HeraldConfig, opts: RegistryOptions = {}): Promise<ProviderRegistry> {
    const env = opts.env ?? process.env;
    const reg = new ProviderRegistry();
    const apnsOrigin = env.HERALD_APNS_URL;
    const fcmOrigin = env.HERALD_FCM_URL;
    const ca = opts.extraCa?.length ? { extraCa: opts.extraCa } : {};
    try {
      config.ApplePushSettings.forEach((s, i) => {
        reg.add(withPath(`ApplePushSettings[${i}]`, () => new ApnsProvider(s, { ...(apnsOrigin ? { origin: apnsOrigin } : {}), env, ...ca })));
      });
      config.AndroidPushSettings.forEach((s, i) => {
        reg.add(withPath(`AndroidPushSettings[${i}]`, () => new FcmProvider(s, { ...(fcmOrigin ? { origin: fcmOrigin } : {}), env, ...ca })));
      });
      config.WebPushSettings.forEach((s, i) => {
        reg.add(withPath(`WebPushSettings[${i}]`, () => new WebPushProvider(s, { env, ...ca })));
      });
      for (const p of reg.all()) await (p as { validate?: () => Promise<void> }).validate?.();
    } catch (e) {
      await reg.close();
      throw e;
    }
    return reg;
  }

  add(p: PushProvider): void {
    if (this.byType.has(p.appType)) throw new Error(`Type "${p.appType}" is configured twice`);
    this.byType.set(p.appType, p);
  }

  get(appType: string): PushProvider | undefined {
    return this.byType.get(appType);
  }

  types(): string[] {
    return [...this.byType.keys()];
  }

  all(): PushProvider[] {
    return [...this.byType.values()];
  }

  async reload(): Promise<void> {
    for (const p of this.all()) await p.reload?.();
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((p) => p.close()));
  }
}

function withPath<T>(path: string, make: () => T): T {
  try {
    return make();
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
}
