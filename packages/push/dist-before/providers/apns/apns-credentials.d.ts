/** A token is reused this long; Apple rejects refreshes sooner than 20 min and tokens older than 60. */
export declare const TOKEN_REFRESH_AFTER_SEC: number;
export declare class ProviderTokenSigner {
    private keyPem;
    readonly keyId: string;
    readonly teamId: string;
    private readonly now;
    private cached;
    private key;
    /** The signature in progress, shared by every send that asks meanwhile. */
    private signing;
    /** Bumped when the key changes, so a signature begun with the old key is not cached. */
    private generation;
    constructor(keyPem: string, keyId: string, teamId: string, now?: () => number);
    static fromFile(path: string, keyId: string, teamId: string): ProviderTokenSigner;
    /** Parses the key now, so a bad .p8 fails at start-up rather than on the first push. */
    validate(): Promise<void>;
    private cryptoKey;
    token(): Promise<string>;
    private sign;
    /**
     * APNs said the token is expired or invalid: sign a new one next time, unless the current one is
     * younger than 20 minutes (a refresh then would only earn TooManyProviderTokenUpdates).
     */
    invalidate(): void;
    /** New key material (SIGHUP): the next push signs a fresh token. */
    replaceKey(keyPem: string): void;
}
export interface ClientCertificate {
    certPem: string;
    keyPem: string;
    notAfter: Date;
    /** The bundle id in the certificate's subject UID, if present. */
    topic?: string;
    subject: string;
}
/** Loads an Apple Push Services certificate and its key from a .p12/.pfx or a .pem file. */
export declare function loadClientCertificate(path: string, password?: string): ClientCertificate;
//# sourceMappingURL=apns-credentials.d.ts.map