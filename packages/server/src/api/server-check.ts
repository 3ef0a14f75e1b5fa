// Why a Mattermost server URL cannot be used: a browser only learns "Failed to fetch" for a DNS
// failure, a refused connection, a bad certificate or a missing CORS header alike, so the web
// app's connect screen asks the server it was loaded from to try the URL and name the cause.
// Only `${url}/api/v4/system/ping` is requested and only the classification is returned.

/** Oldest Mattermost server version the app works with (X-Version-Id). */
export const MIN_SERVER_MAJOR = 7;

export type ServerCheckCause = 'ok' | 'invalid_url' | 'dns' | 'refused' | 'tls' | 'timeout' | 'network' | 'not_mattermost' | 'version';

export interface ServerCheck {
  ok: boolean;
  cause: ServerCheckCause;
  detail: string;
  version?: string;
}

const TLS_CODES = /CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH/;

export function classifyFetchError(e: unknown): ServerCheck {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return { ok: false, cause: 'timeout', detail: 'the server did not answer within 5 seconds' };
  const code = err.cause?.code ?? '';
  const msg = err.cause?.message ?? err.message;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return { ok: false, cause: 'dns', detail: `DNS: the host name could not be resolved (${code})` };
  if (code === 'ECONNREFUSED') return { ok: false, cause: 'refused', detail: 'nothing is listening at this address and port (connection refused)' };
  if (TLS_CODES.test(code) || TLS_CODES.test(msg)) return { ok: false, cause: 'tls', detail: `TLS: ${msg}${code ? ` (${code})` : ''}` };
  return { ok: false, cause: 'network', detail: `${msg}${code ? ` (${code})` : ''}` };
}

/** Judges a ping reply: a Mattermost server answers JSON status OK and names its version. */
export function judgePing(status: number, versionHeader: string | null, body: unknown): ServerCheck {
  const okBody = body !== null && typeof body === 'object' && (body as { status?: unknown }).status === 'OK';
  if (status !== 200 || !okBody) return { ok: false, cause: 'not_mattermost', detail: `no Mattermost API at this address (GET /api/v4/system/ping answered HTTP ${status})` };
  const version = (versionHeader ?? '').split('.').slice(0, 3).join('.');
  const major = Number(version.split('.')[0]);
  if (!version || !Number.isFinite(major)) return { ok: false, cause: 'version', detail: 'the server does not report its version (X-Version-Id)' };
  if (major < MIN_SERVER_MAJOR) return { ok: false, cause: 'version', detail: `server version ${version} is older than ${MIN_SERVER_MAJOR}.0`, version };
  return { ok: true, cause: 'ok', detail: '', version };
}

export async function checkServer(url: string, timeoutMs = 5000): Promise<ServerCheck> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, cause: 'invalid_url', detail: 'not a URL (expected e.g. https://chat.example.com)' };
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.username || u.password) {
    return { ok: false, cause: 'invalid_url', detail: 'the URL must start with https:// or http:// and carry no credentials' };
  }
  const base = u.origin + u.pathname.replace(/\/+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/api/v4/system/ping`, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
  } catch (e) {
    return classifyFetchError(e);
  }
  const text = await res.text().catch(() => '');
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // judged below
  }
  return judgePing(res.status, res.headers.get('x-version-id'), body);
}
