// Inlined into index.html ahead of app.js (build.js): with a saved session, sends the first
// screen's requests at once, so their round trip overlaps loading and running app.js (on a slow
// phone that is a few hundred ms). The app takes the answers in Api.req; nothing here renders.
import { BOOT_STORAGE_KEY, firstRequests, SESSION_STORAGE_KEY, type Boot } from './first-requests.js';

try {
  const session = JSON.parse(localStorage.getItem(SESSION_STORAGE_KEY) ?? 'null') as { serverUrl?: string; token?: string } | null;
  const boot = JSON.parse(localStorage.getItem(BOOT_STORAGE_KEY) ?? 'null') as Boot | null;
  if (session?.serverUrl && session.token) {
    const headers = { Authorization: `Bearer ${session.token}`, 'X-Requested-With': 'XMLHttpRequest' };
    const responses: Record<string, Promise<Response>> = {};
    for (const path of firstRequests(location.pathname, boot?.serverUrl === session.serverUrl ? boot : undefined)) {
      responses[path] = fetch(`${session.serverUrl}/api/v4${path}`, { headers });
      responses[path].catch(() => undefined);
    }
    window.__heraldPrefetch = { serverUrl: session.serverUrl, token: session.token, responses };
  }
} catch {
  // Storage unreadable: the app asks itself.
}
