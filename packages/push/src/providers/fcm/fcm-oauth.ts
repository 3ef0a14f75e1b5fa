// OAuth 2.0 access tokens for FCM from a Firebase service account: an RS256 JWT assertion
// exchanged at the account's token_uri (RFC 7523), cached until shortly before it expires.
import { readFileSync } from 'node:fs';
import { SignJWT, importPKCS8, type CryptoKey } from 'jose';
import type { Http2Pool } from '../../transport/http2-pool.js';

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
/** Renew this long before expiry, so a token never expires mid-send. */
const EARLY_RENEW_SEC = 300;

export interface ServiceAccount {
  project_id: string;
  private_key: string;
  private_key_id?: string;
  client_email: string;
  token_uri: string;
}

export function loadServiceAccount(path: string): ServiceAccount {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`ServiceFileLocation ${path}: ${(e as Error).message}`);
  }
  const sa = json as Partial<ServiceAccount> & { type?: string };
  for (const k of ['project_id', 'private_key', 'client_email', 'token_uri'] as const) {
    if (typeof sa[k] !== 'string' || sa[k] === '') throw new Error(`ServiceFileLocation ${path}: "${k}" is missing (is this a service-account JSON?)`);
  }
  return sa as ServiceAccount;
}

export class FcmTokenSource {
  private cached: { token: string; expiresAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private key: Promise<CryptoKey> | undefined;

  constructor(
    private account: ServiceAccount,
    private readonly pool: Http2Pool,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  async validate(): Promise<void> {
    await this.cryptoKey();
  }

  private cryptoKey(): Promise<CryptoKey> {
    this.key ??= importPKCS8(this.account.private_key, 'RS256').catch((e: Error) => {
      this.key = undefined;
      throw new Error(`service account ${this.account.client_email}: private_key is not an RSA PKCS#8 key: ${e.message}`);
    });
    return this.key;
  }

  /** A valid access token; concurrent callers share one exchange. */
  token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EARLY_RENEW_SEC > this.now()) return Promise.resolve(this.cached.token);
    this.pending ??= this.exchange().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** FCM said 401: the token was revoked or expired early. */
  invalidate(): void {
    this.cached = undefined;
  }

  replaceAccount(account: ServiceAccount): void {
    this.account = account;
    this.key = undefined;
    this.cached = undefined;
  }

  private async exchange(): Promise<string> {
    const now = this.now();
    const header: { alg: 'RS256'; typ: 'JWT'; kid?: string } = { alg: 'RS256', typ: 'JWT' };
    if (this.account.private_key_id) header.kid = this.account.private_key_id;
    const assertion = await new SignJWT({ scope: FCM_SCOPE })
      .setProtectedHeader(header)
      .setIssuer(this.account.client_email)
      .setAudience(this.account.token_uri)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(await this.cryptoKey());
    const uri = new URL(this.account.token_uri);
    const body = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }).toString();
    const res = await this.pool.request(
      { ':method': 'POST', ':path': uri.pathname + uri.search, 'content-type': 'application/x-www-form-urlencoded' },
      body,
      { timeoutMs: 10_000 },
    );
    let json: { access_token?: string; expires_in?: number; error?: string; error_description?: string } = {};
    try {
      json = JSON.parse(res.body.toString('utf8')) as typeof json;
    } catch {
      // handled below
    }
    if (res.status !== 200 || typeof json.access_token !== 'string') {
      throw new Error(`OAuth token exchange at ${uri.origin} failed: ${res.status} ${json.error ?? ''} ${json.error_description ?? ''}`.trim());
    }
    this.cached = { token: json.access_token, expiresAt: now + (json.expires_in ?? 3600) };
    return json.access_token;
  }
}
