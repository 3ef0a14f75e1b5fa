// Builds one provider per settings entry and finds it by app type. An explicit map: the platform
// string of a push never becomes a module name.
import type { HeraldConfig } from '../config/schema.js';
import { ApnsProvider } from './apns/apns-provider.js';
import { FcmProvider } from './fcm/fcm-provider.js';
import type { ProviderKind, PushProvider, SendResult } from './provider.js';
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
      // An entry with no credentials at all (the anchor's shipped sample config has only such
      // entries) loads, as in the anchor, and each push for it FAILs saying why; the config check
      // has already warned. A later entry with the same Type replaces an earlier one, as in the
      // anchor (the config check warns about that too).
      config.ApplePushSettings.forEach((s, i) => {
        const path = `ApplePushSettings[${i}]`;
        reg.put(
          !s.AppleAuthKeyFile && !s.ApplePushCertPrivate
            ? new UnconfiguredProvider('apns', s.Type, `${path} (${s.Type}): no credentials configured (set AppleAuthKeyFile, AppleAuthKeyID and AppleTeamID, or ApplePushCertPrivate)`)
            : withPath(path, () => new ApnsProvider(s, { ...(apnsOrigin ? { origin: apnsOrigin } : {}), env, ...ca })),
        );
      });
      config.AndroidPushSettings.forEach((s, i) => {
        const path = `AndroidPushSettings[${i}]`;
        reg.put(
          !s.ServiceFileLocation
            ? new UnconfiguredProvider('fcm', s.Type, `${path} (${s.Type}): no credentials configured (set ServiceFileLocation to a Firebase service-account JSON)`)
            : withPath(path, () => new FcmProvider(s, { ...(fcmOrigin ? { origin: fcmOrigin } : {}), env, ...ca })),
        );
      });
      config.WebPushSettings.forEach((s, i) => {
        const path = `WebPushSettings[${i}]`;
        reg.put(
          !s.VapidPublicKey && !s.VapidPrivateKey && !s.VapidPrivateKeyFile
            ? new UnconfiguredProvider('webpush', s.Type, `${path} (${s.Type}): no VAPID keys configured (set VapidPublicKey and VapidPrivateKey or VapidPrivateKeyFile)`)
            : withPath(path, () => new WebPushProvider(s, { env, ...ca })),
        );
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

  /** Adds `p`, replacing (and closing) an earlier provider of the same Type. */
  private put(p: PushProvider): void {
    void this.byType.get(p.appType)?.close();
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

/** Stands in for a settings entry without credentials: every push FAILs, naming what is missing. */
class UnconfiguredProvider implements PushProvider {
  constructor(
    readonly kind: ProviderKind,
    readonly appType: string,
    private readonly why: string,
  ) {}

  async send(): Promise<SendResult> {
    return { status: 'FAIL', error: this.why, retryable: false, reason: 'NotConfigured' };
  }

  async close(): Promise<void> {}
}
