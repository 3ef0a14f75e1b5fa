// Test helper: Client4's WebSocketClient on a chat server, keeping every event it receives, with
// waits for an event (or for the socket to close). Reconnects are pushed out of the test's way.
import { WebSocket } from 'ws';
import { WebSocketClient } from './client4.js';

export interface WsMsg {
  event?: string;
  data?: Record<string, unknown>;
  broadcast?: Record<string, unknown>;
  seq?: number;
}

export interface TestSocket {
  ws: InstanceType<typeof WebSocketClient>;
  events: WsMsg[];
  /** The first event named `event` (already received or the next one), matching `pred` if given. */
  next(event: string, pred?: (m: WsMsg) => boolean, timeoutMs?: number): Promise<WsMsg>;
  /** How many events named `event` arrived so far. */
  count(event: string): number;
  /** Resolves when the server closes the socket. */
  closed(timeoutMs?: number): Promise<void>;
  close(): void;
}

export function connectWebSocket(url: string, token: string): TestSocket {
  const ws = new WebSocketClient({ newWebSocketFn: (u: string) => new WebSocket(u) as never, minWebSocketRetryTime: 600_000 } as never);
  const events: WsMsg[] = [];
  let waiters: Array<{ pred: (m: WsMsg) => boolean; resolve: (m: WsMsg) => void }> = [];
  let closes: Array<() => void> = [];
  let isClosed = false;
  ws.addMessageListener((raw) => {
    const m = raw as unknown as WsMsg;
    events.push(m);
    waiters = waiters.filter((w) => (w.pred(m) ? (w.resolve(m), false) : true));
  });
  ws.addCloseListener(() => {
    isClosed = true;
    for (const c of closes) c();
    closes = [];
  });
  ws.initialize(url.replace(/^http/, 'ws') + '/api/v4/websocket', token);
  return {
    ws,
    events,
    next(event, pred = () => true, timeoutMs = 5000) {
      const match = (m: WsMsg) => m.event === event && pred(m);
      const found = events.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<WsMsg>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no ${event} event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ pred: match, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
    count: (event) => events.filter((m) => m.event === event).length,
    closed(timeoutMs = 5000) {
      if (isClosed) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`the WebSocket was not closed within ${timeoutMs} ms`)), timeoutMs);
        closes.push(() => (clearTimeout(t), resolve()));
      });
    },
    close: () => ws.close(),
  };
}
