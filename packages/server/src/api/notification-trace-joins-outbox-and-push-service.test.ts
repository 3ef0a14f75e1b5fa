// GET /api/v4/herald/notifications[/{ack_id}]: the chat server's outbox row of a push joined to
// the push service's delivery trace, here through a hosted-mode push service (the chat server
// authenticates with its server key, bound to its server_id). Admin only.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKey, startPushService, type RunningPushService } from '@herald/push';
import { SandboxClient, startSandbox, type RunningSandbox } from '@herald/sandbox';
import { createChatServer, type ChatServer } from '../chat-server.js';
import type { ServerConfig } from '../config/server-config.js';
import { signUp, type Client4 } from '../testing/client4.js';
import { attachDevice, capturingLogger } from '../testing/push-stack.js';

const SERVER_ID = 'herald-test-server-1';
let dir: string;
let sandbox: RunningSandbox;
let push: RunningPushService;
let server: ChatServer;
let admin: Client4;
let a: Awaited<ReturnType<typeof signUp>>;
let b: Awaited<ReturnType<typeof signUp>>;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-notif-trace-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, adminPort: 0 });
  const config = JSON.parse(await readFile(sandbox.credentials.path('pushProxyConfig'), 'utf8')) as Record<string, unknown>;
  Object.assign(config, { ThrottlePerSec: 0, Mode: 'hosted', BehindTLSProxy: true });
  const configPath = join(dir, 'push.json');
  await writeFile(configPath, JSON.stringify(config));
  const { key } = await createKey(join(dir, 'hosted-keys.json'), { serverId: SERVER_ID });
  push = await startPushService({
    configPath,
    env: { HERALD_APNS_URL: sandbox.origin, HERALD_FCM_URL: sandbox.origin },
    listen: '127.0.0.1:0',
    logStream: { write: () => {} },
    extraCa: [sandbox.credentials.ca.certPem],
  });
  server = await createChatServer({
    dataDir: join(dir, 'server'),
    port: 0,
    logger: capturingLogger().logger,
    passwordCost: { log2N: 10, r: 8, p: 1 },
    push: { pollMs: 100, retry: { baseDelayMs: 50, maxDelayMs: 300, maxAttempts: 5 } },
    pushServiceKey: key,
    serverId: SERVER_ID,
  });
  ({ client: admin } = await signUp(server.url, 'admin'));
  const cfg = (await admin.getConfig()) as unknown as ServerConfig;
  cfg.EmailSettings.SendPushNotifications = true;
  cfg.EmailSettings.PushNotificationServerType = 'custom';
  cfg.EmailSettings.PushNotificationServer = push.url;
  await admin.updateConfig(cfg as never);
  a = await signUp(server.url, 'accounta');
  b = await signUp(server.url, 'accountb');
});

after(async () => {
  await server?.close();
  await push?.close();
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

async function get(c: Client4, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/v4${path}`, { headers: { authorization: `Bearer ${c.getToken()}` } });
  return { status: res.status, body: await res.json() };
}

test('a DM push: listed, and its detail joins the outbox row, the ack and the push service trace', async () => {
  const token = (await new SandboxClient(sandbox.adminUrl).registerApns({ topic: 'com.mattermost.rn' })).token;
  await attachDevice(a.client, `apple_rn:${token}`);
  const dm = await b.client.createDirectChannel([b.user.id, a.user.id]);
  const post = await b.client.createPost({ channel_id: dm.id, message: 'Hello' } as never);
  await server.push!.drained();

  const list = await get(admin, '/herald/notifications?limit=10');
  assert.equal(list.status, 200);
  const row = list.body.notifications.find((n: any) => n.post_id === post.id);
  assert.ok(row, JSON.stringify(list.body));
  assert.equal(row.state, 'done', 'sent through the hosted push service with the server key');
  assert.equal(row.platform, 'apple_rn');
  assert.equal(row.device, `${token.slice(0, 8)}…`);
  assert.match(row.ack_id, /^[a-z0-9]{26}$/);

  const detail = await get(admin, `/herald/notifications/${row.ack_id}`);
  assert.equal(detail.status, 200, JSON.stringify(detail.body));
  assert.equal(detail.body.ack_id, row.ack_id);
  assert.equal(detail.body.outbox.state, 'done');
  assert.equal(detail.body.ack, null);
  assert.equal(detail.body.push_service.url, push.url);
  const trace = detail.body.push_service.trace;
  assert.ok(trace, JSON.stringify(detail.body.push_service));
  assert.equal(trace.server_id, SERVER_ID);
  assert.equal(trace.requests[0].result.status, 'OK');
  assert.equal(trace.requests[0].tries[0].status, 'OK');
});

test('unknown ack id: 404; a non-admin: 403', async () => {
  const missing = await get(admin, '/herald/notifications/nosuchackid');
  assert.equal(missing.status, 404);
  const forbidden = await get(a.client, '/herald/notifications');
  assert.equal(forbidden.status, 403);
  const bad = await get(admin, '/herald/notifications?limit=zero');
  assert.equal(bad.status, 400);
});

test('the push service gone: the detail still answers, naming why there is no trace', async () => {
  const list = await get(admin, '/herald/notifications?limit=1');
  const ackId = list.body.notifications[0].ack_id as string;
  await push.close();
  const detail = await get(admin, `/herald/notifications/${ackId}`);
  assert.equal(detail.status, 200);
  assert.equal(detail.body.outbox.ack_id, ackId);
  assert.equal(detail.body.push_service.trace, null);
  assert.match(detail.body.push_service.error, /push service unreachable: ECONNREFUSED/);
});
