// Finds the session token of a request, as Mattermost does: `Authorization: Bearer|Token <t>`,
// then the MMAUTHTOKEN cookie, then `?access_token=`. Cookie-authenticated writes must carry
// `X-Requested-With: XMLHttpRequest` or the session's `X-CSRF-Token` (CSRF protection).
import type { IncomingHttpHeaders } from 'node:http';

export const AUTH_COOKIE = 'MMAUTHTOKEN';
export const USER_COOKIE = 'MMUSERID';
export const CSRF_COOKIE = 'MMCSRF';

export interface FoundToken {
  token: string;
  source: 'header' | 'cookie' | 'query';
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    const name = part.slice(0, i).trim();
    const raw = part.slice(i + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

export function findToken(headers: IncomingHttpHeaders, url: string | undefined): FoundToken | undefined {
  const auth = headers.authorization;
  if (typeof auth === 'string') {
    const m = /^(bearer|token)\s+(\S+)\s*$/i.exec(auth);
    if (m) return { token: m[2]!, source: 'header' };
  }
  const cookie = parseCookies(headers.cookie).get(AUTH_COOKIE);
  if (cookie) return { token: cookie, source: 'cookie' };
  const q = url?.indexOf('?') ?? -1;
  if (url && q >= 0) {
    const t = new URLSearchParams(url.slice(q + 1)).get('access_token');
    if (t) return { token: t, source: 'query' };
  }
  return undefined;
}

/** True when a cookie-authenticated request may change state. */
export function passesCsrf(method: string, headers: IncomingHttpHeaders, sessionCsrf: unknown): boolean {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return true;
  if (headers['x-requested-with'] === 'XMLHttpRequest') return true;
  const t = headers['x-csrf-token'];
  return typeof t === 'string' && typeof sessionCsrf === 'string' && sessionCsrf !== '' && t === sessionCsrf;
}

export function sessionCookies(token: string, userId: string, csrf: string, maxAgeSec: number, secure: boolean): string[] {
  const common = `Path=/; Max-Age=${maxAgeSec}; SameSite=Lax${secure ? '; Secure' : ''}`;
  return [`${AUTH_COOKIE}=${token}; ${common}; HttpOnly`, `${USER_COOKIE}=${userId}; ${common}`, `${CSRF_COOKIE}=${csrf}; ${common}`];
}

export function clearedCookies(): string[] {
  return [AUTH_COOKIE, USER_COOKIE, CSRF_COOKIE].map((n) => `${n}=; Path=/; Max-Age=0; SameSite=Lax`);
}
