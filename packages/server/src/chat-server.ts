// createChatServer: storage (SQLite or PostgreSQL), services, the HTTP API and the WebSocket on
// one port. Everything it builds is closed by close().
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { DEFAULT_PASSWORD_COST, type PasswordCost } from './auth/passwords.js';
import { noPushNotifier, type PushNotifier } from './push/push-notifier.js';
import { createServices, type Services } from './services/services.js';
import { WebSocketHub } from './websocket/websocket-hub.js';
import { buildHttpApp } from './http/http-app.js';
import { findToken } from './http/request-auth.js';
import { API_PREFIX } from './api/routes.js';

/** The Mattermost server version we present (X-Version-Id, WebSocket hello). */
export const SERVER_VERSION = '10.5.0.herald.false';

export interface ChatServerOptions {
  /** Holds herald.db when no database URL is given. */
  dataDir: string;
  /** postgres://… (else HERALD_DATABASE_URL is not read here: the CLI passes it). */
  databaseUrl?: string | undefined;
  port: number;
  host?: string;
  logger?: Logger;
  /** Seam for phase 2: called after each post is saved and each channel view. */
  notifier?: PushNotifier;
  passwordCost?: PasswordCost;
  sessionLengthMs?: number;
  maxBodyBytes?: number;
  /** Mark session cookies Secure (behind TLS). */
  secureCookies?: boolean;
  now?: () => number;
}

export interface ChatServer {
  url: string;
  port: number;
  host: string;
  store: Store;
  services: Services;
  hub: WebSocketHub;
  logger: Logger;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createChatServer(opts: ChatServerOptions): Promise<ChatServer> {
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? pino({ level: process.env.HERALD_LOG_LEVEL ?? 'info', base: undefined });
  const notifier = opts.notifier ?? noPushNotifier;
  const store = await openStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });

  let hub: WebSocketHub | undefined;
  const services = createServices({
    store,
    get hub() {
      return hub!;
    },
    notifier,
    logger,
    passwordCost: opts.passwordCost ?? DEFAULT_PASSWORD_COST,
    sessionLengthMs: opts.sessionLengthMs ?? 30 * DAY_MS,
    now: opts.now ?? Date.now,
  });
  hub = new WebSocketHub({
    logger,
    serverVersion: SERVER_VERSION,
    authenticate: async (token) => {
      const actor = await services.sessions.authenticate(token);
      return actor && { userId: actor.user.id, sessionId: actor.session.id };
    },
  });

  const app = buildHttpApp({
    services,
    notifier,
    logger,
    serverVersion: SERVER_VERSION,
    maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024,
    secureCookies: opts.secureCookies ?? false,
  });
  app.server.on('upgrade', (req, socket, head) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== `${API_PREFIX}/websocket`) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    hub!.handleUpgrade(req, socket, head, findToken(req.headers, undefined)?.token);
  });

  try {
    await app.listen({ port: opts.port, host });
  } catch (e) {
    await hub.close();
    await store.close();
    throw e;
  }
  const port = (app.server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  logger.info(`chat server listening on http://${urlHost}:${port} (${store.engine})`);

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    host,
    store,
    services,
    hub,
    logger,
    close() {
      closing ??= (async () => {
        await hub!.close();
        await app.close();
        await notifier.close?.();
        await store.close();
      })();
      return closing;
    },
  };
}
