// The Cluster over Redis: one pub/sub channel and a few presence keys per cluster, all under
// `herald:<namespace>:` where the namespace is the database's server id, so two Herald clusters
// sharing one Redis never hear each other, and nodes over the same database always meet.
import type { Logger } from 'pino';
import type { EventHub } from '../websocket/event-hub.js';
import type { Cluster, LocalEventHub, SharedState } from './cluster.js';
import { ClusterHub } from './cluster-hub.js';
import { RedisLink } from './redis-link.js';
import { RedisPresence } from './redis-presence.js';

export interface RedisClusterOptions {
  url: string;
  /** Shared by every node of the cluster (the stored server id). */
  namespace: string;
  nodeId: string;
  logger: Logger;
  /** Presence heartbeat (default 3000 ms). */
  heartbeatMs?: number;
  /** How long a silent node's users stay online elsewhere (default 10 000 ms). */
  presenceTtlMs?: number;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
}

export const DEFAULT_HEARTBEAT_MS = 3000;
export const DEFAULT_PRESENCE_TTL_MS = 10_000;

/** Connects and subscribes (rejects naming the URL when Redis cannot be used); then eventHub() joins. */
export async function connectRedisCluster(opts: RedisClusterOptions): Promise<Cluster & { readonly url: string }> {
  const prefix = `herald:${opts.namespace}:`;
  const { nodeId, logger } = opts;
  const link = await RedisLink.connect({
    url: opts.url,
    channel: `${prefix}bus`,
    nodeId,
    logger,
    ...(opts.connectTimeoutMs !== undefined ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    ...(opts.commandTimeoutMs !== undefined ? { commandTimeoutMs: opts.commandTimeoutMs } : {}),
  });
  const reloads = new Map<SharedState, (() => Promise<unknown>)[]>();
  const reload = (what: SharedState) => {
    for (const fn of reloads.get(what) ?? []) {
      fn().catch((err: Error) => logger.warn(`cluster: re-reading the ${what} another node changed failed: ${err.message}`));
    }
  };
  let hub: ClusterHub | undefined;
  let presence: RedisPresence | undefined;
  let unfollow: (() => void) | undefined;

  link.onMessage((message, from) => {
    if (message.kind === 'changed') reload(message.what);
    else if (message.kind === 'presence' || message.kind === 'node_down') presence?.received(message, from);
    else hub?.received(message);
  });
  // Whatever was published during an outage is lost: re-read what could have changed.
  link.onResync(() => {
    void presence?.heartbeat();
    reload('config');
    reload('license');
  });

  return {
    nodeId,
    url: link.shownUrl,
    eventHub(local: LocalEventHub): EventHub {
      if (hub) throw new Error('cluster: eventHub() joins once per node');
      presence = new RedisPresence({
        link,
        nodeId,
        keyPrefix: prefix,
        heartbeatMs: opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS,
        ttlMs: opts.presenceTtlMs ?? DEFAULT_PRESENCE_TTL_MS,
        localUsers: () => local.onlineUserIds(),
        logger,
      });
      unfollow = local.onPresence((userId, online) => presence!.localChanged(userId, online));
      void presence.start();
      const p = presence;
      hub = new ClusterHub(local, { send: (m) => link.send(m), isOnlineElsewhere: (id) => p.isOnlineElsewhere(id) });
      return hub;
    },
    changed(what) {
      link.send({ kind: 'changed', what });
    },
    onChanged(what, fn) {
      reloads.set(what, [...(reloads.get(what) ?? []), fn]);
    },
    async close() {
      unfollow?.();
      await presence?.stop();
      await link.close();
    },
  };
}
