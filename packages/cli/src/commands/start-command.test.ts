// `herald start` (what `npm start` runs): starts the stack, says what it started, seeds a demo on
// its first start, keeps everything on a restart, stops on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const herald = new URL('../../bin/herald.js', import.meta.url).pathname;

interface Started {
  out: string;
  stop(): Promise<number | null>;
}

async function start(data: string, t: { after(fn: () => void): void }): Promise<Started> {
  const env: NodeJS.ProcessEnv = { ...process.env, HERALD_LOG_LEVEL: 'warn' };
  delete env.HERALD_DATABASE_URL;
  const child = spawn(process.execPath, [herald, 'start', '--data', data, '--sandbox-port', '0', '--push-port', '0', '--server-port', '0'], { stdio: ['ignore', 'pipe', 'inherit'], env });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Herald is running')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`exited early (${code}): ${out}`)));
  });
  return {
    out,
    stop() {
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

async function api<T = Record<string, unknown>>(url: string, method: string, path: string, body?: unknown, token?: string) {
  const res = await fetch(`${url}/api/v4${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as T, token: res.headers.get('token') ?? '' };
}

function parse(out: string) {
  const pushUrl = /Push service \(test mode, sending to the sandbox\) on (http:\/\/\S+):/.exec(out)?.[1];
  const serverUrl = /Chat server on (http:\/\/127\.0\.0\.1:\d+) /.exec(out)?.[1];
  const logins = Object.fromEntries([...out.matchAll(/^ {2}(admin|alice|bob) +password (\S+)/gm)].map((m) => [m[1]!, m[2]!]));
  return { pushUrl, serverUrl, logins };
}

test('herald start runs the stack with a demo team and push on through TPNS, keeps it all on restart, and exits 0 on SIGTERM', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'herald-start-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));

  const first = await start(data, t);
  assert.match(first.out, /Sandbox providers \(APNs, FCM, Web Push\) on https:\/\/127\.0\.0\.1:\d+/);
  assert.ok(first.out.includes(join(data, 'sandbox', 'ca.pem')));
  const { pushUrl, serverUrl, logins } = parse(first.out);
  assert.ok(pushUrl, 'push service URL printed');
  assert.ok(serverUrl, `chat server URL printed: ${first.out}`);
  assert.match(first.out, new RegExp(`^Open ${serverUrl}$`, 'm'));
  assert.match(first.out, /Demo team "Demo" \(demo\), default channel Town Square/);
  assert.deepEqual(Object.keys(logins).sort(), ['admin', 'alice', 'bob']);
  assert.equal(statSync(join(data, 'server', 'demo-logins.json')).mode & 0o077, 0, 'the logins file is owner-only');
  const version = (await (await fetch(`${pushUrl}/version`)).json()) as { mode: string };
  assert.equal(version.mode, 'test');

  // The printed logins work; admin is the system admin; push is on through TPNS = our push service.
  const admin = await api<{ id: string; roles: string }>(serverUrl!, 'POST', '/users/login', { login_id: 'admin', password: logins.admin });
  assert.equal(admin.status, 200);
  assert.equal(admin.json.roles, 'system_admin system_user');
  const cfg = (await api<{ EmailSettings: Record<string, unknown>; HeraldSettings: Record<string, unknown> }>(serverUrl!, 'GET', '/config', undefined, admin.token)).json;
  assert.equal(cfg.EmailSettings.SendPushNotifications, true);
  assert.equal(cfg.EmailSettings.PushNotificationServerType, 'mtpns');
  assert.equal(cfg.EmailSettings.PushNotificationServer, pushUrl);
  assert.equal(cfg.HeraldSettings.HostedPushServiceURL, pushUrl);

  const alice = await api<{ id: string }>(serverUrl!, 'POST', '/users/login', { login_id: 'alice', password: logins.alice });
  assert.equal(alice.status, 200);
  assert.equal((await api(serverUrl!, 'POST', '/users/login', { login_id: 'bob', password: logins.bob })).status, 200);
  const team = await api<{ id: string; display_name: string }>(serverUrl!, 'GET', '/teams/name/demo', undefined, alice.token);
  assert.equal(team.json.display_name, 'Demo');
  const ts = await api<{ display_name: string }>(serverUrl!, 'GET', `/teams/${team.json.id}/channels/name/town-square`, undefined, alice.token);
  assert.equal(ts.json.display_name, 'Town Square');
  const members = await api<unknown[]>(serverUrl!, 'GET', `/teams/${team.json.id}/members`, undefined, admin.token);
  assert.equal(members.json.length, 3);

  // An admin choice survives the restart; the first-start config is not applied again.
  const patch = await api(serverUrl!, 'PUT', '/config/patch', { EmailSettings: { PushNotificationContents: 'full' } }, admin.token);
  assert.equal(patch.status, 200);
  assert.equal(await first.stop(), 0);

  const second = await start(data, t);
  const again = parse(second.out);
  assert.deepEqual(again.logins, logins, 'the same logins are printed again');
  assert.ok(!/could not log in/.test(second.out));
  const admin2 = await api(again.serverUrl!, 'POST', '/users/login', { login_id: 'admin', password: logins.admin });
  const cfg2 = (await api<{ EmailSettings: Record<string, unknown> }>(again.serverUrl!, 'GET', '/config', undefined, admin2.token)).json;
  assert.equal(cfg2.EmailSettings.PushNotificationContents, 'full');
  assert.equal(cfg2.EmailSettings.PushNotificationServer, again.pushUrl, 'TPNS follows the push service of this start');
  const team2 = await api<{ id: string }>(again.serverUrl!, 'GET', '/teams/name/demo', undefined, admin2.token);
  assert.equal(team2.json.id, team.json.id);
  assert.equal((await api<unknown[]>(again.serverUrl!, 'GET', `/teams/${team2.json.id}/members`, undefined, admin2.token)).json.length, 3, 'nothing seeded twice');
  assert.equal(await second.stop(), 0);
});
