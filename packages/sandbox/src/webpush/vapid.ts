// VAPID (RFC 8292) checks: the `vapid t=<jwt>, k=<key>` authorization, an ES256 JWT signed by the
// key in `k`, whose `aud` is the push service's origin and whose `exp` is at most 24 hours ahead.
import { createPublicKey } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader } from 'jose';

export type VapidCheck = { ok: true; publicKey: string; subject: string } | { ok: false; status: 401 | 403; message: string };

/** Parses `vapid t=..., k=...` (RFC 8292) or the older `WebPush <jwt>` + `Crypto-Key: p256ecdsa=...`. */
export function parseVapidAuthorization(authorization: string, cryptoKey?: string): { jwt: string; key: string } | undefined {
  const vapid = /^vapid\s+(.+)$/i.exec(authorization.trim());
  if (vapid) {
    const params = new Map<string, string>();
    for (const part of vapid[1]!.split(',')) {
      const eq = part.indexOf('=');
      if (eq > 0) params.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
    }
    const jwt = params.get('t');
    const key = params.get('k');
    return jwt && key ? { jwt, key } : undefined;
  }
  const legacy = /^webpush\s+(\S+)$/i.exec(authorization.trim());
  const k = /p256ecdsa=([A-Za-z0-9_-]+)/.exec(cryptoKey ?? '');
  if (legacy && k) return { jwt: legacy[1]!, key: k[1]! };
  return undefined;
}

function publicKeyFromRaw(raw: string) {
  const bytes = Buffer.from(raw, 'base64url');
  if (bytes.length !== 65 || bytes[0] !== 0x04) throw new Error('not an uncompressed P-256 point');
  return createPublicKey({
    key: { kty: 'EC', crv: 'P-256', x: bytes.subarray(1, 33).toString('base64url'), y: bytes.subarray(33).toString('base64url') },
    format: 'jwk',
  });
}

export async function checkVapid(
  authorization: string | undefined,
  cryptoKey: string | undefined,
  audiences: string[],
  now = Date.now() / 1000,
): Promise<VapidCheck> {
  if (!authorization) return { ok: false, status: 401, message: 'Missing Authorization header (VAPID)' };
  const parsed = parseVapidAuthorization(authorization, cryptoKey);
  if (!parsed) return { ok: false, status: 401, message: 'Authorization header is not "vapid t=<jwt>, k=<key>"' };
  let key;
  try {
    key = publicKeyFromRaw(parsed.key);
  } catch {
    return { ok: false, status: 401, message: 'VAPID key (k) is not a P-256 public key' };
  }
  try {
    if (decodeProtectedHeader(parsed.jwt).alg !== 'ES256') return { ok: false, status: 401, message: 'VAPID JWT must use ES256' };
    await compactVerify(parsed.jwt, key, { algorithms: ['ES256'] });
  } catch {
    return { ok: false, status: 401, message: 'VAPID JWT signature does not verify with key k' };
  }
  const claims = decodeJwt(parsed.jwt);
  if (typeof claims.aud !== 'string' || !audiences.includes(claims.aud)) {
    return { ok: false, status: 401, message: `VAPID aud must be the push service origin (${audiences[0]})` };
  }
  if (typeof claims.exp !== 'number' || claims.exp <= now) return { ok: false, status: 401, message: 'VAPID JWT has expired' };
  if (claims.exp > now + 24 * 3600 + 60) return { ok: false, status: 401, message: 'VAPID exp must be at most 24 hours ahead' };
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub)) {
    return { ok: false, status: 401, message: 'VAPID sub must be a mailto: or https: contact' };
  }
  return { ok: true, publicKey: parsed.key, subject: claims.sub };
}
