import type { Http2Pool } from '../../transport/http2-pool.js';
export declare const FCM_SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
export interface ServiceAccount {
    project_id: string;
    private_key: string;
    private_key_id?: string;
    client_email: string;
    token_uri: string;
}
export declare function loadServiceAccount(path: string): ServiceAccount;
export declare class FcmTokenSource {
    private account;
    private readonly pool;
    private readonly now;
    private cached;
    private pending;
    private key;
    constructor(account: ServiceAccount, pool: Http2Pool, now?: () => number);
    validate(): Promise<void>;
    private cryptoKey;
    /** A valid access token; concurrent callers share one exchange. */
    token(): Promise<string>;
    /** FCM said 401: the token was revoked or expired early. */
    invalidate(): void;
    replaceAccount(account: ServiceAccount): void;
    private exchange;
}
//# sourceMappingURL=fcm-oauth.d.ts.map