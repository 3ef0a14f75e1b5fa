// `herald start`: the whole stack on embedded defaults: the provider sandbox, the push service in
// test mode wired to it, and the chat server (SQLite in DIR/server) with push on through TPNS =
// that push service, a demo team and demo logins. The web app joins as it lands.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadCheckedConfig, startPushService } from '@herald/push';
import { startSandbox } from '@herald/sandbox';
import { createChatServer, type ChatServer, type ServerConfig } from '@herald/server';
import { webAppDir } from '@herald/app';
import { intOption, parse, type Command } from '../args.js';
import { waitForShutdown } from '../shutdown.js';
import { DEFAULT_SANDBOX_PORT, describeSandbox } from './sandbox.js';
import { DEFAULT_SERVER_PORT } from './server.js';

export const DEFAULT_PUSH_PORT = 8066;
export const DEMO_LOGINS_FILE = 'demo-logins.json';
export const DEMO_TEAM = { name: 'demo', display_name: 'Demo' };

const USAGE = `Usage: herald start [--data DIR] [--host 127.0.0.1] [--sandbox-port ${DEFAULT_SANDBOX_PORT}] [--push-port ${DEFAULT_PUSH_PORT}] [--server-port ${DEFAULT_SERVER_PORT}]

Starts the Herald stack on embedded defaults and prints what it started:
  - the provider sandbox (local APNs, FCM and Web Push) with credentials in DIR/sandbox
  - the push service in test mode, sending to the sandbox
  - the chat server (Mattermost API v4 subset) on SQLite in DIR/server, with push notifications
    on through the test service (TPNS = the push service above) on its first start, a demo team
    "Demo" and three demo logins (admin, alice, bob; passwords in DIR/server/${DEMO_LOGINS_FILE})

Options:
  --data DIR           where all state lives (default .herald)
  --host ADDR          address to listen on (default 127.0.0.1)
  --sandbox-port N     TLS port of the sandbox (default ${DEFAULT_SANDBOX_PORT}; its admin API on N+1)
  --push-port N        port of the push service (default ${DEFAULT_PUSH_PORT})
  --server-port N      port of the chat server (default ${DEFAULT_SERVER_PORT})
  --log-level LEVEL    push service log level (default info; debug shows one line per push)
  -h, --help           this help

Restarting on the same DIR keeps everything: config, users, posts, the sandbox's credentials.`;

interface DemoLogin {
  username: string;
  password: string;
  role: 'system admin' | 'member';
}

const DEMO_USERS = ['admin', 'alice', 'bob'] as const;

function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** The demo logins of this data dir: made (and saved, owner-only) on a first start, read after. */
function demoLogins(serverDir: string, firstStart: boolean): DemoLogin[] | undefined {
  const file = join(serverDir, DEMO_LOGINS_FILE);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as DemoLogin[];
  if (!firstStart) return undefined;
  const logins = DEMO_USERS.map((username, i): DemoLogin => ({ username, password: randomBytes(8).toString('hex'), role: i === 0 ? 'system admin' : 'member' }));
  writeFileSync(file, `${JSON.stringify(logins, null, 2)}\n`, { mode: 0o600 });
  return logins;
}

async function api<T>(server: ChatServer, method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; json: T; token: string | null }> {
  const res = await fetch(`${server.url}/api/v4${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, json: (await res.json()) as T, token: res.headers.get('token') };
}

/**
 * Seeds what is missing of the demo through the API, step by step (so an interrupted first start
 * completes on the next): the users (admin first, so it is the system admin), team "Demo" (its
 * default channel is Town Square) with alice and bob as members.
 */
async function seedDemo(server: ChatServer, logins: DemoLogin[]): Promise<void> {
  const { store } = server;
  for (const l of logins) {
    if (await store.users.getByUsername(l.username)) continue;
    const r = await api<{ message?: string }>(server, 'POST', '/users', { username: l.username, email: `${l.username}@demo.herald.local`, password: l.password });
    if (r.status !== 201) throw new Error(`seeding demo user ${l.username}: ${r.status} ${r.json.message ?? ''}`);
  }
  const admin = logins.find((l) => l.role === 'system admin');
  if (!admin) return;
  const login = await api<{ message?: string }>(server, 'POST', '/users/login', { login_id: admin.username, password: admin.password });
  if (login.status !== 200 || !login.token) {
    console.warn(`Demo: could not log in as ${admin.username} (${login.json.message ?? login.status}); skipping the demo team.`);
    return;
  }
  const token = login.token;
  try {
    let team = await store.teams.getByName(DEMO_TEAM.name);
    if (!team) {
      const r = await api<{ id: string; message?: string }>(server, 'POST', '/teams', { ...DEMO_TEAM, type: 'O' }, token);
      if (r.status !== 201) throw new Error(`seeding team ${DEMO_TEAM.name}: ${r.status} ${r.json.message ?? ''}`);
      team = await store.teams.get(r.json.id);
    }
    for (const l of logins) {
      const user = await store.users.getByUsername(l.username);
      if (!team || !user || (await store.teams.getMember(team.id, user.id))) continue;
      const r = await api<{ message?: string }>(server, 'POST', `/teams/${team.id}/members`, { team_id: team.id, user_id: user.id }, token);
      if (r.status !== 201) throw new Error(`adding ${l.username} to ${DEMO_TEAM.name}: ${r.status} ${r.json.message ?? ''}`);
    }
  } finally {
    await api(server, 'POST', '/users/logout', {}, token);
  }
}

/** First start only: push on, through the test service (TPNS), which points at our push service. */
function pushOnWithTpns(d: ServerConfig): ServerConfig {
  return { ...d, EmailSettings: { ...d.EmailSettings, SendPushNotifications: true, PushNotificationServerType: 'mtpns' } };
}

export const startCommand: Command = {
  name: 'start',
  summary: 'start the whole stack on embedded defaults',
  usage: USAGE,
  async run(argv) {
    const { values: v } = parse(
      argv,
      {
        data: { type: 'string' },
        host: { type: 'string' },
        'sandbox-port': { type: 'string' },
        'push-port': { type: 'string' },
        'server-port': { type: 'string' },
        'log-level': { type: 'string' },
      },
      USAGE,
    );
    if (v.help) {
      console.log(USAGE);
      return 0;
    }
    const data = resolve(String(v.data ?? '.herald'));
    const host = String(v.host ?? '127.0.0.1');
    const sandboxPort = intOption(v['sandbox-port'] as string | undefined, 'sandbox-port', 0, 65535) ?? DEFAULT_SANDBOX_PORT;
    const pushPort = intOption(v['push-port'] as string | undefined, 'push-port', 0, 65535) ?? DEFAULT_PUSH_PORT;
    const serverPort = intOption(v['server-port'] as string | undefined, 'server-port', 0, 65535) ?? DEFAULT_SERVER_PORT;
    console.log('Starting Herald…');
    const stops: (() => Promise<void>)[] = [];
    const stopAll = async () => {
      for (const stop of stops.reverse()) await stop();
    };
    try {
      const sandbox = await startSandbox({ dataDir: resolve(data, 'sandbox'), host, port: sandboxPort, adminPort: sandboxPort === 0 ? 0 : sandboxPort + 1 });
      stops.push(() => sandbox.close());
      console.log(describeSandbox(sandbox));

      const { config, warnings } = await loadCheckedConfig(sandbox.credentials.path('pushProxyConfig'));
      for (const w of warnings) console.warn(`push config: ${w}`);
      config.Mode = 'test';
      const push = await startPushService({
        config,
        listen: `${host.includes(':') ? `[${host}]` : host}:${pushPort}`,
        env: { ...process.env, HERALD_APNS_URL: sandbox.env.HERALD_APNS_URL, HERALD_FCM_URL: sandbox.env.HERALD_FCM_URL },
        extraCa: [sandbox.credentials.ca.certPem],
        ...(typeof v['log-level'] === 'string' ? { logLevel: v['log-level'] } : {}),
      });
      stops.push(() => push.close());
      console.log(`Push service (test mode, sending to the sandbox) on ${push.url}: POST ${push.url}/api/v1/send_push`);

      const serverDir = resolve(data, 'server');
      const server = await createChatServer({
        dataDir: serverDir,
        port: serverPort,
        host,
        configDefaults: { pushServiceUrl: push.url, ...(serverPort !== 0 ? { siteUrl: `http://${urlHost(host)}:${serverPort}` } : {}) },
        initialConfig: pushOnWithTpns,
        webAppDir: webAppDir(),
      });
      stops.push(() => server.close());
      const openUrl = `http://${urlHost(host)}:${server.port}`;
      const logins = demoLogins(serverDir, (await server.store.users.count()) === 0);
      if (logins) await seedDemo(server, logins);

      const c = server.config.current();
      const pushState = c.EmailSettings.SendPushNotifications
        ? `on (${c.EmailSettings.PushNotificationServerType} -> ${c.EmailSettings.PushNotificationServer}, contents ${c.EmailSettings.PushNotificationContents})`
        : 'off';
      console.log(`Chat server on ${server.url} (API ${server.url}/api/v4, SQLite in ${serverDir}, log ${server.log.filePath}); push notifications ${pushState}`);
      if (logins) {
        console.log(`Demo team "${DEMO_TEAM.display_name}" (${DEMO_TEAM.name}), default channel Town Square: ${openUrl}/${DEMO_TEAM.name}/channels/town-square`);
        console.log(`Demo logins (also in ${join(serverDir, DEMO_LOGINS_FILE)}):`);
        const width = Math.max(...logins.map((l) => l.username.length));
        for (const l of logins) console.log(`  ${l.username.padEnd(width)}  password ${l.password}${l.role === 'system admin' ? '  (system admin)' : ''}`);
      }
      console.log(`Open ${openUrl}`);
    } catch (e) {
      await stopAll();
      throw e;
    }
    console.log('\nHerald is running. Stop with Ctrl-C.');
    await waitForShutdown();
    console.log('Stopping…');
    await stopAll();
    return 0;
  },
};
