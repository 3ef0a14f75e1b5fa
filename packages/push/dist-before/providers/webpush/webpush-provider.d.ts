import type { WebPushSettings } from '../../config/schema.js';
import type { ValidatedPush } from '../../request/push-request.js';
import type { PushProvider, SendResult, SendTarget } from '../provider.js';
export interface WebPushProviderOptions {
    env?: NodeJS.ProcessEnv;
    extraCa?: string[];
}
export declare class WebPushProvider implements PushProvider {
    private readonly settings;
    readonly kind: "webpush";
    readonly appType: string;
    private vapid;
    private readonly direct;
    private readonly ca;
    private readonly proxied;
    private readonly env;
    constructor(settings: WebPushSettings, opts?: WebPushProviderOptions);
    private loadVapid;
    get publicKey(): string;
    validate(): Promise<void>;
    reload(): Promise<void>;
    private agentFor;
    send(push: ValidatedPush, target: SendTarget): Promise<SendResult>;
    close(): Promise<void>;
}
//# sourceMappingURL=webpush-provider.d.ts.map