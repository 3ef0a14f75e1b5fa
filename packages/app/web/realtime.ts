// The Mattermost WebSocket: token challenge, events, reconnect with backoff. After a reconnect
// (network loss, sleep) `onReconnect` runs so the app catches up on what it missed. When the page
// becomes visible again a ping checks the connection at once instead of waiting for a timeout.
export interface WsEvent {
  event: string;
  data: Record<string, unknown>;
  broadcast: { channel_id: string; team_id: string; user_id: string };
}

export class Realtime {
  private ws: WebSocket | undefined;
  private seq = 1;
  private attempts = 0;
  private everConnected = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;
  private hidden = false;

  constructor(
    private readonly url: string,
    private readonly token: string,
    private readonly on: {
      event(e: WsEvent): void;
      status(s: 'connecting' | 'online' | 'offline'): void;
      /** The connection is back after a loss: what happened meanwhile was not heard. */
      reconnected(): void;
      /**
       * The page is visible again after being hidden. The connection reopens once what this
       * returns has settled (at most a second later): on a slow phone, its handshake and catch-up
       * would otherwise compete with showing that first answer.
       */
      resumed(): Promise<unknown> | undefined;
    },
  ) {
    addEventListener('online', this.wake);
    document.addEventListener('visibilitychange', this.onVisible);
    this.open();
  }

  /** In the background the app goes offline, as the mobile apps do: the server then pushes. */
  private readonly onVisible = () => {
    if (document.visibilityState === 'visible') {
      const first = this.hidden ? this.on.resumed() : undefined;
      this.hidden = false;
      if (!first) return this.wake();
      this.on.status('connecting');
      const later = setTimeout(this.wake, 1000);
      // After the frame that shows the answer: opening the socket (and the status re-render it
      // brings) would otherwise run between the answer's render and its paint.
      void first.finally(() => {
        clearTimeout(later);
        requestAnimationFrame(() => setTimeout(this.wake, 0));
      });
      return;
    }
    this.hidden = true;
    clearTimeout(this.timer);
    clearTimeout(this.pingTimer);
    const ws = this.ws;
    this.ws = undefined;
    ws?.close(1000, 'app in background');
    this.on.status('offline');
  };

  /** Checks the connection now: reconnects at once when it is gone or does not answer a ping. */
  readonly wake = () => {
    if (this.stopped) return;
    const ws = this.ws;
    if (document.visibilityState === 'hidden') return;
    if (!ws || ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING) {
      clearTimeout(this.timer);
      this.attempts = 0;
      this.open();
      return;
    }
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify({ action: 'ping', seq: this.seq++ }));
    clearTimeout(this.pingTimer);
    this.pingTimer = setTimeout(() => {
      if (this.ws === ws) ws.close();
    }, 2000);
  };

  private open(): void {
    this.on.status('connecting');
    const ws = new WebSocket(this.url.replace(/^http/, 'ws') + '/api/v4/websocket');
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ action: 'authentication_challenge', seq: this.seq++, data: { token: this.token } }));
    ws.onmessage = (m) => {
      clearTimeout(this.pingTimer);
      let msg: Partial<WsEvent> & { seq_reply?: number };
      try {
        msg = JSON.parse(String(m.data)) as typeof msg;
      } catch {
        return;
      }
      if (msg.event === 'hello') {
        this.attempts = 0;
        this.on.status('online');
        if (this.everConnected) this.on.reconnected();
        this.everConnected = true;
        return;
      }
      if (msg.event) this.on.event(msg as WsEvent);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.on.status('offline');
      if (this.stopped || document.visibilityState === 'hidden') return;
      const delay = Math.min(30_000, 500 * 2 ** this.attempts++) * (0.8 + Math.random() * 0.4);
      this.timer = setTimeout(() => this.open(), delay);
    };
  }

  close(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.pingTimer);
    removeEventListener('online', this.wake);
    document.removeEventListener('visibilitychange', this.onVisible);
    this.ws?.close();
  }
}
