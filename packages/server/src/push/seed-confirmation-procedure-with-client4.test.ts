// The seed's confirmation procedure, automated: sandbox (APNs stand-in) + Herald push service +
// chat server, driven by Client4 over real sockets, on SQLite and PostgreSQL. Then the rest of
// the pipeline: contents modes, channel @mention, thread reply, clear on view with the badge,
// REMOVE, the push service down while posting, a restart mid-load, ping with a device id,
// the test push and acks.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createChatServer, type ChatServer, type ChatServerOptions } from '../chat-server.js';
import type { PushNotificationContents, ServerConfig } from '../config/server-config.js';
import { ENGINES, freshPostgresUrl, tempDir, usePostgres, type TestEngine } from '../testing/engines.js';
import { clientFetch, newClient, signUp, type Client4 } from '../testing/client4.js';
import { attachDevice, capturingLogger, startPushStack, type PushStack } from '../testing/push-stack.js';
import type { Delivery } from '@herald/sandbox';
import type { PushPipeline } from './push-pipeline.js';

usePostgres();

const FAST_PUSH: ChatServerOptions['push'] = { retry: { baseDelayMs: 50, maxDelayMs: 300, maxAttempts: 40 }, pollMs: 100 };

interface World {
  server: ChatServer;
  push: PushPipeline;
  logs: ReturnType<typeof capturingLogger>;
  admin: Client4;
  a: { client: Client4; user: { id: string; notify_props: Record<string, string> } };
  b: { client: Client4; user: { id: string } };
  teamId: string;
  token: string;
  setContents(c: PushNotificationContents): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

async function world(engine: TestEngine, stack: PushStack, extra: Partial<ChatServerOptions> = {}): Promise<World> {
  const dir = tempDir();
  const databaseUrl = engine === 'postgres' ? await freshPostgresUrl() : undefined;
  const logs = capturingLogger();
  const start = () =>
    createChatServer({ dataDir: dir.path, databaseUrl, port: 0, logger: logs.logger, passwordCost: { log2N: 10, r: 8, p: 1 }, push: FAST_PUSH, ...extra });
  let server = await start();
  const { client: admin } = await signUp(server.url, 'admin');
  const cfg = (await admin.getConfig()) as unknown as ServerConfig;
  cfg.EmailSettings.SendPushNotifications = true;
  cfg.EmailSettings.PushNotificationServerType = 'custom';
  cfg.EmailSettings.PushNotificationServer = stack.url;
  cfg.LogSettings.FileLevel = 'DEBUG';
  cfg.LogSettings.ConsoleLevel = 'DEBUG';
  await admin.updateConfig(cfg as never);
  const team = await admin.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
  const a = await signUp(server.url, 'accounta');
  const b = await signUp(server.url, 'accountb');
  await admin.addToTeam(team.id, a.user.id);
  await admin.addToTeam(team.id, b.user.id);
  const token = await stack.apnsDevice();
  await attachDevice(a.client, `apple_rn:${token}`);
  // "For mentions and direct messages".
  await a.client.patchMe({ notify_props: { ...a.user.notify_props, push: 'mention' } as never });
  const w: World = {
    server,
    push: server.push!,
    logs,
    admin,
    a: a as World['a'],
    b,
    teamId: team.id,
    token,
    async setContents(contents) {
      const c = (await admin.getConfig()) as unknown as ServerConfig;
      c.EmailSettings.PushNotificationContents = contents;
      await admin.updateConfig(c as never);
    },
    async restart() {
      await server.close();
      server = await start();
      w.server = server;
      w.push = server.push!;
      for (const c of [admin, a.client, b.client]) c.setUrl(server.url);
    },
    async close() {
      await server.close();
      dir.remove();
    },
  };
  return w;
}

type Apns = { aps: { alert?: string | { title?: string; body: string }; badge?: number }; [k: string]: unknown };
const payload = (d: Delivery) => d.payload as Apns;
const alertOf = (d: Delivery) => {
  const a = payload(d).aps.alert;
  return typeof a === 'string' ? { title: undefined, body: a } : { title: a?.title, body: a?.body };
};

/** Waits for `n` deliveries to `token` after `after`. */
async function deliveries(stack: PushStack, token: string, after: number, n: number, timeoutMs = 5000): Promise<Delivery[]> {
  const deadline = Date.now() + timeoutMs;
  let got: Delivery[] = [];
  while (got.length < n) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`expected ${n} pushes to ${token.slice(0, 8)}, got ${got.length}`);
    got = await stack.client.inbox({ token, after, wait: Math.min(left, 1000) });
    if (got.length < n) await new Promise((r) => setTimeout(r, 20));
    if (got.length < n) got = await stack.client.inbox({ token, after });
  }
  return got;
}

for (const engine of ENGINES) {
  describe(`push pipeline end to end on ${engine}`, () => {
    let stack: PushStack;
    before(async () => {
      stack = await startPushStack();
    });
    after(async () => {
      await stack.close();
    });

    it("the seed's confirmation procedure: B DMs \"Hello\" to A; A's device gets the push within 5 s; DEBUG line logged", async () => {
      const w = await world(engine, stack);
      try {
        const dm = await w.b.client.createDirectChannel([w.b.user.id, w.a.user.id]);
        let seq = await stack.client.lastSeq();
        const t0 = Date.now();
        const post = await w.b.client.createPost({ channel_id: dm.id, message: 'Hello' } as never);
        const [d] = await deliveries(stack, w.token, seq, 1, 5000);
        assert.ok(Date.now() - t0 < 5000);
        assert.deepEqual(alertOf(d!), { title: '@accountb', body: 'sent you a message.' }, 'generic by default');
        assert.equal(payload(d!).post_id, post.id);
        assert.equal(payload(d!).channel_id, dm.id);
        assert.equal(payload(d!).type, 'message');
        assert.equal(payload(d!).sender_name, '@accountb');
        assert.match(String(payload(d!).ack_id), /^[a-z0-9]{26}$/);
        assert.equal(payload(d!).aps.badge, 1, 'badge = unread mentions (an unread DM)');
        // Manual URL: the device is redacted to a prefix.
        const line = await w.logs.waitFor(/Sending push notification to \w{7}\.\.\. wi msg of 'sent you a message\.'/);
        assert.ok(!line.includes(w.token));

        await w.setContents('full');
        seq = await stack.client.lastSeq();
        await w.b.client.createPost({ channel_id: dm.id, message: 'Hello' } as never);
        const [full] = await deliveries(stack, w.token, seq, 1, 5000);
        assert.deepEqual(alertOf(full!), { title: '@accountb', body: '@accountb: Hello' });
        assert.equal(payload(full!).aps.badge, 2);
        await w.logs.waitFor(/Sending push notification to \w{7}\.\.\. wi msg of '@accountb: Hello'/);
        // System Console > Logs > Reload shows it too.
        const tail = await clientFetch<string[]>(w.admin, `${w.admin.getBaseRoute()}/logs?page=0&logs_per_page=1000`, { method: 'get' });
        assert.ok(tail.some((l) => l.includes("wi msg of '@accountb: Hello'")), 'the logs API returns the DEBUG line');
      } finally {
        await w.close();
      }
    });

    it('contents modes, a channel @mention, a thread reply, badge counts and clear on view', async () => {
      const w = await world(engine, stack);
      try {
        const ts = await w.a.client.getChannelByName(w.teamId, 'town-square');
        const send = async (message: string, root_id?: string) => {
          const seq = await stack.client.lastSeq();
          const post = await w.b.client.createPost({ channel_id: ts.id, message, ...(root_id ? { root_id } : {}) } as never);
          const [d] = await deliveries(stack, w.token, seq, 1);
          return { post, d: d! };
        };
        let r = await send('hi @accounta');
        assert.deepEqual(alertOf(r.d), { title: 'Town Square', body: '@accountb mentioned you.' });
        assert.equal(payload(r.d).aps.badge, 1);
        assert.equal(payload(r.d).team_id, w.teamId);

        await w.setContents('generic_no_channel');
        r = await send('again @accounta');
        assert.deepEqual(alertOf(r.d), { title: undefined, body: '@accountb mentioned you.' });
        assert.equal(payload(r.d).channel_name, undefined);
        assert.equal(payload(r.d).aps.badge, 2);

        await w.setContents('full');
        r = await send('@channel **lunch**?');
        assert.deepEqual(alertOf(r.d), { title: 'Town Square', body: '@accountb: @channel lunch?' });
        assert.equal(payload(r.d).aps.badge, 3);

        await w.setContents('id_loaded');
        r = await send('secret plans @accounta');
        const raw = JSON.stringify(r.d.payload);
        assert.equal(alertOf(r.d).body, "You've received a new message.");
        assert.equal(payload(r.d).id_loaded, true);
        assert.equal(payload(r.d).post_id, r.post.id);
        for (const secret of ['secret', 'accountb', 'Town Square']) assert.ok(!raw.includes(secret), `${secret} leaked in ${raw}`);
        // The app fetches the content with its ack.
        const content = await clientFetch<Record<string, unknown>>(w.a.client, `${w.a.client.getBaseRoute()}/notifications/ack`, {
          method: 'post',
          body: JSON.stringify({ id: payload(r.d).ack_id, received_at: Date.now(), platform: 'apple_rn', type: 'message', post_id: r.post.id, is_id_loaded: true }),
        });
        assert.equal(content.message, '@accountb: secret plans @accounta');

        // No mention, push "mention": nothing is sent for a plain post.
        await w.setContents('generic');
        const before = (await w.server.store.pushOutbox.list({ userId: w.a.user.id })).length;
        await w.b.client.createPost({ channel_id: ts.id, message: 'nobody named' } as never);
        await w.push.drained();
        assert.equal((await w.server.store.pushOutbox.list({ userId: w.a.user.id })).length, before);

        // A thread A started: B's reply reaches A as a follower (collapsed reply threads).
        const root = await w.a.client.createPost({ channel_id: ts.id, message: 'a thread' } as never);
        r = await send('a reply', root.id);
        assert.deepEqual(alertOf(r.d), { title: 'Reply in Town Square', body: "@accountb replied to a thread you're following." });
        assert.equal(payload(r.d).root_id, root.id);
        assert.equal(payload(r.d).is_crt_enabled, true);
        // A's own post marked the channel read; a DM keeps one unread.
        const dm = await w.b.client.createDirectChannel([w.b.user.id, w.a.user.id]);
        let seq = await stack.client.lastSeq();
        await w.b.client.createPost({ channel_id: dm.id, message: 'ping' } as never);
        const [dmPush] = await deliveries(stack, w.token, seq, 1);
        assert.equal(payload(dmPush!).aps.badge, 1);
        await w.b.client.createPost({ channel_id: ts.id, message: 'one more @accounta' } as never);
        await w.push.drained();
        assert.equal(await w.server.store.channels.badgeCount(w.a.user.id), 2);

        // Viewing Town Square (from a second, web session) clears it on the phone with the new badge.
        const web = newClient(w.server.url);
        await web.login('accounta', 'correct-horse-9');
        seq = await stack.client.lastSeq();
        await web.viewMyChannel(ts.id);
        const [clear] = await deliveries(stack, w.token, seq, 1);
        assert.equal(payload(clear!).type, 'clear');
        assert.equal(payload(clear!).channel_id, ts.id);
        assert.equal(payload(clear!).aps.badge, 1, 'the DM is still unread');
        assert.equal(payload(clear!).aps.alert, undefined);
        // Viewing again clears nothing (nothing unread): no push.
        await web.viewMyChannel(ts.id);
        await new Promise((r2) => setTimeout(r2, 100));
        await w.push.drained();
        assert.equal((await stack.client.inbox({ token: w.token, after: clear!.seq })).length, 0);
      } finally {
        await w.close();
      }
    });

    it('REMOVE: after the sandbox unregisters the token the device is detached and never sent to again', async () => {
      const w = await world(engine, stack);
      try {
        const dm = await w.b.client.createDirectChannel([w.b.user.id, w.a.user.id]);
        await stack.client.unregister('apns', w.token);
        await w.b.client.createPost({ channel_id: dm.id, message: 'are you there?' } as never);
        await w.push.drained();
        const rows = await w.server.store.pushOutbox.list({ userId: w.a.user.id });
        assert.deepEqual(rows.map((r) => r.state), ['removed']);
        const sessions = await w.server.store.sessions.listForUser(w.a.user.id);
        assert.ok(sessions.every((s) => s.device_id === ''), 'device detached');
        await w.b.client.createPost({ channel_id: dm.id, message: 'hello?' } as never);
        await w.push.drained();
        assert.equal((await w.server.store.pushOutbox.list({ userId: w.a.user.id })).length, 1, 'nothing more is queued');
        const ping = (await w.a.client.ping(false, `apple_rn:${w.token}`)) as unknown as Record<string, unknown>;
        assert.equal(ping.CanReceiveNotifications, 'false');
      } finally {
        await w.close();
      }
    });

    it('push service down while posting: posts are saved at once, pushes arrive after it returns', async () => {
      const w = await world(engine, stack);
      try {
        const dm = await w.b.client.createDirectChannel([w.b.user.id, w.a.user.id]);
        const seq = await stack.client.lastSeq();
        await stack.stopService();
        const ids: string[] = [];
        try {
          for (let i = 0; i < 3; i++) {
            const t0 = Date.now();
            ids.push((await w.b.client.createPost({ channel_id: dm.id, message: `while down ${i}` } as never)).id);
            assert.ok(Date.now() - t0 < 1000, 'posting does not wait for the push service');
          }
          await new Promise((r) => setTimeout(r, 300));
          const rows = await w.server.store.pushOutbox.list({ userId: w.a.user.id });
          assert.equal(rows.length, 3);
          assert.ok(rows.some((r) => r.attempts >= 1 && r.last_error !== ''), 'tried and failed');
          assert.ok(rows.every((r) => r.state === 'pending' || r.state === 'sending'));
        } finally {
          await stack.startService();
        }
        const got = await deliveries(stack, w.token, seq, 3, 8000);
        assert.deepEqual(got.map((d) => payload(d).post_id).sort(), [...ids].sort());
        await w.push.drained();
        assert.deepEqual(await w.server.store.pushOutbox.countByState(), { done: 3 });
      } finally {
        await w.close();
      }
    });

    it('restart mid-load: nothing lost, nothing sent twice', async () => {
      const w = await world(engine, stack, { push: { ...FAST_PUSH, concurrency: 2 } });
      try {
        const dm = await w.b.client.createDirectChannel([w.b.user.id, w.a.user.id]);
        const seq = await stack.client.lastSeq();
        // Slow enough (2 at a time, 1 s each) that most of the 20 are still queued at the restart,
        // however slowly a loaded machine creates the posts.
        await stack.client.addFault({ kind: 'latency', service: 'apns', token: w.token, latencyMs: 1000 });
        const ids: string[] = [];
        for (let i = 0; i < 20; i++) ids.push((await w.b.client.createPost({ channel_id: dm.id, message: `load ${i}` } as never)).id);
        await deliveries(stack, w.token, seq, 2, 5000);
        await w.restart();
        const mid = await w.server.store.pushOutbox.countByState();
        assert.ok((mid.pending ?? 0) > 0, `the restart came mid-load: ${JSON.stringify(mid)}`);
        await stack.client.clearFaults();
        await w.push.drained();
        const got = await deliveries(stack, w.token, seq, 20, 8000);
        await new Promise((r) => setTimeout(r, 200));
        const all = await stack.client.inbox({ token: w.token, after: seq });
        assert.equal(all.length, 20, 'each push exactly once');
        assert.deepEqual(all.map((d) => payload(d).post_id).sort(), [...ids].sort());
        assert.equal(new Set(got.map((d) => payload(d).ack_id)).size, 20);
        assert.deepEqual(await w.server.store.pushOutbox.countByState(), { done: 20 });
      } finally {
        await stack.client.clearFaults();
        await w.close();
      }
    });

    it('ping with a device id sends a silent test push; the test push and acks', async () => {
      const w = await world(engine, stack);
      try {
        let seq = await stack.client.lastSeq();
        const ping = (await w.a.client.ping(false, `apple_rn:${w.token}`)) as unknown as Record<string, unknown>;
        assert.equal(ping.CanReceiveNotifications, 'true');
        const [test] = await deliveries(stack, w.token, seq, 1);
        assert.equal(payload(test!).type, 'test');
        assert.equal(payload(test!).aps.alert, undefined);

        seq = await stack.client.lastSeq();
        await clientFetch(w.a.client, `${w.a.client.getBaseRoute()}/notifications/test`, { method: 'post' });
        const [msg] = await deliveries(stack, w.token, seq, 1);
        assert.equal(alertOf(msg!).body, 'This is a test push notification from Herald.');
        const ackId = String(payload(msg!).ack_id);
        const ack = { id: ackId, received_at: Date.now(), platform: 'apple_rn', type: 'message' };
        assert.deepEqual(await clientFetch(w.a.client, `${w.a.client.getBaseRoute()}/notifications/ack`, { method: 'post', body: JSON.stringify(ack) }), { status: 'OK' });
        assert.equal((await w.server.store.pushOutbox.getAck(ackId))?.user_id, w.a.user.id);
        assert.equal(await w.server.store.pushOutbox.recordAck({ ack_id: ackId, user_id: 'x', platform: 'p', type: 't', post_id: '', received_at: 0, recorded_at: 0 }), false, 'once per ack id');
      } finally {
        await w.close();
      }
    });
  });
}
