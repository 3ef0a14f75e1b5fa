// Test helper: RS256 JWT-bearer assertions for a service account (built with jose, as any OAuth
// client would), and an FCM access token obtained from the sandbox's token_uri with one.
import { importPKCS8, SignJWT } from 'jose';
import type { ServiceAccount } from '../credentials/credentials.js';
import { httpsRequest, type HttpsAnswer } from './https-request.js';

export const FCM_SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface AssertionOptions {
  /** Signing key (PEM, PKCS#8); default the service account's. */
  privateKey?: string;
  kid?: string | null;
  iss?: string;
  aud?: string;
  /** Space-separated scopes; null leaves the claim out. */
  scope?: string | null;
  iat?: number;
  exp?: number;
}

export async function signAssertion(sa: ServiceAccount, o: AssertionOptions = {}): Promise<string> {
  const key = await importPKCS8(o.privateKey ?? sa.private_key, 'RS256');
  const iat = o.iat ?? Math.floor(Date.now() / 1000);
  const kid = o.kid === undefined ? sa.private_key_id : o.kid;
  const scope = o.scope === undefined ? FCM_SCOPE : o.scope;
  return new SignJWT(scope === null ? {} : { scope })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(kid === null ? {} : { kid }) })
    .setIssuer(o.iss ?? sa.client_email)
    .setAudience(o.aud ?? sa.token_uri)
    .setIssuedAt(iat)
    .setExpirationTime(o.exp ?? iat + 3600)
    .sign(key);
}

/** POSTs a form-encoded token request to the service account's token_uri. */
export function exchange(sa: ServiceAccount, ca: string, form: Record<string, string>): Promise<HttpsAnswer> {
  return httpsRequest(sa.token_uri, {
    ca,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
}

/** An access token for the service account's project, from the sandbox's token endpoint. */
export async function fcmAccessToken(sa: ServiceAccount, ca: string): Promise<string> {
  const res = await exchange(sa, ca, { grant_type: JWT_BEARER, assertion: await signAssertion(sa) });
  if (res.status !== 200 || typeof res.json?.access_token !== 'string') {
    throw new Error(`token exchange failed: ${res.status} ${res.text}`);
  }
  return res.json.access_token as string;
}
