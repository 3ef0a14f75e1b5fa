// A node's two Redis connections: `commands` (publishes and presence keys) and one subscriber
// on the cluster channel. Neither ever queues while Redis is away (a post must not wait on it):
// a command then fails at once, and the outage is logged once, when it starts, and once when it
// ends. On reconnect the subscriber subscribes again, and only once that is confirmed do the
// resync handlers run (presence rewritten, config and license re-read), so nothing published
// after the catch-up can be missed.
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import { decodeMessage, encodeMessage, type ClusterMessage } from './cluster-messages.js';

export interface RedisLinkOptions {
  /** redis://[:password@]host[:port][/db] or rediss:// */
  url: string;
  /** The pub/sub channel every node of this cluster shares. */
  channel: string;
  nodeId: string;
  logger: Logger;
  /** How long start-up waits for Redis (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Bound on one command once running (default 1000 ms). */
  commandTimeoutMs?: number;
}

/** The URL with any password replaced, for errors and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.href.replace(/\/$/, '');
  } catch {
    return '(not a URL)';
  }
}

export class RedisLink {
  /** False from the first failure of an outage until both connections are back and subscribed. */
  private up = true;
  private closing = false;
  private commandsReady = true;
  private subscribed = true;
  private subscribing = false;
  private readonly messageHandlers: ((message: ClusterMessage, from: string) => void)[] = [];
  private readonly resyncHandlers: (() => void)[] = [];

  private constructor(
    readonly commands: Redis,
    private readonly sub: Redis,
    private readonly opts: RedisLinkOptions,
    /** The URL with the password hidden. */
    readonly shownUrl: string,
  ) {}

  /** Connects and subscribes; rejects naming the URL (password hidden) when Redis cannot be used. */
  static async connect(opts: RedisLinkOptions): Promise<RedisLink> {
    const shown = describeRedisUrl(opts.url);
    if (!/^rediss?:\/\//i.test(opts.url)) {
      throw new Error(`HERALD_REDIS_URL: expected redis://host:port or rediss://host:port, got ${shown === '(not a URL)' ? JSON.stringify(opts.url.slice(0, 64)) : shown}`);
    }
    let started = false;
    const options: RedisOptions = {
      lazyConnect: true,
      connectTimeout: opts.connectTimeoutMs ?? 5000,
      commandTimeout: opts.commandTimeoutMs ?? 1000,
      // Fail at once while Redis is away instead of queueing behind it (and never replay a
      // publish that may already have gone out: a WebSocket would get the event twice).
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      autoResendUnfulfilledCommands: false,
      // Resubscribing is ours (resubscribe()), to know when it is done.
      autoResubscribe: false,
      disconnectTimeout: 200,
      // None during start-up (the error is reported at once); afterwards forever, backing off to 1 s.
      retryStrategy: (times) => (started ? Math.min(100 * times, 1000) : null),
    };
    const commands = new Redis(opts.url, { ...options, connectionName: `herald-${opts.nodeId}` });
    const sub = new Redis(opts.url, { ...options, connectionName: `herald-${opts.nodeId}-sub` });
    let firstError: Error | undefined;
    const early = (e: Error) => void (firstError ??= e);
    commands.on('error', early);
    sub.on('error', early);
    try {
      await Promise.all([commands.connect(), sub.connect()]);
      await sub.subscribe(opts.channel);
    } catch (e) {
      commands.disconnect();
      sub.disconnect();
      throw new Error(`HERALD_REDIS_URL: cannot use Redis at ${shown} for the cluster: ${(firstError ?? (e as Error)).message}`);
    }
    commands.off('error', early);
    sub.off('error', early);
    started = true;
    const link = new RedisLink(commands, sub, opts, shown);
    link.watch();
    return link;
  }

  /** Publishes to every other node; never throws, never waits. */
  send(message: ClusterMessage): void {
    if (!this.commandsReady) return; // an outage, already logged
    this.commands.publish(this.opts.channel, encodeMessage(this.opts.nodeId, message)).catch((e: Error) => this.failed(e));
  }

  /** Messages from the other nodes (a node never hears its own). */
  onMessage(handler: (message: ClusterMessage, from: string) => void): void {
    this.messageHandlers.push(handler);
  }

  /** Runs after an outage, once subscribed again: whatever was published meanwhile is lost. */
  onResync(handler: () => void): void {
    this.resyncHandlers.push(handler);
  }

  /** A command failed: starts an outage (logged once). */
  failed(err: Error): void {
    if (this.closing) return;
    if (this.up) {
      this.up = false;
      this.opts.logger.warn(
        `cluster: Redis at ${this.shownUrl} is unreachable (${err.message}); WebSocket events, presence and config changes stay on this node until it is back`,
      );
    }
  }

  /** A command went through: ends an outage that did not drop the connections (e.g. timeouts). */
  succeeded(): void {
    if (this.up || this.closing) return;
    if (!this.subscribed && this.sub.status === 'ready') this.resubscribe();
    this.maybeUp();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [this.commands, this.sub].map(async (c) => {
        try {
          await c.quit();
        } catch {
          c.disconnect();
        }
      }),
    );
  }

  private watch(): void {
    for (const conn of [this.commands, this.sub]) {
      conn.on('error', (e: Error) => this.failed(e));
      conn.on('close', () => {
        if (conn === this.commands) this.commandsReady = false;
        else this.subscribed = false;
        this.failed(new Error('connection closed'));
      });
    }
    this.commands.on('ready', () => {
      this.commandsReady = true;
      this.maybeUp();
    });
    this.sub.on('ready', () => this.resubscribe());
    this.sub.on('message', (channel: string, text: string) => {
      if (channel !== this.opts.channel) return;
      const d = decodeMessage(text);
      if (!d || d.from === this.opts.nodeId) return;
      for (const h of this.messageHandlers) {
        try {
          h(d.message, d.from);
        } catch (err) {
          this.opts.logger.error({ err }, `cluster: handling a ${d.message.kind} message failed`);
        }
      }
    });
  }

  private resubscribe(): void {
    if (this.subscribing || this.closing) return;
    this.subscribing = true;
    this.sub.subscribe(this.opts.channel).then(
      () => {
        this.subscribing = false;
        this.subscribed = true;
        this.maybeUp();
      },
      (e: Error) => {
        this.subscribing = false;
        this.failed(e);
      },
    );
  }

  private maybeUp(): void {
    if (this.up || this.closing || !this.commandsReady || !this.subscribed) return;
    this.up = true;
    this.opts.logger.info(`cluster: Redis at ${this.shownUrl} is back; resubscribed, catching up on presence, config and license`);
    for (const h of this.resyncHandlers) {
      try {
        h();
      } catch (err) {
        this.opts.logger.error({ err }, 'cluster: resync failed');
      }
    }
  }
}
