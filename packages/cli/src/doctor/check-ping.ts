// Step 7: the apps' health check: GET /api/v4/system/ping?device_id=… makes the server send the
// device a silent test push and report CanReceiveNotifications ("true", "false": the token is
// dead or push is off, "unknown": the push service failed).
import { SandboxClient } from '@herald/sandbox';
import { apiCall } from './api.js';
import { classifyNetError, withTimeout } from './http.js';
import type { Check } from './types.js';

export const pingCheck: Check = {
  hop: 'ping',
  title: 'Ping health check',
  async run(state, report) {
    const device = state.device;
    if (!state.apiOk) {
      report({ hop: 'ping', status: 'skip', message: 'Ping health check: skipped (no usable API)' });
      return;
    }
    if (!device) {
      report({ hop: 'ping', status: 'skip', message: 'Ping health check: skipped (no test device; it needs --sandbox)' });
      return;
    }
    const client = state.opts.sandbox ? new SandboxClient(state.opts.sandbox.replace(/\/+$/, '')) : undefined;
    const after = (client ? await withTimeout(client.lastSeq(), state.opts.timeoutMs, 'sandbox').catch(() => undefined) : undefined) ?? 0;
    let value: unknown;
    try {
      const r = await apiCall(state, 'GET', `/system/ping?device_id=${encodeURIComponent(device.deviceId)}`, undefined, undefined);
      value = r.json<{ CanReceiveNotifications?: unknown }>()?.CanReceiveNotifications;
    } catch (e) {
      report({ hop: 'ping', status: 'fail', message: `Ping health check: ${classifyNetError(e).detail}` });
      return;
    }
    if (value === 'true') {
      const wait = Math.min(state.opts.timeoutMs, 5000);
      const silent = client ? await withTimeout(client.inbox({ token: device.token, after, wait }), wait + 5000, 'sandbox inbox').catch(() => []) : [];
      const got = silent.find((d) => (d.payload as { type?: unknown }).type === 'test');
      report({ hop: 'ping', status: 'ok', message: `Ping health check: CanReceiveNotifications true${got ? '; the silent test push reached the device' : ''}`, data: { CanReceiveNotifications: value } });
      return;
    }
    const hint =
      value === 'false'
        ? 'The push service answered REMOVE (the provider does not know the token) or push is off: the device would be dropped.'
        : value === 'unknown'
          ? 'The push service answered FAIL or could not be reached: see its log and the provider credentials (--push-config).'
          : 'The server does not report CanReceiveNotifications for a device_id: it does not implement the apps\' push health check.';
    report({ hop: 'ping', status: 'fail', message: `Ping health check: CanReceiveNotifications ${value === undefined ? 'missing' : String(value)}`, hint, data: { CanReceiveNotifications: value ?? null } });
  },
};
