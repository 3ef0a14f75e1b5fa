// The Mattermost WebSocket at /api/v4/websocket, as @mattermost/client's WebSocketClient expects:
// authenticate by the upgrade request's token or cookie, or by an `authentication_challenge`
// message; then a `hello` event with seq 0, events with consecutive `seq`, and replies carrying
// `seq_reply`. Messages of one connection are handled in order.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket, type RawData } from 'ws';
import type { Logger } from 'pino';
import { newId } from '../ids.js';
import type { Broadcast, EventHub } from './event-hub.js';

export interface WsIdentity {
  userId: string;
  sessionId: string;
}

export interface WebSocketHubOptions {
  authenticate(token: string): Promise<WsIdentity | undefined>;
  logger: Logger;
  serverVersion: string;
  /** Close connections that do not authenticate within this time (default 60 s). */
  authTimeoutMs?: number;
  /**
   * Cluster mode: is this session still valid? Asked for every connection's session now and then,
   * because a revocation on another node reaches this one over Redis only when Redis is up.
   */
  sessionValid?(sessionId: string): Promise<boolean>;
  /** How often sessionValid is asked (default 30 s). */
  sessionCheckMs?: number;
}

interface Conn {
  ws: WebSocket;
  id: string;
  seq: number;
  identity: WsIdentity | undefined;
  queue: Promise<void>;
  alive: boolean;
  authTimer: NodeJS.Timeout | undefined;
}

const MAX_MESSAGE_BYTES = 64 * 1024;

export class WebSocketHub implements EventHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly byUser = new Map<string, Set<Conn>>();
  private readonly all = new Set<Conn>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly sessionCheck: NodeJS.Timeout | undefined;
  private readonly presenceListeners = new Set<(userId: string, online: boolean) => void>();

  constructor(private readonly opts: WebSocketHubOptions) {
    this.heartbeat = setInterval(() => this.sweep(), 30_000);
    const valid = opts.sessionValid;
    if (valid) this.sessionCheck = setInterval(() => void this.closeRevoked(valid), opts.sessionCheckMs ?? 30_000);
    this.heartbeat.unref();
  }

  /** Takes over an HTTP upgrade; `token` comes from the request's Authorization header or cookie. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, token: string | undefined): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const conn: Conn = { ws, id: newId(), seq: 0, identity: undefined, queue: Promise.resolve(), alive: true, authTimer: undefined };
      this.all.add(conn);
      conn.authTimer = setTimeout(() => conn.identity === undefined && ws.close(1008, 'authentication required'), this.opts.authTimeoutMs ?? 60_000);
      ws.on('pong', () => (conn.alive = true));
      ws.on('message', (data, isBinary) => {
        conn.queue = conn.queue.then(() => this.onMessage(conn, data, isBinary)).catch((e: Error) => this.opts.logger.warn({ err: e }, 'websocket message failed'));
      });
      ws.on('close', () => this.drop(conn));
      ws.on('error', () => this.drop(conn));
      if (token) conn.queue = conn.queue.then(() => this.tryAuthenticate(conn, token)).then(() => undefined);
    });
  }

  publish(event: string, data: Record<string, unknown>, userIds: Iterable<string>, broadcast: Partial<Broadcast> = {}): void {
    const b: Broadcast = { omit_users: null, user_id: '', channel_id: '', team_id: '', ...broadcast };
    for (const userId of new Set(userIds)) {
      for (const conn of this.byUser.get(userId) ?? []) this.send(conn, { event, data, broadcast: b });
    }
  }

  isOnline(userId: string): boolean {
    return (this.byUser.get(userId)?.size ?? 0) > 0;
  }

  closeSession(sessionId: string): void {
    for (const conn of this.all) if (conn.identity?.sessionId === sessionId) conn.ws.close(1000, 'session revoked');
  }

  /** Users with at least one authenticated connection here. */
  onlineUserIds(): IterableIterator<string> {
    return this.byUser.keys();
  }

  /** Called when a user's first connection here authenticates (true) and their last one closes (false). */
  onPresence(listener: (userId: string, online: boolean) => void): () => void {
    this.presenceListeners.add(listener);
    return () => void this.presenceListeners.delete(listener);
  }

  connectionCount(): number {
    return this.all.size;
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.sessionCheck);
    for (const conn of this.all) conn.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(conn: Conn, msg: { event: string; data: Record<string, unknown>; broadcast: Broadcast }): void {
    if (conn.ws.readyState !== conn.ws.OPEN) return;
    conn.ws.send(JSON.stringify({ ...msg, seq: conn.seq++ }));
  }

  private reply(conn: Conn, seqReply: number, body: Record<string, unknown>): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify({ ...body, seq_reply: seqReply }));
  }

  private async tryAuthenticate(conn: Conn, token: string): Promise<boolean> {
    if (conn.identity) return true;
    const identity = await this.opts.authenticate(token);
    if (!identity || conn.ws.readyState !== conn.ws.OPEN) return false;
    conn.identity = identity;
    clearTimeout(conn.authTimer);
    let set = this.byUser.get(identity.userId);
    if (!set) this.byUser.set(identity.userId, (set = new Set()));
    set.add(conn);
    if (set.size === 1) this.presenceChanged(identity.userId, true);
    this.send(conn, {
      event: 'hello',
      data: { connection_id: conn.id, server_version: this.opts.serverVersion, server_hostname: '' },
      broadcast: { omit_users: null, user_id: identity.userId, channel_id: '', team_id: '' },
    });
    return true;
  }

  private async onMessage(conn: Conn, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return;
    let msg: { action?: unknown; seq?: unknown; data?: unknown };
    try {
      msg = JSON.parse(data.toString()) as typeof msg;
    } catch {
      return;
    }
    if (msg === null || typeof msg !== 'object') return;
    const seq = typeof msg.seq === 'number' ? msg.seq : 0;
    const action = typeof msg.action === 'string' ? msg.action : '';
    if (action === 'authentication_challenge') {
      const token = (msg.data as { token?: unknown } | undefined)?.token;
      const ok = typeof token === 'string' && (await this.tryAuthenticate(conn, token));
      this.reply(conn, seq, ok ? { status: 'OK' } : { status: 'FAIL', error: wsError('api.web_socket_router.bad_auth.app_error', 'Invalid or expired session.', 401) });
      return;
    }
    if (!conn.identity) {
      this.reply(conn, seq, { status: 'FAIL', error: wsError('api.web_socket_router.not_authenticated.app_error', 'The connection is not authenticated.', 401) });
      return;
    }
    if (action === 'ping') {
      this.reply(conn, seq, { status: 'OK', data: { text: 'pong', version: this.opts.serverVersion, server_time: Date.now(), node_id: '' } });
      return;
    }
    // Typing indicators, status requests and the like: accepted, nothing to report back.
    this.reply(conn, seq, { status: 'OK' });
  }

  private drop(conn: Conn): void {
    clearTimeout(conn.authTimer);
    this.all.delete(conn);
    if (conn.identity) {
      const set = this.byUser.get(conn.identity.userId);
      if (set?.delete(conn) && set.size === 0) {
        this.byUser.delete(conn.identity.userId);
        this.presenceChanged(conn.identity.userId, false);
      }
    }
  }

  private presenceChanged(userId: string, online: boolean): void {
    for (const l of this.presenceListeners) {
      try {
        l(userId, online);
      } catch (err) {
        this.opts.logger.error({ err }, 'presence listener failed');
      }
    }
  }

  private sweep(): void {
    for (const conn of this.all) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }

  /** Closes connections whose session was revoked (or whose user deactivated) while we did not hear of it. */
  private async closeRevoked(valid: (sessionId: string) => Promise<boolean>): Promise<void> {
    const sessions = new Set<string>();
    for (const conn of this.all) if (conn.identity) sessions.add(conn.identity.sessionId);
    for (const id of sessions) {
      try {
        if (!(await valid(id))) this.closeSession(id);
      } catch (err) {
        this.opts.logger.warn({ err }, 'websocket: could not check a session; will retry at the next sweep');
        return;
      }
    }
  }
}

function wsError(id: string, message: string, status: number) {
  return { id, message, detailed_error: '', request_id: '', status_code: status };
}
