// Step 6: the seed's confirmation procedure, automated. Account A attaches a device (a token of
// the provider sandbox, --sandbox), account B opens a DM with A and posts "Hello", and the push
// must reach A's device: the sandbox's inbox is long-polled for it. When it does not arrive, the
// chat server's push outbox (GET /api/v4/herald/notifications) says how far it got.
import { SandboxClient, type Delivery } from '@herald/sandbox';
import { api, ApiError, apiCall } from './api.js';
import { classifyNetError, withTimeout } from './http.js';
import { ensureDebugFileLog } from './log-level.js';
import { procedureUsers } from './procedure-users.js';
import type { Check, DoctorState, OutboxView } from './types.js';

/** The app type of the test device: the React Native app on iOS, whose topic the sandbox's token is for. */
export const TEST_PLATFORM = 'apple_rn';

function why(e: unknown): string {
  return e instanceof ApiError ? e.message : classifyNetError(e).detail;
}

/** The outbox row of the post's push to A, when the admin can see it. */
export async function outboxRow(state: DoctorState, postId: string): Promise<OutboxView | undefined> {
  if (!state.isAdmin || !state.token) return undefined;
  const r = await apiCall(state, 'GET', '/herald/notifications?limit=100').catch(() => undefined);
  if (!r || r.status !== 200) return undefined;
  return r.json<{ notifications: OutboxView[] }>()?.notifications.find((n) => n.post_id === postId);
}

/** The push to `token` carrying `postId`, or undefined when none arrives within timeoutMs. */
async function waitForPush(client: SandboxClient, token: string, after: number, postId: string, timeoutMs: number): Promise<Delivery | undefined> {
  const deadline = Date.now() + timeoutMs;
  let seq = after;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    const wait = Math.min(left, 60_000);
    const got = await withTimeout(client.inbox({ token, after: seq, wait }), wait + 5000, 'sandbox inbox');
    for (const d of got) {
      if ((d.payload as { post_id?: unknown } | undefined)?.post_id === postId) return d;
      seq = Math.max(seq, d.seq);
    }
  }
}

function diagnose(row: OutboxView | undefined): string {
  if (!row) return 'The chat server queued no push for this post: check that push notifications are on, and account A\'s notification settings (Mobile push: "For mentions and direct messages") and presence (the app must be in the background).';
  const err = row.last_error ? ` (last error: ${row.last_error})` : '';
  if (/InvalidProviderToken|ExpiredProviderToken|BadCertificate|MissingProviderToken|UNAUTHENTICATED|PERMISSION_DENIED|invalid_grant/.test(row.last_error)) {
    return `The provider refuses the push service's credentials${err}: the APNs key was revoked or its AppleAuthKeyID / AppleTeamID do not match it, the APNs certificate is not Apple's, or the FCM service account was deleted. Create new credentials, set them in the push service's config and SIGHUP it (check them with --push-config).`;
  }
  if (/TopicDisallowed|DeviceTokenNotForTopic|MissingTopic|SENDER_ID_MISMATCH/.test(row.last_error)) {
    return `The provider refuses the push for this app${err}: ApplePushTopic (bundle id) or the Firebase project does not match the app the device token belongs to.`;
  }
  switch (row.state) {
    case 'removed':
      return 'The push service answered REMOVE: the provider does not know the token. The push service does not send to this sandbox (HERALD_APNS_URL), or the app type/topic does not match.';
    case 'done':
      return 'The push service accepted the push (OK) but it did not reach the sandbox: the push service sends somewhere else (HERALD_APNS_URL / HERALD_FCM_URL), or it is a relay whose upstream drops it.';
    case 'failed':
      return `The push failed for good${err}: see the push service's log and its provider credentials (--push-config).`;
    default:
      return /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|unreachable|fetch failed|timeout/i.test(row.last_error)
        ? `The chat server cannot reach the push service${err}: check Push Notification Server and that the push service runs (from the chat server's machine).`
        : `The chat server is still retrying the push (state ${row.state}, ${row.attempts} attempts)${err}: the push service or the provider refuses it; see the push service's log and --push-config.`;
  }
}

export const deliveryCheck: Check = {
  hop: 'delivery',
  title: 'Confirmation procedure',
  async run(state, report) {
    const { opts } = state;
    const skip = (why: string) => report({ hop: 'delivery', status: 'skip', message: `Confirmation procedure: skipped: ${why}` });
    if (!state.apiOk) return skip('no usable API');
    if (!opts.sandbox) {
      report({
        hop: 'delivery',
        status: 'info',
        message: 'Confirmation procedure: skipped: no --sandbox, so there is no test device to deliver to',
        hint: 'Give --sandbox ADMIN_URL when the push service sends to the provider sandbox, or follow the manual procedure: two accounts, B sends A a direct message "Hello", A\'s phone (app in the background) shows it.',
      });
      return;
    }
    if (!opts.users && !state.isAdmin) return skip('needs --users a:pw,b:pw, or a system admin (--login/--token) to create two temporary users');
    if (state.pushEnabled === false) return skip('push notifications are off');
    if (state.pushServiceOk === false) return skip('the push service is unreachable');
    const client = new SandboxClient(opts.sandbox.replace(/\/+$/, ''));
    let token: string;
    try {
      token = (await withTimeout(client.registerApns(), opts.timeoutMs, 'sandbox')).token;
    } catch (e) {
      report({ hop: 'delivery', status: 'fail', message: `Confirmation procedure: cannot register a device at the sandbox ${opts.sandbox}: ${why(e)}`, hint: 'Check --sandbox: the sandbox\'s admin URL (herald sandbox prints it; default http://127.0.0.1:7444).' });
      return;
    }
    state.cleanups.push({ what: `unregistered the sandbox device ${token.slice(0, 8)}…`, run: async () => void (await client.unregister('apns', token)) });
    const deviceId = `${TEST_PLATFORM}:${token}`;
    let postId: string;
    let after: number;
    let a: Awaited<ReturnType<typeof procedureUsers>>[0];
    let b: Awaited<ReturnType<typeof procedureUsers>>[1];
    try {
      [a, b] = await procedureUsers(state);
      await api(state, 'PUT', '/users/sessions/device', { device_id: deviceId }, a.token);
      state.device = { deviceId, token };
      if (!a.temporary && a.user.notify_props?.push === 'none') {
        report({ hop: 'delivery', status: 'warn', message: `Confirmation procedure: ${a.user.username} has mobile push set to "never"`, hint: 'Account Settings > Notifications > Mobile push notifications: "For mentions and direct messages".' });
      }
      await ensureDebugFileLog(state, report).catch((e) => report({ hop: 'server-log', status: 'warn', message: `Server log: cannot set the file log to DEBUG: ${why(e)}` }));
      const dm = await api<{ id: string }>(state, 'POST', '/channels/direct', [b.user.id, a.user.id], b.token);
      after = await withTimeout(client.lastSeq(), opts.timeoutMs, 'sandbox');
      postId = (await api<{ id: string }>(state, 'POST', '/posts', { channel_id: dm.id, message: 'Hello' }, b.token)).id;
    } catch (e) {
      report({ hop: 'delivery', status: 'fail', message: `Confirmation procedure: ${why(e)}`, hint: 'A step of the procedure (sign-in, attaching the device, the DM) failed on the chat server; see its log.' });
      return;
    }
    const t0 = Date.now();
    const who = `${b.user.username} -> ${a.user.username}`;
    let d: Delivery | undefined;
    try {
      d = await waitForPush(client, token, after, postId, opts.timeoutMs);
    } catch (e) {
      report({ hop: 'delivery', status: 'fail', message: `Confirmation procedure: cannot read the sandbox inbox: ${why(e)}` });
      return;
    }
    const row = await outboxRow(state, postId);
    state.procedure = { postId, delivered: d !== undefined, outbox: row };
    if (d) {
      const aps = (d.payload as { aps?: { alert?: unknown } }).aps;
      const alert = typeof aps?.alert === 'string' ? aps.alert : JSON.stringify(aps?.alert ?? '');
      report({ hop: 'delivery', status: 'ok', message: `Confirmation procedure: DM "Hello" (${who}) reached A's device ${token.slice(0, 8)}… in ${Date.now() - t0} ms: ${alert}`, data: { post_id: postId, ms: Date.now() - t0, apns_id: d.id, device: token.slice(0, 8), users: [a.user.username, b.user.username] } });
      return;
    }
    report({
      hop: 'delivery',
      status: 'fail',
      message: `Confirmation procedure: DM "Hello" (${who}) did not reach A's device within ${opts.timeoutMs} ms${row ? ` (outbox: ${row.state}, ${row.attempts} attempts${row.last_error ? `, ${row.last_error}` : ''})` : ''}`,
      hint: diagnose(row),
      data: { post_id: postId, outbox: row },
    });
  },
};

