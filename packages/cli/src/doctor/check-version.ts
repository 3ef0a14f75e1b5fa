// Step 3: a Mattermost API v4 at the URL, in a version the apps work with: GET
// /api/v4/system/ping and its X-Version-Id header (or `version` field). Where the app would only
// say "We could not connect to the Mattermost server or the server is running an incompatible
// version", this names the real cause.
import { apiCall } from './api.js';
import { classifyNetError } from './http.js';
import type { Check } from './types.js';

/** Oldest Mattermost server major version the mobile apps work with (as the web app's connect check). */
export const MIN_SERVER_MAJOR = 7;
export const SEED_APP_ERROR = 'We could not connect to the Mattermost server or the server is running an incompatible version';

export const versionCheck: Check = {
  hop: 'server-version',
  title: 'Server version',
  async run(state, report) {
    if (!state.reachable) {
      report({ hop: 'server-version', status: 'skip', message: 'Server version: skipped (no connection to the server)' });
      return;
    }
    const appSays = `The app would say "${SEED_APP_ERROR}"`;
    let r;
    try {
      r = await apiCall(state, 'GET', '/system/ping?get_server_status=true', undefined, undefined);
    } catch (e) {
      const c = classifyNetError(e);
      report({ hop: 'server-version', status: 'fail', message: `Server version: GET ${state.apiBase}/system/ping failed: ${c.detail}`, hint: `${appSays}; the cause is the connection itself (${c.cause}).`, data: { code: c.code } });
      return;
    }
    if (r.status >= 300 && r.status < 400) {
      const to = String(r.headers.location ?? '');
      report({
        hop: 'server-version',
        status: 'fail',
        message: `Server version: /api/v4/system/ping redirects (${r.status}) to ${to || '?'}`,
        hint: `${appSays}. Give the apps the final URL${to ? ` (${new URL(to, state.apiBase).origin})` : ''}, or make the proxy serve the API at this one without a redirect.`,
      });
      return;
    }
    const body = r.json<Record<string, unknown>>();
    const contentType = String(r.headers['content-type'] ?? '');
    if (r.status !== 200 || !body || body.status !== 'OK') {
      report({
        hop: 'server-version',
        status: 'fail',
        message: `Server version: no Mattermost API at ${state.apiBase} (GET /system/ping answered HTTP ${r.status}, ${contentType || 'no content type'})`,
        hint: `${appSays}; the real cause: this URL is not the chat server's API. Check the URL for a typo or a wrong path, and that a proxy in front forwards /api/v4 (and WebSockets) to the chat server.`,
        data: { status: r.status, content_type: contentType },
      });
      return;
    }
    const header = String(r.headers['x-version-id'] ?? '');
    const raw = header || (typeof body.version === 'string' ? body.version : '');
    const version = raw.split('.').slice(0, 3).join('.');
    const major = Number(version.split('.')[0]);
    const data = { version, x_version_id: header, database_status: body.database_status, database_engine: body.database_engine };
    if (!version || !Number.isFinite(major)) {
      report({
        hop: 'server-version',
        status: 'fail',
        message: 'Server version: the server does not report its version (no X-Version-Id header)',
        hint: `${appSays}; the real cause: the version header is missing, e.g. a proxy strips X-Version-Id. Pass it through (nginx: do not use proxy_hide_header for it).`,
        data,
      });
      return;
    }
    if (major < MIN_SERVER_MAJOR) {
      report({ hop: 'server-version', status: 'fail', message: `Server version: ${version} is older than ${MIN_SERVER_MAJOR}.0`, hint: `${appSays}; the real cause: the server is too old for current apps. Upgrade it.`, data });
      return;
    }
    state.apiOk = true;
    const db = body.database_status ? `, database ${String(body.database_status)}${body.database_engine ? ` (${String(body.database_engine)})` : ''}` : '';
    report({ hop: 'server-version', status: 'ok', message: `Server version: Mattermost API v4, version ${version} (X-Version-Id ${header || 'absent; ping version field'})${db}`, data });
  },
};
