// Two (or three) chat-server nodes over one PostgreSQL database and a real redis-server, driven
// with Client4 and its WebSocketClient: what one node publishes reaches the sockets of the
// others exactly once, presence and session closes are cluster-wide, config and license saved on
// one node are what the others serve, the server_id is shared, and a Redis outage neither stops
// posting nor the fan-out once Redis is back.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { createChatServer } from '../chat-server.js';
import { tempDir, usePostgres } from '../testing/engines.js';
import { newClient, signUp, type Client4 } from '../testing/client4.js';
import { connectWebSocket, type TestSocket } from '../testing/websocket-client.js';
import { eventually, FAST_CLUSTER, spawnNode, startRedis, startTestCluster, type TestCluster } from '../testing/cluster-nodes.js';
import { capturingLogger } from '../testing/push-stack.js';
import { generateLicenseKeys, issueLicense } from '../license/issue.js';
import type { ServerConfig } from '../config/server-config.js';
import { SERVER_ID_ROW } from './server-id.js';

usePostgres();

/** `user`'s client for another node: same session (sessions live in the database). */
function on(node: { url: string }, c: Client4): Client4 {
  return newClient(node.url, c.getToken());
}

const postId = (m: { data?: Record<string, unknown> }) => (JSON.parse(String(m.data?.post)) as { id: string }).id;
const settle = () => new Promise((r) => setTimeout(r, 300));

async function withCluster(n: number, fn: (c: TestCluster, sockets: TestSocket[]) => Promise<void>, ...args: Parameters<typeof startTestCluster> extends [number, ...infer R] ? R : never) {
  const cluster = await startTestCluster(n, ...args);
  const sockets: TestSocket[] = [];
  try {
    await fn(cluster, sockets);
  } finally {
    for (const s of sockets) s.close();
    await cluster.close();
  }
}

describe('a cluster of chat-server nodes over Redis', () => {
  it('a post on node 1 reaches a WebSocket on node 2 exactly once, and so do the other events the hub publishes', () =>
    withCluster(2, async ({ nodes: [n1, n2] }, sockets) => {
      const alice = await signUp(n1!.url, 'alice');
      const bob = await signUp(n2!.url, 'bob');
      const carol = await signUp(n2!.url, 'carol');
      const team = await alice.client.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
      await alice.client.addToTeam(team.id, bob.user.id);
      const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);

      const wsBob = connectWebSocket(n2!.url, bob.client.getToken());
      const wsAlice = connectWebSocket(n1!.url, alice.client.getToken());
      const wsCarol = connectWebSocket(n2!.url, carol.client.getToken());
      sockets.push(wsBob, wsAlice, wsCarol);
      await Promise.all([wsBob.next('hello'), wsAlice.next('hello'), wsCarol.next('hello')]);

      const p1 = await alice.client.createPost({ channel_id: dm.id, message: 'Hello from node 1' } as never);
      const posted = await wsBob.next('posted', (m) => postId(m) === p1.id);
      assert.equal(posted.data?.sender_name, '@alice');
      assert.equal(posted.data?.channel_type, 'D');
      assert.deepEqual(JSON.parse(String(posted.data?.mentions)), [bob.user.id]);
      await wsAlice.next('posted', (m) => postId(m) === p1.id);

      const p2 = await bob.client.createPost({ channel_id: dm.id, message: 'Hello from node 2' } as never);
      await wsAlice.next('posted', (m) => postId(m) === p2.id);
      await settle();
      for (const ws of [wsBob, wsAlice]) {
        assert.deepEqual(ws.events.filter((m) => m.event === 'posted').map(postId), [p1.id, p2.id], 'each post exactly once on each socket');
        assert.deepEqual(ws.events.map((m) => m.seq), ws.events.map((_, i) => i), 'seq has no gap and no repeat');
      }
      assert.equal(wsCarol.count('posted'), 0, 'carol is not in the channel');

      // Bob's own actions on node 1 reach his socket on node 2.
      await on(n1!, bob.client).viewMyChannel(dm.id);
      assert.equal((await wsBob.next('channel_viewed')).data?.channel_id, dm.id);
      await on(n1!, bob.client).savePreferences(bob.user.id, [{ user_id: bob.user.id, category: 'display_settings', name: 'use_military_time', value: 'true' }]);
      const prefs = JSON.parse(String((await wsBob.next('preferences_changed')).data?.preferences)) as { name: string }[];
      assert.equal(prefs[0]?.name, 'use_military_time');
      await on(n1!, bob.client).patchMe({ nickname: 'Bobby' } as never);
      assert.equal(((await wsBob.next('user_updated')).data?.user as { nickname: string }).nickname, 'Bobby');

      // Carol (on node 2) is added to the team and DMed by alice on node 1.
      await alice.client.addToTeam(team.id, carol.user.id);
      assert.equal((await wsCarol.next('added_to_team')).data?.team_id, team.id);
      const dm2 = await alice.client.createDirectChannel([alice.user.id, carol.user.id]);
      assert.equal((await wsCarol.next('direct_added')).broadcast?.channel_id, dm2.id);
      await settle();
      for (const e of ['channel_viewed', 'preferences_changed', 'user_updated']) assert.equal(wsBob.count(e), 1, `${e} exactly once`);
      for (const e of ['added_to_team', 'direct_added']) assert.equal(wsCarol.count(e), 1, `${e} exactly once`);
    }));

  it('presence is cluster-wide: @here on node 1 counts a user connected only to node 2, until they leave', () =>
    withCluster(2, async ({ nodes: [n1, n2] }, sockets) => {
      const alice = await signUp(n1!.url, 'alice');
      const bob = await signUp(n2!.url, 'bob');
      const team = await alice.client.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
      await alice.client.addToTeam(team.id, bob.user.id);
      const ts = await alice.client.getChannelByName(team.id, 'town-square');
      assert.equal(n1!.events.isOnline(bob.user.id), false);

      const wsBob = connectWebSocket(n2!.url, bob.client.getToken());
      const wsAlice = connectWebSocket(n1!.url, alice.client.getToken());
      sockets.push(wsBob, wsAlice);
      await wsBob.next('hello');
      await wsAlice.next('hello');
      await eventually('node 1 sees bob online', () => n1!.events.isOnline(bob.user.id));
      assert.equal(n1!.hub.isOnline(bob.user.id), false, 'bob has no connection on node 1 itself');

      const here = await alice.client.createPost({ channel_id: ts.id, message: '@here standup' } as never);
      const seen = await wsAlice.next('posted', (m) => postId(m) === here.id);
      assert.deepEqual(JSON.parse(String(seen.data?.mentions)), [bob.user.id], '@here mentions bob: online on node 2');
      const unread = await on(n1!, bob.client).getChannelMember(ts.id, bob.user.id);
      assert.equal(unread.mention_count, 1);

      wsBob.close();
      await eventually('node 1 sees bob offline', () => !n1!.events.isOnline(bob.user.id));
      const again = await alice.client.createPost({ channel_id: ts.id, message: '@here again' } as never);
      const seen2 = await wsAlice.next('posted', (m) => postId(m) === again.id);
      assert.equal(seen2.data?.mentions, undefined, 'bob is offline everywhere now');
    }));

  it('a node that dies without leaving: its users go offline on the others within the presence TTL', () =>
    withCluster(1, async ({ nodes: [n1], databaseUrl, redis }, sockets) => {
      const doomed = await spawnNode({ databaseUrl, redisUrl: redis.url });
      let bobId: string;
      try {
        const bob = await signUp(doomed.url, 'bob');
        bobId = bob.user.id;
        const ws = connectWebSocket(doomed.url, bob.client.getToken());
        sockets.push(ws);
        await ws.next('hello');
        await eventually('node 1 sees bob online', () => n1!.events.isOnline(bob.user.id));
      } finally {
        await doomed.kill();
      }
      // FAST_CLUSTER: a 1 s TTL renewed every 150 ms.
      await eventually("the dead node's user goes offline", () => !n1!.events.isOnline(bobId), 5000);
    }));

  it('logging out or revoking a session on node 1 closes its WebSocket on node 2', () =>
    withCluster(2, async ({ nodes: [n1, n2] }, sockets) => {
      const admin = await signUp(n1!.url, 'admin');
      const bob = await signUp(n2!.url, 'bob');
      const carol = await signUp(n2!.url, 'carol');
      const wsBob = connectWebSocket(n2!.url, bob.client.getToken());
      const wsCarol = connectWebSocket(n2!.url, carol.client.getToken());
      sockets.push(wsBob, wsCarol);
      await wsBob.next('hello');
      await wsCarol.next('hello');

      await on(n1!, bob.client).logout();
      await wsBob.closed();
      await eventually('bob is offline everywhere', () => !n1!.events.isOnline(bob.user.id) && !n2!.events.isOnline(bob.user.id));

      const [session] = await admin.client.getSessions(carol.user.id);
      await admin.client.revokeSession(carol.user.id, session!.id);
      await wsCarol.closed();
      await eventually('carol is offline everywhere', () => !n1!.events.isOnline(carol.user.id) && !n2!.events.isOnline(carol.user.id));
    }));

  it('a session revoked on node 1 while Redis is down still closes its WebSocket on node 2 (sessions re-checked)', () =>
    withCluster(
      2,
      async ({ nodes: [n1, n2], redis }, sockets) => {
        const admin = await signUp(n1!.url, 'admin');
        const dave = await signUp(n2!.url, 'dave');
        const erin = await signUp(n2!.url, 'erin');
        const wsDave = connectWebSocket(n2!.url, dave.client.getToken());
        const wsErin = connectWebSocket(n2!.url, erin.client.getToken());
        sockets.push(wsDave, wsErin);
        await wsDave.next('hello');
        await wsErin.next('hello');
        await redis.stop();
        const [session] = await admin.client.getSessions(dave.user.id);
        await admin.client.revokeSession(dave.user.id, session!.id);
        await wsDave.closed();
        // Erin's session is valid: her socket stays.
        await settle();
        assert.ok([...n2!.hub.onlineUserIds()].includes(erin.user.id), "erin is still connected");
        await redis.restart();
      },
      { cluster: { ...FAST_CLUSTER, sessionCheckMs: 300 } },
    ));

  it('config and license saved on one node are what the others serve', async () => {
    const keys = generateLicenseKeys();
    await withCluster(
      2,
      async ({ nodes: [n1, n2] }) => {
        const admin = await signUp(n1!.url, 'admin');
        const admin2 = on(n2!, admin.client);
        const heard: ServerConfig[] = [];
        n2!.config.onChange((c) => heard.push(c));

        const cfg = (await admin.client.getConfig()) as unknown as ServerConfig;
        cfg.ServiceSettings.SiteURL = 'https://chat.example.com';
        cfg.EmailSettings.PushNotificationContents = 'full';
        await admin.client.updateConfig(cfg as never);
        await eventually('node 2 serves the new config', async () => {
          const c = (await admin2.getConfig()) as unknown as ServerConfig;
          return c.ServiceSettings.SiteURL === 'https://chat.example.com' && c.EmailSettings.PushNotificationContents === 'full';
        });
        assert.equal(heard.at(-1)?.EmailSettings.PushNotificationContents, 'full', "node 2's listeners (push pipeline, logger) hear it");
        assert.equal((await admin2.getClientConfig()).SiteURL, 'https://chat.example.com');

        // A save on node 2 builds on what node 1 saved, and node 1 sees it.
        await admin2.patchConfig({ LogSettings: { FileLevel: 'DEBUG' } } as never);
        await eventually('node 1 sees the save made on node 2', () => n1!.config.current().LogSettings.FileLevel === 'DEBUG');
        assert.equal(n1!.config.current().ServiceSettings.SiteURL, 'https://chat.example.com');

        await admin.client.uploadLicense(new File([issueLicense(keys.privateKey, { customer: { company: 'Ada Co' } })], 'herald.license') as never);
        await eventually('node 2 is licensed', async () => (await admin2.getClientLicenseOld()).IsLicensed === 'true');
        assert.equal((await admin2.getClientLicenseOld()).Company, 'Ada Co');
        // HPNS needs the license: node 2 allows it now.
        const hpns = (await admin2.getConfig()) as unknown as ServerConfig;
        hpns.EmailSettings.SendPushNotifications = true;
        hpns.EmailSettings.PushNotificationServerType = 'mhpns';
        hpns.HeraldSettings.HostedPushTermsAccepted = true;
        await admin2.updateConfig(hpns as never);
        await admin2.removeLicense();
        await eventually('node 1 is unlicensed', () => n1!.license.current() === undefined);
      },
      { licensePublicKey: keys.publicKeyPem },
    );
  });

  it('the server_id is stored on first start and shared by every node and restart; the option overrides it', () =>
    withCluster(2, async (c) => {
      const [n1, n2] = c.nodes;
      const stored = await n1!.store.systems.get(SERVER_ID_ROW);
      assert.match(stored ?? '', /^[a-z0-9]{26}$/);
      assert.equal(n1!.serverId, stored);
      assert.equal(n2!.serverId, stored);
      assert.notEqual(n1!.nodeId, n2!.nodeId);
      await n2!.close();
      const n3 = await c.startNode();
      assert.equal(n3.serverId, stored, 'a restart keeps it');
      const n4 = await c.startNode({ serverId: 'from-the-environment' });
      assert.equal(n4.serverId, 'from-the-environment');
      assert.equal(await n4.store.systems.get(SERVER_ID_ROW), stored, 'the override is not stored');
      // The override changes what pushes carry, not which cluster the node is in.
      const a = await signUp(n1!.url, 'alice');
      const ws = connectWebSocket(n4.url, a.client.getToken());
      try {
        await ws.next('hello');
        await eventually('node 1 sees alice on node 4', () => n1!.events.isOnline(a.user.id));
      } finally {
        ws.close();
      }
    }));

  it('with Redis stopped, posting still works and reaches sockets on the same node (logged once); after a restart the fan-out resumes', async () => {
    const logs = [capturingLogger(), capturingLogger()];
    await withCluster(
      2,
      async ({ nodes: [n1, n2], redis }, sockets) => {
        const alice = await signUp(n1!.url, 'alice');
        const bob = await signUp(n2!.url, 'bob');
        const dm = await alice.client.createDirectChannel([alice.user.id, bob.user.id]);
        const wsAlice = connectWebSocket(n1!.url, alice.client.getToken());
        const wsBob = connectWebSocket(n2!.url, bob.client.getToken());
        sockets.push(wsAlice, wsBob);
        await wsAlice.next('hello');
        await wsBob.next('hello');

        await redis.stop();
        await logs[0]!.waitFor(/Redis at .* is unreachable/);
        const during: string[] = [];
        for (let i = 0; i < 5; i++) during.push((await alice.client.createPost({ channel_id: dm.id, message: `during ${i}` } as never)).id);
        for (const id of during) await wsAlice.next('posted', (m) => postId(m) === id);
        await settle();
        assert.equal(wsBob.count('posted'), 0, 'no fan-out while Redis is away');
        assert.equal((await on(n2!, bob.client).getPosts(dm.id)).order.length, 5, 'every post is stored and readable on node 2');
        // A config change made meanwhile is caught up on after the outage.
        await alice.client.patchConfig({ EmailSettings: { PushNotificationContents: 'generic_no_channel' } } as never);
        for (const l of logs) assert.equal(l.lines.filter((line) => /is unreachable/.test(line)).length, 1, 'the outage is logged once per node');

        await redis.restart();
        for (const l of logs) await l.waitFor(/Redis at .* is back/, 10_000);
        await eventually('node 2 caught up on the config', () => n2!.config.current().EmailSettings.PushNotificationContents === 'generic_no_channel');
        await eventually('presence is back', () => n1!.events.isOnline(bob.user.id) && n2!.events.isOnline(alice.user.id));
        const after = await alice.client.createPost({ channel_id: dm.id, message: 'after' } as never);
        await wsBob.next('posted', (m) => postId(m) === after.id);
        await settle();
        assert.equal(wsBob.count('posted'), 1);
        for (const l of logs) assert.equal(l.lines.filter((line) => /is unreachable/.test(line)).length, 1);
      },
      {},
      (i) => logs[i]!.logger,
    );
  });

  it('a Redis URL that cannot be used stops the start, naming it without its password', async () => {
    const redis = await startRedis();
    await redis.stop();
    const dir = tempDir();
    const logger = pino({ level: 'silent' });
    try {
      await assert.rejects(
        createChatServer({ dataDir: dir.path, port: 0, redisUrl: `redis://:s3cret@127.0.0.1:${redis.port}`, logger }),
        (e: Error) => /cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ for the cluster: .*ECONNREFUSED/.test(e.message) && !e.message.includes('s3cret'),
      );
      await assert.rejects(createChatServer({ dataDir: dir.path, port: 0, redisUrl: 'http://127.0.0.1:6379', logger }), /expected redis:\/\/host:port/);
    } finally {
      dir.remove();
    }
  });
});
