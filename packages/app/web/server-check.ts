// The connect screen's check of a server URL: ping it from the browser; when the browser cannot
// (DNS, TLS, refused, CORS all look alike here), ask the server this app was loaded from to try
// it and name the cause (POST /api/v4/system/server_check).
export const CONNECT_ERROR = 'We could not connect to the Mattermost server or the server is running an incompatible version.';
export const MIN_SERVER_MAJOR = 7;

export type CheckResult = { ok: true; url: string; version: string } | { ok: false; url: string; cause: string; detail: string };

export function normalizeUrl(raw: string): string {
  let s = raw.trim();
  if (s && !/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `https://${s}`;
  return s.replace(/\/+$/, '');
}

function judge(url: string, status: number, versionHeader: string | null, body: unknown): CheckResult {
  if (status !== 200 || (body as { status?: unknown } | null)?.status !== 'OK') {
    return { ok: false, url, cause: 'not_mattermost', detail: `no Mattermost API at this address (GET /api/v4/system/ping answered HTTP ${status})` };
  }
  const version = (versionHeader ?? '').split('.').slice(0, 3).join('.');
  const major = Number(version.split('.')[0]);
  if (!version || !Number.isFinite(major)) return { ok: false, url, cause: 'version', detail: 'the server does not report its version (X-Version-Id)' };
  if (major < MIN_SERVER_MAJOR) return { ok: false, url, cause: 'version', detail: `server version ${version} is older than ${MIN_SERVER_MAJOR}.0` };
  return { ok: true, url, version };
}

export async function checkServer(raw: string): Promise<CheckResult> {
  const url = normalizeUrl(raw);
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
  } catch {
    return { ok: false, url, cause: 'invalid_url', detail: 'not a server URL (expected e.g. https://chat.example.com)' };
  }
  try {
    const res = await fetch(`${url}/api/v4/system/ping`, { signal: AbortSignal.timeout(8000) });
    const body: unknown = await res.json().catch(() => null);
    return judge(url, res.status, res.headers.get('X-Version-Id'), body);
  } catch (e) {
    try {
      const res = await fetch('/api/v4/system/server_check', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ url }) });
      if (res.ok) {
        const r = (await res.json()) as { ok: boolean; cause: string; detail: string };
        if (r.ok) return { ok: false, url, cause: 'cors', detail: `the server answers, but does not allow this web app (${location.origin}) to call it (CORS)` };
        return { ok: false, url, cause: r.cause, detail: r.detail };
      }
    } catch {
      // fall through to what the browser said
    }
    return { ok: false, url, cause: 'network', detail: (e as Error).message };
  }
}
