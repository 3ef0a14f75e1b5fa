import type { AndroidSettings } from '../../config/schema.js';
import type { ValidatedPush } from '../../request/push-request.js';
import type { PushProvider, SendResult, SendTarget } from '../provider.js';
export declare const FCM_ORIGIN = "https://fcm.googleapis.com";
export interface FcmProviderOptions {
    /** Overrides Google's host (HERALD_FCM_URL, e.g. the sandbox). */
    origin?: string;
    env?: NodeJS.ProcessEnv;
    extraCa?: string[];
}
export declare class FcmProvider implements PushProvider {
    private readonly settings;
    readonly kind: "fcm";
    readonly appType: string;
    private account;
    private readonly pool;
    private readonly oauthPool;
    private readonly tokens;
    constructor(settings: AndroidSettings, opts?: FcmProviderOptions);
    get projectId(): string;
    validate(): Promise<void>;
    reload(): Promise<void>;
    send(push: ValidatedPush, target: SendTarget): Promise<SendResult>;
    close(): Promise<void>;
}
//# sourceMappingURL=fcm-provider.d.ts.map