// The seam between a chat-server node and the other nodes over the same database: what one node
// tells the others and hears from them. One implementation, over Redis pub/sub
// (redis-cluster.ts); without a cluster a node runs alone and nothing here is used.
import type { EventHub } from '../websocket/event-hub.js';

/** State kept in the database and cached in memory by each node. */
export type SharedState = 'config' | 'license';

/** This node's WebSocket hub, as the cluster sees it. */
export interface LocalEventHub extends EventHub {
  /** Users with a live connection on this node. */
  onlineUserIds(): Iterable<string>;
  /** Called when a user's first connection here opens (true) and their last one closes (false). */
  onPresence(listener: (userId: string, online: boolean) => void): () => void;
}

export interface Cluster {
  /** This node's name (also the name of its push outbox claims). */
  readonly nodeId: string;
  /** The EventHub services use: events, presence and session closes reach the connections of every node. */
  eventHub(local: LocalEventHub): EventHub;
  /** Tells the other nodes that `what` changed in the database (never throws, never waits). */
  changed(what: SharedState): void;
  /**
   * Runs `reload` when another node changed `what`, and after an outage of the cluster link
   * (a change may have been missed meanwhile).
   */
  onChanged(what: SharedState, reload: () => Promise<unknown>): void;
  /** Leaves the cluster: the other nodes see this node's users go offline at once. */
  close(): Promise<void>;
}
