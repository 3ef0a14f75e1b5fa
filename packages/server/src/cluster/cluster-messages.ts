// What nodes say to each other on the cluster channel, and its wire form: one JSON object
// {"n": sending node, "m": message}. Decoding checks the shape, so a stray publish on the
// channel (another tool, an older version) is dropped instead of reaching the WebSockets.
import type { Broadcast } from '../websocket/event-hub.js';
import type { SharedState } from './cluster.js';

export type ClusterMessage =
  /** A WebSocket event for these users' connections on every node. */
  | { kind: 'event'; event: string; data: Record<string, unknown>; userIds: string[]; broadcast: Partial<Broadcast> }
  /** A session was revoked or logged out: close its connections everywhere. */
  | { kind: 'close_session'; sessionId: string }
  /** A user's first connection on the sender opened, or the last one closed. */
  | { kind: 'presence'; userId: string; online: boolean }
  /** The sender stored a change of `what`: re-read it. */
  | { kind: 'changed'; what: SharedState }
  /** The sender is leaving: its users are offline there. */
  | { kind: 'node_down' };

export function encodeMessage(from: string, m: ClusterMessage): string {
  return JSON.stringify({ n: from, m });
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

/** The sender and message, or undefined when `text` is not a cluster message. */
export function decodeMessage(text: string): { from: string; message: ClusterMessage } | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(raw) || !isString(raw.n) || !isObject(raw.m)) return undefined;
  const m = raw.m;
  const ok = (message: ClusterMessage) => ({ from: raw.n as string, message });
  switch (m.kind) {
    case 'event':
      if (!isString(m.event) || !isObject(m.data) || !Array.isArray(m.userIds) || !m.userIds.every(isString)) return undefined;
      if (m.broadcast !== undefined && !isObject(m.broadcast)) return undefined;
      return ok({ kind: 'event', event: m.event, data: m.data, userIds: m.userIds, broadcast: (m.broadcast ?? {}) as Partial<Broadcast> });
    case 'close_session':
      return isString(m.sessionId) ? ok({ kind: 'close_session', sessionId: m.sessionId }) : undefined;
    case 'presence':
      return isString(m.userId) && typeof m.online === 'boolean' ? ok({ kind: 'presence', userId: m.userId, online: m.online }) : undefined;
    case 'changed':
      return m.what === 'config' || m.what === 'license' ? ok({ kind: 'changed', what: m.what }) : undefined;
    case 'node_down':
      return ok({ kind: 'node_down' });
    default:
      return undefined;
  }
}
