// The EventHub of a node in a cluster: everything goes to this node's own connections first
// (so a cluster outage never stops local delivery), then to the other nodes, which deliver to
// theirs. A node ignores its own messages, so each connection gets each event exactly once.
import type { Broadcast, EventHub } from '../websocket/event-hub.js';
import type { LocalEventHub } from './cluster.js';
import type { ClusterMessage } from './cluster-messages.js';

export interface ClusterHubLink {
  /** Fire and forget; failures are the link's to report. */
  send(message: ClusterMessage): void;
  /** Whether the user has a live connection on some other node. */
  isOnlineElsewhere(userId: string): boolean;
}

export class ClusterHub implements EventHub {
  constructor(
    private readonly local: LocalEventHub,
    private readonly link: ClusterHubLink,
  ) {}

  publish(event: string, data: Record<string, unknown>, userIds: Iterable<string>, broadcast: Partial<Broadcast> = {}): void {
    const ids = [...new Set(userIds)];
    if (ids.length === 0) return;
    this.local.publish(event, data, ids, broadcast);
    this.link.send({ kind: 'event', event, data, userIds: ids, broadcast });
  }

  isOnline(userId: string): boolean {
    return this.local.isOnline(userId) || this.link.isOnlineElsewhere(userId);
  }

  closeSession(sessionId: string): void {
    this.local.closeSession(sessionId);
    this.link.send({ kind: 'close_session', sessionId });
  }

  /** A message from another node. */
  received(message: ClusterMessage): void {
    if (message.kind === 'event') this.local.publish(message.event, message.data, message.userIds, message.broadcast);
    else if (message.kind === 'close_session') this.local.closeSession(message.sessionId);
  }
}
