import type { AppleSettings } from '../../config/schema.js';
import type { ValidatedPush } from '../../request/push-request.js';
import type { PushProvider, SendResult, SendTarget } from '../provider.js';
export declare const APNS_PRODUCTION = "https://api.push.apple.com";
export declare const APNS_DEVELOPMENT = "https://api.sandbox.push.apple.com";
export interface ApnsProviderOptions {
    /** Overrides Apple's host (HERALD_APNS_URL, e.g. the sandbox). */
    origin?: string;
    env?: NodeJS.ProcessEnv;
    maxConnections?: number;
    extraCa?: string[];
    /** Clock for provider-token iat, epoch seconds (tests). */
    now?: () => number;
}
export declare class ApnsProvider implements PushProvider {
    private readonly settings;
    readonly kind: "apns";
    readonly appType: string;
    readonly origin: string;
    private signer;
    private certificate;
    private readonly pool;
    private readonly ca;
    private readonly now;
    constructor(settings: AppleSettings, opts?: ApnsProviderOptions);
    /** Token auth when a key file is configured, else the client certificate. */
    get authKind(): 'token' | 'certificate';
    /** Expiry of the client certificate, when certificate auth is used. */
    get certificateNotAfter(): Date | undefined;
    get connectionCount(): number;
    /** HTTP/2 connections opened over the provider's life. */
    get connectionsOpened(): number;
    private loadCredentials;
    private tlsOptions;
    /** Checks the key parses, so a bad credential fails at start-up. */
    validate(): Promise<void>;
    reload(): Promise<void>;
    send(push: ValidatedPush, target: SendTarget): Promise<SendResult>;
    close(): Promise<void>;
}
//# sourceMappingURL=apns-provider.d.ts.map