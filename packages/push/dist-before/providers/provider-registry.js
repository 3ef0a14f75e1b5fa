import { ApnsProvider } from './apns/apns-provider.js';
import { FcmProvider } from './fcm/fcm-provider.js';
import { WebPushProvider } from './webpush/webpush-provider.js';
export class ProviderRegistry {
    byType = new Map();
    static async fromConfig(config, opts = {}) {
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
            for (const p of reg.all())
                await p.validate?.();
        }
        catch (e) {
            await reg.close();
            throw e;
        }
        return reg;
    }
    add(p) {
        if (this.byType.has(p.appType))
            throw new Error(`Type "${p.appType}" is configured twice`);
        this.byType.set(p.appType, p);
    }
    get(appType) {
        return this.byType.get(appType);
    }
    types() {
        return [...this.byType.keys()];
    }
    all() {
        return [...this.byType.values()];
    }
    async reload() {
        for (const p of this.all())
            await p.reload?.();
    }
    async close() {
        await Promise.all(this.all().map((p) => p.close()));
    }
}
function withPath(path, make) {
    try {
        return make();
    }
    catch (e) {
        throw new Error(`${path}: ${e.message}`);
    }
}
//# sourceMappingURL=provider-registry.js.map