// OAuth 2.0 access tokens for FCM from a Firebase service account: an RS256 JWT assertion
// exchanged at the account's token_uri (RFC 7523), cached until shortly before it expires.
import { readFileSync } from 'node:fs';
import { SignJWT, importPKCS8 } from 'jose';
export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
/** Renew this long before expiry, so a token never expires mid-send. */
const EARLY_RENEW_SEC = 300;
export function loadServiceAccount(path) {
    let json;
    try {
        json = JSON.parse(readFileSync(path, 'utf8'));
    }
    catch (e) {
        throw new Error(`ServiceFileLocation ${path}: ${e.message}`);
    }
    const sa = json;
    for (const k of ['project_id', 'private_key', 'client_email', 'token_uri']) {
        if (typeof sa[k] !== 'string' || sa[k] === '')
            throw new Error(`ServiceFileLocation ${path}: "${k}" is missing (is this a service-account JSON?)`);
    }
    return sa;
}
export class FcmTokenSource {
    account;
    pool;
    now;
    cached;
    pending;
    key;
    constructor(account, pool, now = () => Math.floor(Date.now() / 1000)) {
        this.account = account;
        this.pool = pool;
        this.now = now;
    }
    async validate() {
        await this.cryptoKey();
    }
    cryptoKey() {
        this.key ??= importPKCS8(this.account.private_key, 'RS256').catch((e) => {
            this.key = undefined;
            throw new Error(`service account ${this.account.client_email}: private_key is not an RSA PKCS#8 key: ${e.message}`);
        });
        return this.key;
    }
    /** A valid access token; concurrent callers share one exchange. */
    token() {
        if (this.cached && this.cached.expiresAt - EARLY_RENEW_SEC > this.now())
            return Promise.resolve(this.cached.token);
        this.pending ??= this.exchange().finally(() => (this.pending = undefined));
        return this.pending;
    }
    /** FCM said 401: the token was revoked or expired early. */
    invalidate() {
        this.cached = undefined;
    }
    replaceAccount(account) {
        this.account = account;
        this.key = undefined;
        this.cached = undefined;
    }
    async exchange() {
        const now = this.now();
        const header = { alg: 'RS256', typ: 'JWT' };
        if (this.account.private_key_id)
            header.kid = this.account.private_key_id;
        const assertion = await new SignJWT({ scope: FCM_SCOPE })
            .setProtectedHeader(header)
            .setIssuer(this.account.client_email)
            .setAudience(this.account.token_uri)
            .setIssuedAt(now)
            .setExpirationTime(now + 3600)
            .sign(await this.cryptoKey());
        const uri = new URL(this.account.token_uri);
        const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
        const res = await this.pool.request({ ':method': 'POST', ':path': uri.pathname + uri.search, 'content-type': 'application/x-www-form-urlencoded' }, body, { timeoutMs: 10_000 });
        let json = {};
        try {
            json = JSON.parse(res.body.toString('utf8'));
        }
        catch {
            // handled below
        }
        if (res.status !== 200 || typeof json.access_token !== 'string') {
            throw new Error(`OAuth token exchange at ${uri.origin} failed: ${res.status} ${json.error ?? ''} ${json.error_description ?? ''}`.trim());
        }
        this.cached = { token: json.access_token, expiresAt: now + (json.expires_in ?? 3600) };
        return json.access_token;
    }
}
//# sourceMappingURL=fcm-oauth.js.map