// Two chat-server nodes over one PostgreSQL database and Redis, both running the push outbox
// against one Herald push service and the provider sandbox: every device gets exactly one push
// per post, whichever node took the post, all with the cluster's one server_id; and presence on
// one node decides pushes (push_status) for posts taken by the other.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Delivery } from '@herald/sandbox';
import { usePostgres } from '../testing/engines.js';
import { newClient, signUp, type Client4 } from '../testing/client4.js';
import { connectWebSocket } from '../testing/websocket-client.js';
import { eventually, startTestCluster, type TestCluster } from '../testing/cluster-nodes.js';
import { attachDevice, startPushStack, type PushStack } from '../testing/push-stack.js';
import type { ChatServerOptions } from '../chat-server.js';
import type { ServerConfig } from '../config/server-config.js';

usePostgres();

const FAST_PUSH: ChatServerOptions['push'] = { retry: { baseDelayMs: 50, maxDelayMs: 300, maxAttempts: 40 }, pollMs: 100 };

type Apns = { post_id?: string; server_id?: string };

/** Every delivery to `token` after `afterSeq`, once `n` have arrived (and nothing more came for a moment). */
async function deliveries(stack: PushStack, token: string, afterSeq: number, n: number, timeoutMs = 10_000): Promise<Delivery[]> {
  const deadline = Date.now() + timeoutMs;
  let got: Delivery[] = [];
  while (got.length < n) {
    if (Date.now() > deadline) throw new Error(`expected ${n} pushes to ${token.slice(0, 8)}, got ${got.length}`);
    got = await stack.client.inbox({ token, after: afterSeq });
    if (got.length < n) await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 300));
  return stack.client.inbox({ token, after: afterSeq });
}

describe('push from a cluster of two chat-server nodes', () => {
  let stack: PushStack;
  let cluster: TestCluster;
  let carol: { client: Client4; user: { id: string } };
  let alice: { client: Client4; user: { id: string } };
  let bob: { client: Client4; user: { id: string } };
  let channelId: string;
  let tokenA: string;
  let tokenB: string;

  before(async () => {
    stack = await startPushStack();
    cluster = await startTestCluster(2, { push: FAST_PUSH });
    const [n1, n2] = cluster.nodes;
    const { client: admin } = await signUp(n1!.url, 'admin');
    const cfg = (await admin.getConfig()) as unknown as ServerConfig;
    cfg.EmailSettings.SendPushNotifications = true;
    cfg.EmailSettings.PushNotificationServerType = 'custom';
    cfg.EmailSettings.PushNotificationServer = stack.url;
    await admin.updateConfig(cfg as never);
    await eventually('node 2 has push on', () => n2!.push!.enabled());
    const team = await admin.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
    alice = await signUp(n1!.url, 'alice');
    bob = await signUp(n2!.url, 'bob');
    carol = await signUp(n2!.url, 'carol');
    for (const u of [alice, bob, carol]) await admin.addToTeam(team.id, u.user.id);
    channelId = (await admin.getChannelByName(team.id, 'town-square')).id;
    tokenA = await stack.apnsDevice();
    tokenB = await stack.apnsDevice();
    await attachDevice(alice.client, `apple_rn:${tokenA}`);
    await attachDevice(bob.client, `apple_rn:${tokenB}`);
  });

  after(async () => {
    await cluster?.close();
    await stack?.close();
  });

  it('every device gets exactly one push per post, whichever node took it, with the shared server_id', async () => {
    const [n1, n2] = cluster.nodes;
    const from = await stack.client.lastSeq();
    const posted: string[] = [];
    // Posts land on both nodes; both outbox workers claim from the one outbox.
    const c1 = newClient(n1!.url, carol.client.getToken());
    const c2 = newClient(n2!.url, carol.client.getToken());
    await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const post = await (i % 2 ? c2 : c1).createPost({ channel_id: channelId, message: `@alice @bob update ${i}` } as never);
        posted.push(post.id);
      }),
    );
    await Promise.all([n1!.push!.drained(), n2!.push!.drained()]);
    for (const token of [tokenA, tokenB]) {
      const got = await deliveries(stack, token, from, posted.length);
      const ids = got.map((d) => (d.payload as Apns).post_id);
      assert.equal(got.length, posted.length, `exactly ${posted.length} pushes to ${token.slice(0, 8)}`);
      assert.deepEqual([...new Set(ids)].sort(), [...posted].sort(), 'one push per post');
      assert.ok(got.every((d) => (d.payload as Apns).server_id === n1!.serverId), 'every push carries the cluster server_id');
    }
    assert.equal(n1!.serverId, n2!.serverId);
    const rows = (await n1!.store.pushOutbox.list()).filter((r) => posted.includes(r.post_id));
    assert.equal(rows.length, 2 * posted.length);
    assert.ok(rows.every((r) => r.state === 'done'), 'every outbox row is done');
    assert.ok(rows.every((r) => r.claimed_by === n1!.nodeId || r.claimed_by === n2!.nodeId), 'claimed under the node names');
  });

  it('a user online on node 2 only gets no push for a DM taken by node 1 (push_status "away"), and gets one once gone', async () => {
    const [n1, n2] = cluster.nodes;
    const dm = await newClient(n1!.url, carol.client.getToken()).createDirectChannel([carol.user.id, bob.user.id]);
    const ws = connectWebSocket(n2!.url, bob.client.getToken());
    try {
      await ws.next('hello');
      await eventually('node 1 sees bob online', () => n1!.events.isOnline(bob.user.id));
      const c1 = newClient(n1!.url, carol.client.getToken());
      const whileOnline = await c1.createPost({ channel_id: dm.id, message: 'are you there?' } as never);
      await ws.next('posted', (m) => JSON.parse(String(m.data?.post)).id === whileOnline.id);
      assert.deepEqual(await n1!.store.pushOutbox.list({ postId: whileOnline.id }), [], 'online on node 2: no push');

      ws.close();
      await eventually('node 1 sees bob offline', () => !n1!.events.isOnline(bob.user.id));
      const from = await stack.client.lastSeq();
      const whileAway = await c1.createPost({ channel_id: dm.id, message: 'call me' } as never);
      const [push] = await deliveries(stack, tokenB, from, 1);
      assert.equal((push!.payload as Apns).post_id, whileAway.id);
    } finally {
      ws.close();
    }
  });
});
