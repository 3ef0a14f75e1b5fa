// Step 4a: the System Console's push settings (GET /api/v4/config, admin only): push on, which
// service, what the pushes carry.
import { api, ApiError } from './api.js';
import { classifyNetError } from './http.js';
import type { Check, ServerConfigView } from './types.js';

const TYPES: Record<string, string> = {
  off: 'off',
  mtpns: 'TPNS, the test push service',
  mhpns: 'HPNS, the hosted push service',
  custom: 'manually entered',
};

const CONTENTS: Record<string, string> = {
  generic_no_channel: 'generic, without the channel name',
  generic: 'sender and channel name, no message text',
  full: 'the full message text (it passes through the push service and Apple/Google)',
  id_loaded: 'ids only; the app fetches the message from the server',
};

export const pushSettingsCheck: Check = {
  hop: 'push-settings',
  title: 'Push settings',
  async run(state, report) {
    if (!state.token || !state.isAdmin) {
      report({ hop: 'push-settings', status: 'skip', message: 'Push settings: skipped (needs a system admin: --login or --token)' });
      return;
    }
    let cfg: ServerConfigView;
    try {
      cfg = await api<ServerConfigView>(state, 'GET', '/config');
    } catch (e) {
      report({ hop: 'push-settings', status: 'fail', message: `Push settings: cannot read the config: ${e instanceof ApiError ? e.message : classifyNetError(e).detail}` });
      return;
    }
    state.config = cfg;
    const es = cfg.EmailSettings;
    const type = es.PushNotificationServerType;
    const data = { enabled: es.SendPushNotifications, type, server: redactUrl(es.PushNotificationServer), contents: es.PushNotificationContents };
    if (!es.SendPushNotifications || type === 'off' || !es.PushNotificationServer) {
      state.pushEnabled = false;
      report({
        hop: 'push-settings',
        status: 'fail',
        message: `Push settings: push notifications are off (SendPushNotifications ${es.SendPushNotifications}, type ${type}${es.PushNotificationServer ? '' : ', no server URL'})`,
        hint: 'System Console > Environment > Push Notification Server: enable push notifications and choose the service (or PUT /api/v4/config/patch with EmailSettings.SendPushNotifications true and PushNotificationServerType).',
        data,
      });
      return;
    }
    state.pushEnabled = true;
    report({
      hop: 'push-settings',
      status: 'ok',
      message: `Push settings: on, ${TYPES[type] ?? type} -> ${redactUrl(es.PushNotificationServer)}; contents ${es.PushNotificationContents} (${CONTENTS[es.PushNotificationContents] ?? '?'})`,
      data,
    });
  },
};

/** A push server URL without a hosted key in it. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
