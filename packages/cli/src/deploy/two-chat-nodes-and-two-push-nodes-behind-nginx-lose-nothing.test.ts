// Scale-out, for real: two `herald server` nodes (one PostgreSQL database, one Redis) and two
// `herald push` nodes (sharing their throttle through Redis) behind deploy/nginx/herald.conf with
// a throwaway CA, pushing to the provider sandbox. Each node is a child process.
//
// 1. A post on chat node 1 reaches A's WebSocket on chat node 2 (through Redis) once, and each of
//    A's two phones (APNs, FCM) exactly one push.
// 2. B's app posts to A through nginx at a steady rate (two posts every 90 ms) while chat node 1
//    and then push node 1 are SIGKILLed, each with work in flight: the chat node a few ms after a
//    tick's posts went out, the push node while the providers (given 150 ms of latency, as real
//    ones have) hold its sends. The app resends a post that got no answer with the same
//    pending_post_id; the chat nodes resend a push nginx answered 502 for; a dead chat node's
//    claimed pushes pass to the other after its outbox lease (HERALD_OUTBOX_LEASE_SECONDS=15).
//    Then: every post exists exactly once, every post reached each phone, a repeated push is only
//    one that was in flight at a kill (pushes are at least once), and A's WebSocket that lost its
//    node reconnected and got the later posts. The failover figures are printed (t.diagnostic),
//    never asserted: timings depend on the machine.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Delivery } from '@herald/sandbox';
import { clientFetch, newClient, PASSWORD, signUp, type Client4 } from '@herald/server/testing/client4';
import { freshPostgresUrl, usePostgres } from '@herald/server/testing/engines';
import { eventually } from '../testing/eventually.js';
import { installFetchTrustingCa } from '../testing/fetch-trusting-ca.js';
import { startHeraldFleet, type HeraldFleet } from '../testing/herald-fleet.js';
import { postLikeAnApp, type SentPost } from '../testing/post-like-an-app.js';
import { pushField } from '../testing/sandbox-inbox.js';
import { connectTestWebSocket, postedId, type TestSocket } from '../testing/test-websocket.js';

usePostgres();

const LEASE_SECONDS = 15;
/** The load: POSTS posts, PER_TICK every INTERVAL_MS (about 10 s); chat node 1 dies KILL_DELAY_MS after post KILL_CHAT_AT starts, push node 1 as KILL_PUSH_AT does. */
const POSTS = 220;
const PER_TICK = 2;
const INTERVAL_MS = 90;
const KILL_CHAT_AT = 90;
const KILL_PUSH_AT = 150;
const KILL_DELAY_MS = 5;
/** Added by the sandbox to each APNs and FCM request during the load. */
const PROVIDER_LATENCY_MS = 150;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Notification {
  id: string;
  ack_id: string;
  post_id: string;
  platform: string;
  state: string;
  attempts: number;
}

interface Phone {
  platform: 'apple_rn' | 'android_rn';
  token: string;
  client: Client4;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((p, q) => p - q);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};

describe('two chat nodes and two push nodes behind nginx: fan-out across nodes, and a node killed mid-load loses no post and no push', () => {
  let fleet: HeraldFleet;
  let restoreFetch: () => void = () => {};
  let admin: Client4;
  let a: Awaited<ReturnType<typeof signUp>>;
  let b: Awaited<ReturnType<typeof signUp>>;
  let phones: Phone[];
  let dmId: string;
  /** Closed in after(), also when a test fails: a socket left reconnecting keeps the process alive. */
  const sockets: TestSocket[] = [];

  /** The outbox rows (newest 500) through nginx, as the System Console's Notification log reads them. */
  const notifications = async () =>
    (await clientFetch<{ notifications: Notification[] }>(admin, `${admin.getBaseRoute()}/herald/notifications?limit=500`, { method: 'get' })).notifications;

  before(async () => {
    fleet = await startHeraldFleet({ chatNodes: 2, pushNodes: 2, databaseUrl: await freshPostgresUrl(), leaseSeconds: LEASE_SECONDS, startTimeoutMs: 60_000 });
    const { front, sandboxClient } = fleet;
    restoreFetch = installFetchTrustingCa(fleet.tls.caPem, [front.chatUrl, front.pushUrl]);

    // The first account is the system admin: push on, to the push nodes' front (README step 5).
    admin = (await signUp(front.chatUrl, 'admin')).client;
    const cfg = (await admin.getConfig()) as unknown as { EmailSettings: Record<string, unknown> };
    cfg.EmailSettings.SendPushNotifications = true;
    cfg.EmailSettings.PushNotificationServerType = 'custom';
    cfg.EmailSettings.PushNotificationServer = front.pushUrl;
    await admin.updateConfig(cfg as never);
    // Saved on one node, re-read by the other through Redis.
    for (const node of fleet.chat) {
      await eventually(`chat node ${node.hostPort} has the push settings`, async () => {
        const c = (await newClient(node.url, admin.getToken()).getConfig()) as unknown as { EmailSettings: Record<string, unknown> };
        return c.EmailSettings.PushNotificationServer === front.pushUrl || undefined;
      });
    }

    const team = await admin.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
    a = await signUp(front.chatUrl, 'accounta');
    b = await signUp(front.chatUrl, 'accountb');
    await admin.addToTeam(team.id, a.user.id);
    await admin.addToTeam(team.id, b.user.id);
    // A's two phones: a session each, with a sandbox device attached, as the mobile apps do.
    const second = newClient(front.chatUrl);
    await second.login('accounta', PASSWORD);
    phones = [
      { platform: 'apple_rn', token: (await sandboxClient.registerApns({ topic: fleet.apnsTopic })).token, client: a.client },
      { platform: 'android_rn', token: (await sandboxClient.registerFcm()).token, client: second },
    ];
    for (const p of phones) await clientFetch(p.client, `${p.client.getBaseRoute()}/users/sessions/device`, { method: 'put', body: JSON.stringify({ device_id: `${p.platform}:${p.token}` }) });
    // Pushes for DMs also while A is online (A's WebSockets below make A online).
    await a.client.patchMe({ notify_props: { ...a.user.notify_props, push: 'mention', push_status: 'online' } } as never);
    dmId = (await b.client.createDirectChannel([b.user.id, a.user.id])).id;
  });

  after(async () => {
    for (const s of sockets) s.close();
    restoreFetch();
    await fleet?.stop();
  });

  it('B posts "Hello" on chat node 1: A\'s WebSocket on chat node 2 gets posted once, each of A\'s phones exactly one push', async () => {
    const [node1, node2] = fleet.chat as [HeraldFleet['chat'][0], HeraldFleet['chat'][0]];
    const ws = connectTestWebSocket(node2.url, a.client.getToken());
    sockets.push(ws);
    try {
      await ws.next('hello');
      const seq = await fleet.sandboxClient.lastSeq();
      const post = await newClient(node1.url, b.client.getToken()).createPost({ channel_id: dmId, message: 'Hello' } as never);

      await ws.next('posted', (m) => postedId(m) === post.id, 15_000);
      const rows = await eventually(
        'both pushes sent',
        async () => {
          const mine = (await notifications()).filter((n) => n.post_id === post.id);
          return mine.length === phones.length && mine.every((n) => n.state === 'done') ? mine : undefined;
        },
        30_000,
      );
      assert.deepEqual(rows.map((r) => r.attempts), [1, 1], 'each push sent once');
      await sleep(1000); // a second push or event would have arrived by now
      for (const p of phones) {
        const got = await fleet.sandboxClient.inbox({ token: p.token, after: seq });
        assert.deepEqual(got.map((d) => pushField(d, 'post_id')), [post.id], `exactly one push to A's ${p.platform} phone`);
      }
      assert.equal(ws.count('posted', (m) => postedId(m) === post.id), 1, 'posted once on node 2');
    } finally {
      ws.close();
    }
  });

  it('SIGKILL of chat node 1, then of push node 1, during a steady load through nginx: every post exactly once, a push of each to each phone, the lost WebSocket reconnects; prints the failover figures', async (t) => {
    const { front, sandboxClient } = fleet;
    const [chat1] = fleet.chat;
    const [push1] = fleet.push;
    // A's app through nginx, twice (say a phone and a browser). least_conn puts the second socket
    // on the node without one, so one socket is on chat node 1 and must reconnect.
    const both: TestSocket[] = [];
    for (let i = 0; i < 2; i++) {
      const s = connectTestWebSocket(front.chatUrl, a.client.getToken(), { ca: fleet.tls.caPem, reconnectMs: 250 });
      sockets.push(s);
      both.push(s);
      await s.next('hello');
    }
    const seq0 = await sandboxClient.lastSeq();
    await sandboxClient.addFault({ kind: 'latency', latencyMs: PROVIDER_LATENCY_MS });
    const logFrom = front.nginx.accessLog().length;

    let chatKilledAt = 0;
    let pushKilledAt = 0;
    const kills: Promise<void>[] = [];
    let orphanProbe: Promise<Set<string>> = Promise.resolve(new Set());
    const sendingRows = async () => new Set((await notifications()).filter((n) => n.state === 'sending').map((n) => n.id));
    const loadStart = Date.now();
    const sent = await postLikeAnApp({
      url: front.chatUrl,
      token: b.client.getToken(),
      channelId: dmId,
      count: POSTS,
      intervalMs: INTERVAL_MS,
      perTick: PER_TICK,
      label: 'load',
      onStart(i) {
        if (i === KILL_CHAT_AT) {
          // least_conn gives the tick's posts one to each node: one is in flight on node 1.
          const killed = new Promise<void>((r) => setTimeout(r, KILL_DELAY_MS)).then(() => {
            chatKilledAt = Date.now();
            return chat1!.kill();
          });
          kills.push(killed);
          // Rows still "sending" 2 s and 8 s after the kill are the dead node's claims (a live
          // node records a send within a few seconds; a claim lasts the 15 s lease).
          orphanProbe = (async () => {
            await killed;
            await sleep(2000);
            const early = await sendingRows();
            await sleep(6000);
            const late = await sendingRows();
            return new Set([...early].filter((id) => late.has(id)));
          })();
        }
        if (i === KILL_PUSH_AT) {
          pushKilledAt = Date.now();
          kills.push(push1!.kill());
        }
      },
    });
    const loadEnd = Date.now();
    await Promise.all(kills);
    await sandboxClient.clearFaults();
    const orphans = await orphanProbe;

    // Every post the app sent exists exactly once, read back through nginx.
    const stored = new Map<string, string[]>();
    for (let page = 0; ; page++) {
      const list = await b.client.getPosts(dmId, page, 200);
      for (const id of list.order) {
        const m = list.posts[id]!.message;
        stored.set(m, [...(stored.get(m) ?? []), id]);
      }
      if (list.order.length < 200) break;
    }
    for (const p of sent) assert.deepEqual(stored.get(p.message), [p.postId], `"${p.message}" stored exactly once, as the post the app was answered with`);
    assert.equal([...stored.keys()].filter((m) => m.startsWith('load ')).length, POSTS);

    // A push of every post to each phone: the dead chat node's claims come after its lease.
    const postIds = new Set(sent.map((p) => p.postId));
    const inboxes = async () => Promise.all(phones.map(async (p) => (await sandboxClient.inbox({ token: p.token, after: seq0 })).filter((d) => postIds.has(pushField(d, 'post_id') ?? ''))));
    await eventually(
      'a push of every post to each phone',
      async () => ((await inboxes()).every((got) => new Set(got.map((d) => pushField(d, 'post_id'))).size === POSTS) ? true : undefined),
      (LEASE_SECONDS + 30) * 1000,
      500,
    );
    // The outbox is done (nothing left to resend), and a straggler would have arrived by now.
    const rows = await eventually(
      'every outbox row of the load done',
      async () => {
        const mine = (await notifications()).filter((n) => postIds.has(n.post_id));
        return mine.length === POSTS * phones.length && mine.every((n) => n.state === 'done') ? mine : undefined;
      },
      30_000,
      500,
    );
    await sleep(1500);
    const got = await inboxes();
    const at = (d: Delivery) => Date.parse(d.receivedAt);
    // nginx spread the load over both nodes of each kind before the kills.
    const log = front.nginx.accessLog().slice(logFrom);
    for (const n of fleet.chat) assert.ok(log.some((l) => l.includes('"POST /api/v4/posts HTTP/1.1" 201') && l.includes(`upstream=${n.hostPort}`)), `chat node ${n.hostPort} took posts`);
    for (const n of fleet.push) assert.ok(log.some((l) => l.includes('"POST /api/v1/send_push HTTP/1.1" 200') && l.includes(`upstream=${n.hostPort}`)), `push node ${n.hostPort} took pushes`);
    // send_push requests that reached push node 1 and died with it.
    const push502s = log.filter((l) => l.includes('"POST /api/v1/send_push HTTP/1.1" 502 ') && l.includes(push1!.hostPort)).length;

    // Each post reached each phone. A push reached a phone twice only when its sender died after
    // handing it on and before recording that (pushes are at least once): the dead chat node's
    // claims, resent after the lease, or a send_push that died with push node 1 (nginx answered
    // 502), resent by the chat node. A push sent once (attempts 1) never arrives twice.
    const deliveriesOf = new Map<string, number[]>();
    for (const d of got.flat()) deliveriesOf.set(pushField(d, 'ack_id') ?? '', [...(deliveriesOf.get(pushField(d, 'ack_id') ?? '') ?? []), at(d)]);
    phones.forEach((phone, i) => {
      const reached = new Set(got[i]!.map((d) => pushField(d, 'post_id')));
      for (const p of sent) assert.ok(reached.has(p.postId), `post ${p.index} reached A's ${phone.platform} phone`);
    });
    const repeats = rows
      .filter((r) => (deliveriesOf.get(r.ack_id)?.length ?? 0) > 1)
      .map((r) => ({ row: r, times: deliveriesOf.get(r.ack_id)!.sort((x, y) => x - y), kill: orphans.has(r.id) ? ('chat' as const) : ('push' as const) }));
    for (const { row, times } of repeats) {
      const p = sent.find((q) => q.postId === row.post_id)!;
      assert.ok(row.attempts > 1, `post ${p.index} reached A's ${row.platform} phone ${times.length} times (at ${times.map((x) => x - loadStart).join(', ')} ms into the load) from a single send`);
    }
    const pushKillRepeats = repeats.filter((r) => r.kill === 'push');
    assert.ok(
      pushKillRepeats.length <= push502s,
      `${pushKillRepeats.length} pushes arrived twice that were not the dead chat node's, but only ${push502s} send_push requests died with push node 1: posts ${pushKillRepeats.map((r) => sent.find((q) => q.postId === r.row.post_id)!.index).join(', ')}`,
    );

    // A's WebSockets: the one on chat node 1 closed and reconnected (to node 2, through nginx);
    // each got every post started after it was (again) connected, and none twice.
    const last = sent.at(-1)!;
    for (const s of both) await s.next('posted', (m) => postedId(m) === last.postId, 15_000);
    const lost = both.filter((s) => s.closes.some((c) => c >= chatKilledAt));
    assert.equal(lost.length, 1, `exactly one of A's two sockets was on chat node 1 (closes: ${both.map((s) => s.closes.length).join(', ')})`);
    const [moved] = lost;
    const kept = both.find((s) => s !== moved)!;
    const reconnectedAt = moved!.hellos.find((h) => h > chatKilledAt);
    assert.ok(reconnectedAt, 'the socket that lost its node reconnected');
    const wsMissed: Record<string, number> = {};
    for (const [name, s, from] of [['moved', moved!, reconnectedAt], ['kept', kept, chatKilledAt]] as const) {
      const seen = new Map<string, number>();
      for (const m of s.events) {
        const id = postedId(m);
        if (id) seen.set(id, (seen.get(id) ?? 0) + 1);
      }
      for (const p of sent) assert.ok((seen.get(p.postId) ?? 0) <= 1, `post ${p.index} reached the ${name} socket once`);
      for (const p of sent.filter((q) => q.startedAt > from)) assert.equal(seen.get(p.postId), 1, `post ${p.index} (started ${p.startedAt - from} ms after the ${name} socket's ${name === 'moved' ? 'reconnect' : "node's kill"}) reached it`);
      wsMissed[name] = sent.filter((p) => !seen.has(p.postId)).length;
    }
    for (const s of both) s.close();

    // Failover figures (printed, not asserted).
    const ms = (x: number) => `${Math.round(x)} ms`;
    const range = (xs: number[]) => (xs.length ? (Math.min(...xs) === Math.max(...xs) ? ms(xs[0]!) : `${ms(Math.min(...xs))}..${ms(Math.max(...xs))}`) : '-');
    const latency = (p: SentPost) => p.doneAt - p.startedAt;
    const isOk = (st: number | string) => st === 201 || st === 200;
    const failedTries = sent.flatMap((p) => p.tries.filter((tr) => !isOk(tr.status)));
    const statuses = [...new Set(failedTries.map((f) => f.status))].map((st) => `${failedTries.filter((f) => f.status === st).length} × ${st}`).join(', ');
    const hit = sent.filter((p) => p.tries.length > 1);
    const firstOkAfterKill = Math.min(...sent.flatMap((p) => p.tries.filter((tr) => tr.at >= chatKilledAt && isOk(tr.status)).map((tr) => tr.at + tr.ms)));
    const aroundChatKill = sent.filter((p) => p.startedAt >= chatKilledAt - 1000 && p.startedAt <= chatKilledAt + 2000);
    const lastAt = (r: Notification) => Math.max(...deliveriesOf.get(r.ack_id)!);
    const firstAt = (r: Notification) => Math.min(...deliveriesOf.get(r.ack_id)!);
    const pushDelay = (r: Notification) => firstAt(r) - sent.find((p) => p.postId === r.post_id)!.doneAt;
    const orphanRows = rows.filter((r) => orphans.has(r.id));
    const resentRows = rows.filter((r) => r.attempts > 1 && !orphans.has(r.id));
    const afterPushKill = got.flat().map(at).filter((x) => x > pushKilledAt);
    const aroundPushKill = rows.filter((r) => {
      const done = sent.find((p) => p.postId === r.post_id)!.doneAt;
      return done >= pushKilledAt - 1000 && done <= pushKilledAt + 2000;
    });
    const lines = [
      `load: ${POSTS} posts, ${PER_TICK} every ${INTERVAL_MS} ms for ${ms(loadEnd - loadStart)}, providers' latency ${PROVIDER_LATENCY_MS} ms; chat node 1 SIGKILLed at ${ms(chatKilledAt - loadStart)}, push node 1 at ${ms(pushKilledAt - loadStart)}; outbox lease ${LEASE_SECONDS} s`,
      `chat failover: first post started after the kill answered ${ms(firstOkAfterKill - chatKilledAt)} after it; ${hit.length} posts in flight on node 1 lost their answer (${statuses || 'no failed tries'}), each made exactly once after ${[...new Set(hit.map((p) => p.tries.length - 1))].join(' or ') || 0} retries, answered ${range(hit.map((p) => p.doneAt - chatKilledAt))} after the kill`,
      `post latency (first try to answer): median ${ms(median(sent.map(latency)))}, max ${ms(Math.max(...sent.map(latency)))}; posts started 1 s before to 2 s after the chat kill: max ${ms(Math.max(...aroundChatKill.map(latency)))}`,
      `A's WebSocket on the killed node: closed ${ms(moved!.closes.find((c) => c >= chatKilledAt)! - chatKilledAt)} after the kill, reconnected through nginx (to node 2, a new connection: ${moved!.resyncs.length} re-sync) ${ms(reconnectedAt! - chatKilledAt)} after it (client retry 250..500 ms); it missed ${wsMissed.moved} posts, all made before it was back (an app re-syncs them); the socket on node 2 missed ${wsMissed.kept}`,
      `push failover: first delivery after push node 1's kill ${afterPushKill.length ? ms(Math.min(...afterPushKill) - pushKilledAt) : '-'} after it; ${push502s} send_push requests died with it (502); ${resentRows.length} pushes resent after a failed send, delivered ${range(resentRows.map((r) => lastAt(r) - pushKilledAt))} after the push kill; post-to-push delay median ${ms(median(rows.map(pushDelay)))}, max for posts made 1 s before to 2 s after the push kill ${aroundPushKill.length ? ms(Math.max(...aroundPushKill.map(pushDelay))) : '-'}`,
      `dead chat node's claimed pushes: ${orphanRows.length}, delivered by node 2 ${range(orphanRows.map((r) => lastAt(r) - chatKilledAt))} after the kill (lease ${LEASE_SECONDS} s from their claim); ${orphanRows.filter((r) => deliveriesOf.get(r.ack_id)!.length > 1).length} of them had reached the phone already (the node died before recording it) and arrived twice`,
      `totals: ${POSTS} posts in ${sent.reduce((n, p) => n + p.tries.length, 0)} tries (${failedTries.length} retries), ${got.reduce((n, g) => n + g.length, 0)} pushes delivered for ${POSTS * phones.length} (${POSTS} posts × ${phones.length} phones), ${repeats.length} delivered twice (${repeats.filter((r) => r.kill === 'chat').length} claimed by the dead chat node, ${repeats.filter((r) => r.kill === 'push').length} resent after push node 1 died), 0 lost`,
    ];
    for (const l of lines) t.diagnostic(l);
  });
});
