// Step 4b: the push service the chat server sends to (EmailSettings.PushNotificationServer) is
// reachable from here and says what it is: GET /version (name, version, mode) and /readyz.
import { isIP } from 'node:net';
import { redactUrl } from './check-push-settings.js';
import { classifyNetError, request } from './http.js';
import type { Check } from './types.js';

function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || (isIP(h) === 4 && h.startsWith('127.'));
}

export const pushServiceCheck: Check = {
  hop: 'push-service',
  title: 'Push service',
  async run(state, report) {
    const url = state.config?.EmailSettings.PushNotificationServer;
    if (!state.pushEnabled || !url) {
      report({ hop: 'push-service', status: 'skip', message: `Push service: skipped (${state.config ? 'push notifications are off' : 'push settings not read'})` });
      return;
    }
    const base = url.replace(/\/+$/, '');
    const shown = redactUrl(base);
    const verify = { timeoutMs: state.opts.timeoutMs, ...(state.opts.extraCa ? { extraCa: state.opts.extraCa } : {}) };
    let r;
    try {
      r = await request(`${base}/version`, verify);
    } catch (e) {
      const c = classifyNetError(e);
      state.pushServiceOk = false;
      const hint =
        c.cause === 'refused'
          ? `Nothing listens at ${shown}: start the push service (herald push --config FILE) or correct System Console > Push Notification Server.`
          : c.cause === 'dns'
            ? `The push server's host name does not resolve: correct System Console > Push Notification Server.`
            : c.cause === 'tls'
              ? `The push service's certificate does not verify from here (${c.code}): fix its certificate, or trust its CA (NODE_EXTRA_CA_CERTS) on the chat server.`
              : `Check the push server URL and the network path (firewall, HTTPS_PROXY) from the chat server to it.`;
      report({
        hop: 'push-service',
        status: 'fail',
        message: `Push service: ${shown} is unreachable: ${c.detail}`,
        hint: `${hint} (Checked from this machine; the chat server's view may differ if it runs elsewhere.)`,
        data: { url: shown, code: c.code },
      });
      return;
    }
    const v = r.json<{ name?: string; version?: string; mode?: string; hash?: string }>();
    if (r.status !== 200 || !v || typeof v !== 'object') {
      state.pushServiceOk = false;
      report({
        hop: 'push-service',
        status: 'fail',
        message: `Push service: ${shown}/version answered HTTP ${r.status}: not a push service`,
        hint: 'The Push Notification Server URL points at something else: it should be the push service\'s base URL (e.g. https://push.example.com), without /api/v1.',
        data: { url: shown, status: r.status },
      });
      return;
    }
    state.pushServiceOk = true;
    const name = v.name ?? 'mattermost-push-proxy';
    const mode = v.mode ?? (name === 'herald-push' ? 'eas' : 'unknown');
    const data = { url: shown, name, version: v.version, mode };
    const ready = await request(`${base}/readyz`, verify).catch(() => undefined);
    const readyBody = ready?.json<{ status?: string; providers?: string[]; error?: string }>();
    if (ready && ready.status === 503) {
      state.pushServiceOk = false;
      report({ hop: 'push-service', status: 'fail', message: `Push service: ${shown} is not ready: ${readyBody?.error ?? 'HTTP 503'}`, hint: 'It is shutting down (draining) or overloaded; start it again or check its log.', data });
      return;
    }
    const providers = readyBody?.providers ? `; providers ${readyBody.providers.join(', ') || 'none'}` : '';
    const line = `Push service: ${shown} answers: ${name} ${v.version ?? '?'}, mode ${mode}${providers}`;
    if (mode === 'test') {
      report({ hop: 'push-service', status: 'warn', message: `${line} (test mode: not for production)`, hint: 'A test-mode push service is for evaluation only (low quotas, may be unencrypted). For production run your own (Mode "eas") with your app keys, or the hosted service.', data });
    } else {
      report({ hop: 'push-service', status: 'ok', message: line, data: { ...data, providers: readyBody?.providers } });
    }
    const host = new URL(base).hostname;
    if (base.startsWith('http:') && !isLoopback(host)) {
      report({ hop: 'push-service', status: 'warn', message: `Push service: ${shown} is plain http: pushes cross the network unencrypted`, hint: 'Serve the push service over TLS (its TLSCertFile/TLSKeyFile, or a proxy) and use an https:// URL.' });
    }
  },
};
