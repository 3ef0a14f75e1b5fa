// Who is online on the other nodes, answered synchronously (isOnline sits in the post path) from
// a local copy that Redis keeps current:
//
// - each node keeps the set of its online users in Redis (`node:<id>:users`), next to a liveness
//   key (`node:<id>:alive`), both expiring after `ttlMs` unless its heartbeat renews them, and
//   lists itself in `nodes`;
// - a user's first connection / last disconnection on a node is written to its set and then
//   published, so the others see it at once;
// - every heartbeat each node rewrites its own set whole and re-reads the others'. A node that
//   died without leaving stops renewing its keys, so its users go offline everywhere within
//   `ttlMs` plus one heartbeat. A node that leaves says so and is dropped at once.
//
// While Redis is away the copy is kept for `ttlMs`, then dropped: a user wrongly counted offline
// gets a push they might not have needed; one wrongly counted online would miss it.
import type { Logger } from 'pino';
import type { RedisLink } from './redis-link.js';
import type { ClusterMessage } from './cluster-messages.js';

export interface RedisPresenceOptions {
  link: RedisLink;
  nodeId: string;
  /** Prefix of every key (the cluster's namespace). */
  keyPrefix: string;
  /** How often this node renews its keys and re-reads the others' (default 3000 ms). */
  heartbeatMs: number;
  /** How long a node's keys outlive its last heartbeat (default 10 000 ms). */
  ttlMs: number;
  /** This node's online users (for the whole-set rewrite). */
  localUsers(): Iterable<string>;
  logger: Logger;
}

const SADD_CHUNK = 1000;

export class RedisPresence {
  private readonly remote = new Map<string, Set<string>>();
  /** Presence messages seen per node: a re-read that raced with one is not trusted. */
  private readonly changes = new Map<string, number>();
  private lastRead = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private beating: Promise<void> | undefined;
  private readonly keys: { nodes: string; alive(id: string): string; users(id: string): string };

  constructor(private readonly opts: RedisPresenceOptions) {
    const p = opts.keyPrefix;
    this.keys = { nodes: `${p}nodes`, alive: (id) => `${p}node:${id}:alive`, users: (id) => `${p}node:${id}:users` };
  }

  /** Writes this node's set and reads the others' once, then keeps doing it every heartbeat. */
  async start(): Promise<void> {
    await this.heartbeat();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.heartbeat(), this.opts.heartbeatMs);
    this.timer.unref();
  }

  isOnlineElsewhere(userId: string): boolean {
    for (const users of this.remote.values()) if (users.has(userId)) return true;
    return false;
  }

  /** This node's user went online or offline: written before it is published, so a re-read after the message sees it. */
  localChanged(userId: string, online: boolean): void {
    const { link } = this.opts;
    const users = this.keys.users(this.opts.nodeId);
    const write = online ? link.commands.multi().sadd(users, userId).pexpire(users, this.opts.ttlMs) : link.commands.multi().srem(users, userId);
    write.exec().catch((e: Error) => link.failed(e));
    link.send({ kind: 'presence', userId, online });
  }

  /** A message from another node. */
  received(message: ClusterMessage, from: string): void {
    if (message.kind === 'presence') {
      this.changes.set(from, (this.changes.get(from) ?? 0) + 1);
      let users = this.remote.get(from);
      if (!users) this.remote.set(from, (users = new Set()));
      if (message.online) users.add(message.userId);
      else users.delete(message.userId);
    } else if (message.kind === 'node_down') {
      this.remote.delete(from);
      this.changes.delete(from);
    }
  }

  /** Renews this node's keys and re-reads the others' (one at a time). */
  heartbeat(): Promise<void> {
    this.beating ??= this.beat().finally(() => (this.beating = undefined));
    return this.beating;
  }

  /** Leaves: this node's keys go, and the others drop its users at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.beating;
    const { link, nodeId } = this.opts;
    link.send({ kind: 'node_down' });
    try {
      await link.commands.multi().del(this.keys.alive(nodeId), this.keys.users(nodeId)).srem(this.keys.nodes, nodeId).exec();
    } catch {
      // Redis is away: the keys expire by themselves.
    }
  }

  private async beat(): Promise<void> {
    const { link, nodeId, ttlMs } = this.opts;
    try {
      const users = this.keys.users(nodeId);
      const mine = [...this.opts.localUsers()];
      const write = link.commands.multi().set(this.keys.alive(nodeId), '1', 'PX', ttlMs).del(users);
      for (let i = 0; i < mine.length; i += SADD_CHUNK) write.sadd(users, ...mine.slice(i, i + SADD_CHUNK));
      write.pexpire(users, ttlMs).sadd(this.keys.nodes, nodeId);
      throwOnError(await write.exec());

      const others = (await link.commands.smembers(this.keys.nodes)).filter((id) => id !== nodeId);
      const seen = new Map(others.map((id) => [id, this.changes.get(id) ?? 0] as const));
      const read = link.commands.pipeline();
      for (const id of others) read.exists(this.keys.alive(id)).smembers(this.keys.users(id));
      const replies = throwOnError(await read.exec());
      const dead: string[] = [];
      others.forEach((id, i) => {
        const alive = replies[2 * i] === 1;
        if (!alive) {
          dead.push(id);
          this.remote.delete(id);
          this.changes.delete(id);
        } else if ((this.changes.get(id) ?? 0) === seen.get(id)) {
          this.remote.set(id, new Set(replies[2 * i + 1] as string[]));
        }
      });
      // Nodes another node already removed: forget them here too (both maps, or they grow).
      for (const id of [...this.remote.keys(), ...this.changes.keys()]) {
        if (!seen.has(id)) {
          this.remote.delete(id);
          this.changes.delete(id);
        }
      }
      if (dead.length) {
        await link.commands.srem(this.keys.nodes, ...dead);
        this.opts.logger.info(`cluster: node${dead.length > 1 ? 's' : ''} ${dead.join(', ')} stopped renewing presence; their users are offline`);
      }
      this.lastRead = Date.now();
      link.succeeded();
    } catch (e) {
      link.failed(e as Error);
      if (Date.now() - this.lastRead > ttlMs) this.remote.clear();
    }
  }
}

/** A MULTI/pipeline reply's values; throws the first command error. */
function throwOnError(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new Error('the Redis transaction was aborted');
  for (const [err] of replies) if (err) throw err;
  return replies.map(([, v]) => v);
}
