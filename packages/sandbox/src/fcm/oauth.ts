// Google's OAuth 2.0 token endpoint for service accounts (JWT-bearer grant, RFC 7523), as FCM
// clients use it: verify the RS256 assertion against the service account's key, issue an access
// token bound to the account's project.
import { createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose';
import type { SandboxContext } from '../context.js';
import { readBody, sendJson, type Req, type Res } from '../http/http.js';

export const FCM_SCOPES = ['https://www.googleapis.com/auth/firebase.messaging', 'https://www.googleapis.com/auth/cloud-platform'];
const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
export const ACCESS_TOKEN_SECONDS = 3599;
/**
 * Audiences Google's token endpoint accepts besides the service account's own token_uri. Clients
 * such as google-auth-library (and so firebase-admin) always sign for the first one, whatever
 * token_uri says, so the stand-in must accept it as the real endpoint does.
 */
export const GOOGLE_TOKEN_AUDIENCES = [
  'https://oauth2.googleapis.com/token',
  'https://www.googleapis.com/oauth2/v4/token',
  'https://accounts.google.com/o/oauth2/token',
];

interface Account {
  clientEmail: string;
  privateKeyId: string;
  projectId: string;
  publicKey: KeyObject;
}

interface AccessToken {
  project: string;
  expiresAt: number;
  /** Whether the token's scopes cover FCM (firebase.messaging or cloud-platform). */
  fcm: boolean;
}

/** Google scopes are URLs under https://www.googleapis.com/auth/ (or a few bare OpenID names). */
const SCOPE = /^(https:\/\/www\.googleapis\.com\/auth\/[a-z0-9._-]+(\/[a-z0-9._-]+)*|openid|email|profile)$/i;

export class FcmAuth {
  private readonly accounts = new Map<string, Account>();
  private readonly tokens = new Map<string, AccessToken>();

  constructor(private readonly now: () => number = () => Date.now() / 1000) {}

  addServiceAccount(sa: { client_email: string; private_key_id: string; project_id: string; private_key: string }): void {
    this.accounts.set(sa.client_email, {
      clientEmail: sa.client_email,
      privateKeyId: sa.private_key_id,
      projectId: sa.project_id,
      publicKey: createPublicKey(sa.private_key),
    });
  }

  /** The project an access token may send for, or undefined if it is unknown or expired. */
  projectFor(accessToken: string): string | undefined {
    return this.lookup(accessToken)?.project;
  }

  /** The project of a live access token and whether its scopes allow FCM sends. */
  lookup(accessToken: string): { project: string; fcmScope: boolean } | undefined {
    const t = this.tokens.get(accessToken);
    if (!t) return undefined;
    if (t.expiresAt <= this.now()) {
      this.tokens.delete(accessToken);
      return undefined;
    }
    return { project: t.project, fcmScope: t.fcm };
  }

  /** Checks an assertion; returns an OAuth error (error, description) or the issued token. */
  async exchange(assertion: string, audiences: string[]): Promise<{ error: string; description: string } | { accessToken: string }> {
    let header, claims;
    try {
      header = decodeProtectedHeader(assertion);
      claims = decodeJwt(assertion);
    } catch {
      return { error: 'invalid_grant', description: 'Invalid JWT: could not decode the assertion.' };
    }
    const account = typeof claims.iss === 'string' ? this.accounts.get(claims.iss) : undefined;
    if (!account) return { error: 'invalid_grant', description: 'Invalid grant: account not found' };
    if (header.alg !== 'RS256') return { error: 'invalid_grant', description: 'Invalid JWT Signature.' };
    if (header.kid !== undefined && header.kid !== account.privateKeyId) {
      return { error: 'invalid_grant', description: 'Invalid JWT Signature.' };
    }
    try {
      await compactVerify(assertion, account.publicKey, { algorithms: ['RS256'] });
    } catch {
      return { error: 'invalid_grant', description: 'Invalid JWT Signature.' };
    }
    if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) {
      return { error: 'invalid_grant', description: 'Invalid JWT: Failed audience check.' };
    }
    const now = this.now();
    const { iat, exp } = claims;
    if (typeof iat !== 'number' || typeof exp !== 'number' || exp <= now || iat > now + 60 || exp - iat > 3600) {
      return {
        error: 'invalid_grant',
        description:
          'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. Check your iat and exp values in the JWT claim.',
      };
    }
    // Google issues a token for any valid scope; FCM then refuses one without its scope (403).
    const scopes = typeof claims.scope === 'string' ? claims.scope.split(/\s+/).filter(Boolean) : [];
    if (scopes.length === 0) {
      return { error: 'invalid_scope', description: 'Invalid OAuth scope or ID token audience provided.' };
    }
    const bad = scopes.filter((s: string) => !SCOPE.test(s));
    if (bad.length > 0) {
      return { error: 'invalid_scope', description: `Some requested scopes were invalid. {invalid=[${bad.join(', ')}]}` };
    }
    const accessToken = `ya29.${randomBytes(48).toString('base64url')}`;
    this.tokens.set(accessToken, {
      project: account.projectId,
      expiresAt: now + ACCESS_TOKEN_SECONDS,
      fcm: scopes.some((s: string) => FCM_SCOPES.includes(s)),
    });
    return { accessToken };
  }
}

export function isOAuthPath(path: string): boolean {
  return path === '/token';
}

export async function handleOAuthToken(ctx: SandboxContext, req: Req, res: Res): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { error: 'invalid_request', error_description: 'POST required' });
  let raw: Buffer;
  try {
    raw = await readBody(req, 64 * 1024);
  } catch {
    return sendJson(res, 413, { error: 'invalid_request', error_description: 'Request too large' });
  }
  const type = String(req.headers['content-type'] ?? '');
  let params: Record<string, unknown> = {};
  try {
    params = type.includes('application/json')
      ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>)
      : Object.fromEntries(new URLSearchParams(raw.toString('utf8')));
  } catch {
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'Could not parse the request body' });
  }
  if (!params || typeof params !== 'object') params = {};
  if (params.grant_type !== GRANT) {
    return sendJson(res, 400, { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${String(params.grant_type ?? '')}` });
  }
  if (typeof params.assertion !== 'string' || params.assertion.length === 0) {
    return sendJson(res, 400, { error: 'invalid_request', error_description: 'Missing required parameter: assertion' });
  }
  const result = await ctx.fcmAuth.exchange(params.assertion, [
    ...ctx.audiences().map((o) => `${o}/token`),
    ...GOOGLE_TOKEN_AUDIENCES,
  ]);
  if ('error' in result) {
    ctx.onRequest?.('oauth', 400, result.error);
    return sendJson(res, 400, { error: result.error, error_description: result.description });
  }
  ctx.onRequest?.('oauth', 200, 'token issued');
  sendJson(res, 200, { access_token: result.accessToken, expires_in: ACCESS_TOKEN_SECONDS, token_type: 'Bearer' });
}
