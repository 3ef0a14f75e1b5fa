// What services need from the live-event side: publish Mattermost WebSocket events to users,
// ask who is online (for @here and push_status), and drop connections of a revoked session.
// One node: the WebSocketHub itself; several nodes: cluster/cluster-hub.ts, which does the same
// for the connections of every node.

export interface Broadcast {
  omit_users: Record<string, boolean> | null;
  user_id: string;
  channel_id: string;
  team_id: string;
}

export interface EventHub {
  /** Sends `event` with `data` to every connection of the given users. */
  publish(event: string, data: Record<string, unknown>, userIds: Iterable<string>, broadcast?: Partial<Broadcast>): void;
  isOnline(userId: string): boolean;
  closeSession(sessionId: string): void;
}
