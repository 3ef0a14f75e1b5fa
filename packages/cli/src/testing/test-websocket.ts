// Client4's WebSocketClient (what the apps use) on a chat server or through nginx (WSS, trusting a
// throwaway CA), keeping every event with the time it arrived, and when connections opened and
// closed. Reconnects are off unless asked for (`reconnectMs`): then the client reconnects as an app
// does, after reconnectMs plus up to reconnectMs of jitter. Like the apps, it listens for "missed
// messages" (a reconnect that got a new connection, e.g. on another node, where an app would
// re-sync): without that listener the client never takes a new connection's sequence and loops.
import { WebSocket } from 'ws';
import { WebSocketClient } from '@herald/server/testing/client4';
import type { WsMsg } from '@herald/server/testing/websocket-client';

export type { WsMsg };
export type TimedMsg = WsMsg & { at: number };

// The client builds a CloseEvent for a ping timeout or a sequence gap; Node 20 has none.
(globalThis as { CloseEvent?: unknown }).CloseEvent ??= class CloseEvent extends Event {
  readonly code: number;
  readonly wasClean: boolean;
  constructor(type: string, init: { code?: number; wasClean?: boolean } = {}) {
    super(type);
    this.code = init.code ?? 0;
    this.wasClean = init.wasClean ?? false;
  }
};

export interface TestSocket {
  ws: InstanceType<typeof WebSocketClient>;
  events: TimedMsg[];
  /** When each connection was established (its `hello` arrived). */
  hellos: number[];
  /** When each connection closed. */
  closes: number[];
  /** When a reconnect got a new connection (the server did not resume the old one), where an app re-syncs. */
  resyncs: number[];
  /** The first event named `event` (already received or the next one), matching `pred` if given. */
  next(event: string, pred?: (m: WsMsg) => boolean, timeoutMs?: number): Promise<TimedMsg>;
  /** How many events named `event` (matching `pred`) arrived so far. */
  count(event: string, pred?: (m: WsMsg) => boolean): number;
  close(): void;
}

export interface ConnectOptions {
  /** A CA to trust for wss:// (a throwaway one in front of nginx). */
  ca?: string;
  /** Reconnect after a close like an app (this many ms plus jitter); default: no reconnect. */
  reconnectMs?: number;
}

/** `url` is the server's http(s):// origin; the socket goes to /api/v4/websocket there. */
export function connectTestWebSocket(url: string, token: string, opts: ConnectOptions = {}): TestSocket {
  const retry = opts.reconnectMs !== undefined ? { minWebSocketRetryTime: opts.reconnectMs, reconnectJitterRange: opts.reconnectMs } : { minWebSocketRetryTime: 600_000 };
  const ws = new WebSocketClient({ newWebSocketFn: (u: string) => new WebSocket(u, opts.ca ? { ca: opts.ca } : {}) as never, ...retry } as never);
  const events: TimedMsg[] = [];
  const hellos: number[] = [];
  const closes: number[] = [];
  const resyncs: number[] = [];
  let waiters: Array<{ match: (m: WsMsg) => boolean; resolve: (m: TimedMsg) => void }> = [];
  ws.addMessageListener((raw) => {
    const m = { ...(raw as unknown as WsMsg), at: Date.now() };
    if (m.event === 'hello') hellos.push(m.at);
    events.push(m);
    waiters = waiters.filter((w) => (w.match(m) ? (w.resolve(m), false) : true));
  });
  ws.addCloseListener(() => void closes.push(Date.now()));
  ws.addMissedMessageListener(() => void resyncs.push(Date.now()));
  ws.initialize(`${url.replace(/^http/, 'ws')}/api/v4/websocket`, token);
  return {
    ws,
    events,
    hellos,
    closes,
    resyncs,
    next(event, pred = () => true, timeoutMs = 10_000) {
      const match = (m: WsMsg) => m.event === event && pred(m);
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<TimedMsg>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${event} event within ${timeoutMs} ms (got ${events.map((m) => m.event).join(', ')})`)), timeoutMs);
        waiters.push({ match, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
    count: (event, pred = () => true) => events.filter((m) => m.event === event && pred(m)).length,
    close: () => ws.close(),
  };
}

/** The post id of a `posted` event. */
export function postedId(m: WsMsg): string | undefined {
  if (m.event !== 'posted' || typeof m.data?.post !== 'string') return undefined;
  return (JSON.parse(m.data.post) as { id?: string }).id;
}
