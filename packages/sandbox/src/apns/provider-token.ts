// APNs provider-token (JWT) checks as Apple applies them: ES256, a known key id, the team that owns
// the key as `iss`, `iat` no older than an hour, and no refresh sooner than 20 minutes after the
// previous token used on the same connection.
import { createPublicKey, type KeyObject } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose';

export interface AuthKey {
  keyId: string;
  teamId: string;
  publicKey: KeyObject;
  /** Bundle ids this team may push to. */
  topics: string[];
}

export type TokenCheck =
  | { ok: true; key: AuthKey; iat: number }
  | { ok: false; status: 403 | 429; reason: 'InvalidProviderToken' | 'ExpiredProviderToken' | 'TooManyProviderTokenUpdates' | 'MissingProviderToken' };

const HOUR = 3600;
const MIN_REFRESH = 20 * 60;
const CLOCK_SKEW = 60;

export class ProviderTokenVerifier {
  private readonly keys = new Map<string, AuthKey>();
  /** Signature checks are costly; a token verified once is remembered (bounded). */
  private readonly verified = new Map<string, { key: AuthKey; iat: number }>();
  /** Last token seen on each connection (HTTP/2 session). */
  private readonly lastOnSession = new WeakMap<object, { token: string; iat: number }>();

  constructor(private readonly now: () => number = () => Date.now() / 1000) {}

  addKey(keyId: string, teamId: string, privateOrPublicPem: string, topics: string[]): void {
    this.keys.set(keyId, { keyId, teamId, publicKey: createPublicKey(privateOrPublicPem), topics });
  }

  async check(authorization: string | undefined, session: object): Promise<TokenCheck> {
    const m = /^bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m) return { ok: false, status: 403, reason: 'MissingProviderToken' };
    const token = m[1]!;
    let entry = this.verified.get(token);
    if (!entry) {
      const v = await this.verify(token);
      if (!v) return { ok: false, status: 403, reason: 'InvalidProviderToken' };
      entry = v;
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(token, entry);
    }
    const now = this.now();
    if (entry.iat > now + CLOCK_SKEW) return { ok: false, status: 403, reason: 'InvalidProviderToken' };
    if (now - entry.iat > HOUR) return { ok: false, status: 403, reason: 'ExpiredProviderToken' };
    const last = this.lastOnSession.get(session);
    if (last && last.token !== token) {
      if (entry.iat - last.iat < MIN_REFRESH) return { ok: false, status: 429, reason: 'TooManyProviderTokenUpdates' };
    }
    if (!last || last.token !== token) this.lastOnSession.set(session, { token, iat: entry.iat });
    return { ok: true, key: entry.key, iat: entry.iat };
  }

  private async verify(token: string): Promise<{ key: AuthKey; iat: number } | undefined> {
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== 'ES256' || typeof header.kid !== 'string') return undefined;
      const key = this.keys.get(header.kid);
      if (!key) return undefined;
      const claims = decodeJwt(token);
      if (claims.iss !== key.teamId || typeof claims.iat !== 'number') return undefined;
      await compactVerify(token, key.publicKey, { algorithms: ['ES256'] });
      return { key, iat: claims.iat };
    } catch {
      return undefined;
    }
  }
}
