// The push pipeline behind the PushNotifier seam: decides who (push-recipients), what
// (push-contents) and writes one outbox row per device session inside the post's transaction;
// the outbox worker delivers them to the push service named by the config. Mattermost semantics,
// protocol.md §1 and §7.
import type { Logger } from 'pino';
import { newId } from '../ids.js';
import { activePushServer, type ConfigSource, type ServerConfig } from '../config/server-config.js';
import type { NewOutboxRecord, OutboxRecord, PostRecord, Repos, Store } from '../store/store.js';
import type { ChannelViewedEvent, DeviceCheck, PostCreatedEvent, PushNotifier } from './push-notifier.js';
import { effectivePushLevel, pushRecipients, viewClearsPushes, type PushCandidate } from './push-recipients.js';
import {
  buildClearPush,
  buildMessagePush,
  buildTestPush,
  buildUpdateBadgePush,
  sendingLine,
  splitDeviceId,
  type PushBody,
  type PushWire,
} from './push-contents.js';
import { httpPushProxyClient, type PushAck, type PushProxyClient } from './push-proxy-client.js';
import { DEFAULT_RETRY, OutboxWorker, type RetryPolicy, type RowOutcome } from './outbox-worker.js';

export interface PushPipelineOptions {
  store: Store;
  config: ConfigSource;
  logger: Logger;
  /** Presence for push_status (the WebSocket hub; read lazily, it is built after the services). */
  isOnline(userId: string): boolean;
  now?: () => number;
  /** Sent as server_id (Mattermost's telemetry id); the chat server passes the stored one (cluster/server-id.ts), else a random id. */
  serverId?: string;
  /** Names this process's claims on outbox rows. */
  nodeId?: string;
  concurrency?: number;
  leaseMs?: number;
  pollMs?: number;
  retry?: Partial<RetryPolicy>;
  client?: PushProxyClient;
}

export interface PushPipeline extends PushNotifier {
  worker: OutboxWorker;
  /** update_badge to every device of the user (Mattermost's UpdateMobileAppBadge). */
  updateBadge(userId: string): Promise<number>;
  /** POST /notifications/test: a test message push to each of the user's devices; how many. */
  sendTestToUser(userId: string): Promise<number>;
  /** POST /notifications/ack: records the ack once per id and forwards it to the push service. */
  ack(userId: string, ack: PushAck): Promise<{ recorded: boolean; forwarded: boolean }>;
  /** Resolves when the outbox has nothing due and nothing in flight (tests, benchmarks). */
  drained(): Promise<void>;
  /** The content an ID-loaded push left out, for its ack (the caller checked the user may read the post). */
  idLoadedContent(userId: string, post: PostRecord): Promise<Record<string, unknown> | undefined>;
  enabled(): boolean;
}

export const TEST_PUSH_MESSAGE = 'This is a test push notification from Herald.';
/** Collapsed reply threads: Mattermost's default (ServiceSettings.CollapsedThreads always_on/default_on). */
const CRT_PREFERENCE = { category: 'display_settings', name: 'collapsed_reply_threads' } as const;

export function createPushPipeline(opts: PushPipelineOptions): PushPipeline {
  const { store, config, logger } = opts;
  const now = opts.now ?? Date.now;
  const serverId = opts.serverId ?? newId();
  const client = opts.client ?? httpPushProxyClient();
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...opts.retry };

  const worker = new OutboxWorker({
    outbox: () => store.pushOutbox,
    send: sendRow,
    logger,
    nodeId: opts.nodeId ?? `node-${newId().slice(0, 12)}`,
    concurrency: opts.concurrency ?? 32,
    // How long a claimed row is this node's: 3x the push client's 10 s timeout, so a live node
    // never loses a claim mid-send, while a dead node's claims pass to another within 30 s.
    leaseMs: opts.leaseMs ?? 30_000,
    retry,
    pollMs: opts.pollMs ?? 5000,
    now,
  });
  // Rows left by a previous run (or another node) are due now.
  worker.kick();
  const unsubscribe = config.onChange(() => worker.kick());

  function wire(body: PushBody, deviceId: string, ackId?: string): PushWire | undefined {
    const d = splitDeviceId(deviceId);
    if (!d) return undefined;
    return { ...body, platform: d.platform, server_id: serverId, device_id: d.token, ...(ackId ? { ack_id: ackId } : {}) };
  }

  function logSending(cfg: ServerConfig, push: PushWire): void {
    if (!logger.isLevelEnabled('debug')) return;
    logger.debug(sendingLine(push.device_id, push.message ?? '', cfg.EmailSettings.PushNotificationServerType === 'mtpns'));
  }

  async function sendRow(row: OutboxRecord): Promise<RowOutcome> {
    const cfg = config.current();
    const url = activePushServer(cfg);
    if (!url) return { kind: 'failed', error: 'push notifications are disabled' };
    const push = wire(row.payload as unknown as PushBody, row.device_id, row.ack_id);
    if (!push) return { kind: 'failed', error: `device id "${row.device_id}" is not platform:token` };
    logSending(cfg, push);
    const result = await client.send(url, push);
    switch (result.status) {
      case 'OK':
        logger.info({ ack_id: row.ack_id, type: row.type, user_id: row.user_id, post_id: row.post_id, status: 'Sent' }, 'Notification sent');
        return { kind: 'done' };
      case 'REMOVE':
        await detachDevice(row.session_id, row.device_id);
        logger.info({ ack_id: row.ack_id, user_id: row.user_id, session_id: row.session_id }, 'push service reported the device removed; detached it from the session');
        return { kind: 'removed' };
      case 'FAIL':
        return { kind: 'retry', error: result.error };
      default:
        return { kind: 'retry', error: result.error, unreachable: true };
    }
  }

  async function detachDevice(sessionId: string, deviceId: string): Promise<void> {
    const session = await store.sessions.get(sessionId);
    if (session && session.device_id === deviceId) await store.sessions.update(sessionId, { device_id: '' });
    await store.pushOutbox.removeDevice(deviceId, now());
  }

  function enabled(): boolean {
    return activePushServer(config.current()) !== undefined;
  }

  /** One row per unexpired session with a device id; `body` per user (badge differs). */
  async function rowsFor(repos: Repos, userId: string, body: PushBody, postId = ''): Promise<NewOutboxRecord[]> {
    const at = now();
    const sessions = await repos.sessions.listWithDevice(userId, at);
    return sessions
      .filter((s) => splitDeviceId(s.device_id) !== undefined)
      .map((s) => ({
        id: newId(),
        created_at: at,
        user_id: userId,
        session_id: s.id,
        device_id: s.device_id,
        ack_id: newId(),
        type: body.type,
        post_id: postId,
        payload: body as unknown as Record<string, unknown>,
      }));
  }

  async function crtFor(repos: Repos, userId: string): Promise<boolean> {
    const prefs = await repos.preferences.list(userId);
    const p = prefs.find((x) => x.category === CRT_PREFERENCE.category && x.name === CRT_PREFERENCE.name);
    return p?.value !== 'off';
  }

  async function inPostTransaction(tx: Repos, e: PostCreatedEvent): Promise<void> {
    const cfg = config.current();
    if (!activePushServer(cfg)) return;
    const others = e.memberIds.filter((id) => id !== e.sender.id);
    if (others.length === 0) return;
    const users = new Map((await tx.users.getMany(others)).filter((u) => u.delete_at === 0).map((u) => [u.id, u] as const));
    const members = new Map((await tx.channels.listMembers(e.channel.id, 0, 1_000_000)).map((m) => [m.user_id, m] as const));
    const isReply = e.post.root_id !== '';
    let thread: { rootAuthorId: string; participantIds: Set<string> } | undefined;
    if (isReply && e.root) {
      const posts = await tx.posts.thread(e.root.id);
      thread = { rootAuthorId: e.root.user_id, participantIds: new Set(posts.filter((p) => p.id !== e.post.id).map((p) => p.user_id)) };
    }
    const candidates: PushCandidate[] = [];
    for (const id of others) {
      const u = users.get(id);
      if (!u) continue;
      candidates.push({
        userId: id,
        userProps: u.notify_props,
        channelProps: members.get(id)?.notify_props ?? {},
        online: opts.isOnline(id),
        crt: isReply ? await crtFor(tx, id) : true,
      });
    }
    const decisions = pushRecipients({
      channelType: e.channel.type,
      authorId: e.sender.id,
      postType: e.post.type,
      explicitMentionIds: e.mentions.userIds,
      channelMention: e.mentions.channel || e.mentions.all,
      hereMention: e.mentions.here,
      thread,
      candidates,
    });
    const rows: NewOutboxRecord[] = [];
    for (const d of decisions) {
      const sessions = await tx.sessions.listWithDevice(d.userId, now());
      if (sessions.length === 0) continue;
      const body = buildMessagePush({
        contents: cfg.EmailSettings.PushNotificationContents,
        post: e.post,
        channel: e.channel,
        senderUsername: e.sender.username,
        crt: candidates.find((c) => c.userId === d.userId)?.crt ?? true,
        explicitMention: d.explicitMention,
        channelWideMention: d.channelWideMention,
        replyToThreadType: d.replyToThreadType,
        badge: await tx.channels.badgeCount(d.userId),
      });
      rows.push(...(await rowsFor(tx, d.userId, body, e.post.id)));
    }
    await tx.pushOutbox.enqueue(rows);
  }

  async function enqueueForUser(userId: string, body: (crt: boolean) => PushBody): Promise<number> {
    const rows = await rowsFor(store, userId, body(await crtFor(store, userId)));
    await store.pushOutbox.enqueue(rows);
    if (rows.length) worker.kick();
    return rows.length;
  }

  return {
    worker,
    enabled,
    inPostTransaction,

    postCreated() {
      worker.kick();
    },

    async channelViewed(e: ChannelViewedEvent) {
      if (!enabled()) return;
      const [user, member] = await Promise.all([store.users.get(e.userId), store.channels.getMember(e.channelId, e.userId)]);
      if (!user || !member) return;
      if (e.channelType !== undefined && e.unreadMentions !== undefined && e.unreadMessages !== undefined) {
        const level = effectivePushLevel({ userProps: user.notify_props, channelProps: member.notify_props }, e.channelType);
        if (!viewClearsPushes(level, e.channelType, e.unreadMentions, e.unreadMessages)) return;
      }
      const badge = await store.channels.badgeCount(e.userId);
      await enqueueForUser(e.userId, (crt) => buildClearPush(e.channelId, badge, crt));
    },

    async checkDevice(deviceId: string): Promise<DeviceCheck> {
      const cfg = config.current();
      const url = activePushServer(cfg);
      if (!url) return 'false';
      const push = wire(buildTestPush(), deviceId);
      if (!push) return 'false';
      logSending(cfg, push);
      const r = await client.send(url, push);
      if (r.status === 'OK') return 'true';
      if (r.status === 'REMOVE') return 'false';
      logger.error({ type: 'test', error: r.error }, 'Notification error');
      return 'unknown';
    },

    async updateBadge(userId: string) {
      if (!enabled()) return 0;
      const badge = await store.channels.badgeCount(userId);
      return enqueueForUser(userId, () => buildUpdateBadgePush(badge));
    },

    async sendTestToUser(userId: string) {
      if (!enabled()) return 0;
      const badge = await store.channels.badgeCount(userId);
      return enqueueForUser(userId, (crt) => ({ type: 'message', version: 'v2', message: TEST_PUSH_MESSAGE, badge, is_crt_enabled: crt, is_id_loaded: false }));
    },

    async ack(userId: string, ack: PushAck) {
      const recorded = await store.pushOutbox.recordAck({
        ack_id: ack.id,
        user_id: userId,
        platform: ack.platform,
        type: ack.type,
        post_id: ack.post_id ?? '',
        received_at: ack.received_at,
        recorded_at: now(),
      });
      logger.info({ ack_id: ack.id, type: ack.type, platform: ack.platform, received_at: ack.received_at, status: 'Received' }, 'Notification received');
      const url = activePushServer(config.current());
      if (!url) return { recorded, forwarded: false };
      try {
        await client.ack(url, ack);
        return { recorded, forwarded: true };
      } catch (e) {
        logger.warn({ err: e, ack_id: ack.id }, 'could not forward the ack to the push service');
        return { recorded, forwarded: false };
      }
    },

    async idLoadedContent(userId: string, post: PostRecord) {
      const [channel, sender] = await Promise.all([store.channels.get(post.channel_id), store.users.get(post.user_id)]);
      if (!channel || !sender) return undefined;
      const body: PushBody = buildMessagePush({
        contents: 'full',
        post,
        channel,
        senderUsername: sender.username,
        crt: await crtFor(store, userId),
        explicitMention: false,
        channelWideMention: false,
        replyToThreadType: '',
        badge: await store.channels.badgeCount(userId),
      });
      return { ...body };
    },

    async drained() {
      for (;;) {
        await worker.idle();
        const counts = await store.pushOutbox.countByState();
        if (!counts.pending && !counts.sending) return;
        const due = await store.pushOutbox.nextDue();
        worker.kick();
        await new Promise((r) => setTimeout(r, due === undefined ? 10 : Math.min(200, Math.max(5, due - now()))));
      }
    },

    async close() {
      unsubscribe();
      await worker.close();
    },
  };
}
