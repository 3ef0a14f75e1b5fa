// createChatServer: storage (SQLite or PostgreSQL), services, the HTTP API and the WebSocket on
// one port; with a Redis URL, one node of several over the same database (cluster/). Everything
// it builds is closed by close().
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { openStore } from './store/open-store.js';
import type { Store } from './store/store.js';
import { DEFAULT_PASSWORD_COST, type PasswordCost } from './auth/passwords.js';
import type { PushNotifier } from './push/push-notifier.js';
import { createPushPipeline, type PushPipeline, type PushPipelineOptions } from './push/push-pipeline.js';
import { createServices, type Services } from './services/services.js';
import { WebSocketHub } from './websocket/websocket-hub.js';
import { buildHttpApp } from './http/http-app.js';
import { findToken } from './http/request-auth.js';
import { API_PREFIX } from './api/routes.js';
import { defaultServerConfig, type ServerConfig } from './config/server-config.js';
import { createConfigService, type ConfigService } from './services/config-service.js';
import { createLicenseService, type LicenseService } from './license/license-service.js';
import { createServerLog, type ServerLog } from './logging/server-log.js';
import { httpPushProxyClient } from './push/push-proxy-client.js';
import { loadTlsPair, type TlsFiles, type TlsPair } from './http/tls-files.js';
import type { EventHub } from './websocket/event-hub.js';
import type { Cluster } from './cluster/cluster.js';
import { connectRedisCluster } from './cluster/redis-cluster.js';
import { storedServerId } from './cluster/server-id.js';
import { newId } from './ids.js';

/** The Mattermost server version we present (X-Version-Id, WebSocket hello). */
export const SERVER_VERSION = '10.5.0.herald.false';

export interface ChatServerOptions {
  /** Holds herald.db when no database URL is given. */
  dataDir: string;
  /** postgres://… (else HERALD_DATABASE_URL is not read here: the CLI passes it). */
  databaseUrl?: string | undefined;
  port: number;
  host?: string;
  /** Console sink of the server log (its level is a floor); default stdout with HERALD_LOG_LEVEL as floor. */
  logger?: Logger;
  /** Defaults of the System Console config for this start (stored admin changes override them). */
  configDefaults?: { siteUrl?: string; pushServiceUrl?: string };
  /** The config saved on a first start only (no config stored yet), e.g. push on with TPNS. */
  initialConfig?: (defaults: ServerConfig) => ServerConfig;
  /** Ed25519 public key licenses are verified with (PEM or base64); default HERALD_LICENSE_PUBLIC_KEY. */
  licensePublicKey?: string;
  /** Seam for phase 2: called after each post is saved and each channel view. Default: the push pipeline. */
  notifier?: PushNotifier;
  /** Tuning of the default push pipeline (retry backoff, concurrency, lease; tests shorten them). */
  push?: Partial<Omit<PushPipelineOptions, 'store' | 'config' | 'logger' | 'isOnline'>>;
  passwordCost?: PasswordCost;
  sessionLengthMs?: number;
  maxBodyBytes?: number;
  /** The built web app served at `/` (e.g. @herald/app's webAppDir()); API stays under /api/v4. */
  webAppDir?: string;
  /** Mark session cookies Secure (behind TLS). */
  secureCookies?: boolean;
  /** Front proxies whose X-Forwarded-For/-Proto are believed (addresses or CIDRs); see HttpAppOptions. */
  trustedProxies?: string[];
  /** Native TLS: listen with HTTPS/WSS using these PEM files (reloadTls() re-reads them). Implies secureCookies. */
  tls?: TlsFiles;
  /** Hosted-mode push service key, sent as Authorization: Bearer (pushes, acks, trace look-ups). */
  pushServiceKey?: string;
  /** server_id sent with every push (a hosted push service binds it to the key); default the one stored in the database, created on the first start. */
  serverId?: string;
  /**
   * redis://… (the CLI reads HERALD_REDIS_URL): run as one node of several over the same
   * database; WebSocket events, presence, session closes, config and license changes reach every node.
   */
  redisUrl?: string;
  /** Cluster tuning (tests shorten them): presence heartbeat, and how long a silent node's users stay online. */
  cluster?: { heartbeatMs?: number; presenceTtlMs?: number; sessionCheckMs?: number };
  /** This process's name in the cluster and on its push outbox claims; default host name plus a random suffix. */
  nodeId?: string;
  now?: () => number;
}

export interface ChatServer {
  url: string;
  port: number;
  host: string;
  store: Store;
  services: Services;
  /** This node's WebSocket connections. */
  hub: WebSocketHub;
  /** What the services publish to and ask presence of: `hub`, or with a cluster every node's connections. */
  events: EventHub;
  /** Set when started with a redisUrl. */
  cluster: Cluster | undefined;
  /** The server_id pushes carry. */
  serverId: string;
  /** This process's name in the cluster and on its outbox claims. */
  nodeId: string;
  logger: Logger;
  /** The System Console config: what the push pipeline and the logger read (ConfigSource). */
  config: ConfigService;
  license: LicenseService;
  /** The server log (console and DATA/herald.log, levels from LogSettings). */
  log: ServerLog;
  notifier: PushNotifier;
  /** The push pipeline (undefined when a custom notifier was given). */
  push: PushPipeline | undefined;
  /** Re-reads the TLS certificate and key (SIGHUP); throws and keeps the previous pair when they do not load. */
  reloadTls(): Promise<void>;
  close(): Promise<void>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function createChatServer(opts: ChatServerOptions): Promise<ChatServer> {
  const host = opts.host ?? '127.0.0.1';
  // TLS first: a bad certificate stops the start before anything is opened.
  let tlsPair: TlsPair | undefined = opts.tls ? await loadTlsPair(opts.tls) : undefined;
  const log = createServerLog({ dataDir: opts.dataDir, console: opts.logger, consoleFloor: process.env.HERALD_LOG_LEVEL });
  const logger = log.logger;
  const now = opts.now ?? Date.now;
  const nodeId = opts.nodeId ?? `${hostname().slice(0, 32)}-${newId().slice(0, 8)}`;
  let store: Store;
  let config: ConfigService;
  let license: LicenseService;
  let cluster: Cluster | undefined;
  let serverId: string;
  try {
    store = await openStore({ dataDir: opts.dataDir, databaseUrl: opts.databaseUrl });
  } catch (e) {
    log.close();
    throw e;
  }
  try {
    const storedId = await storedServerId(store);
    serverId = opts.serverId ?? storedId;
    // Joined before config and license load, so no change another node makes after is missed.
    if (opts.redisUrl) {
      const c = await connectRedisCluster({ url: opts.redisUrl, namespace: storedId, nodeId, logger, ...opts.cluster });
      logger.info(`cluster: node ${nodeId} joined through Redis at ${c.url}`);
      cluster = c;
    }
    license = await createLicenseService({
      store,
      logger,
      now,
      publicKey: opts.licensePublicKey ?? process.env.HERALD_LICENSE_PUBLIC_KEY,
      changed: () => cluster?.changed('license'),
    });
    config = await createConfigService({
      store,
      logger,
      defaults: defaultServerConfig(opts.configDefaults),
      initial: opts.initialConfig,
      isLicensed: () => license.current() !== undefined,
      saved: () => cluster?.changed('config'),
    });
  } catch (e) {
    await cluster?.close();
    await store.close();
    log.close();
    throw e;
  }
  const unfollowConfig = log.follow(config);
  cluster?.onChanged('license', () => license.reload());
  cluster?.onChanged('config', () => config.reload());

  let hub: WebSocketHub | undefined;
  let events: EventHub | undefined;
  const push = opts.notifier
    ? undefined
    : createPushPipeline({
        store,
        config,
        logger,
        now,
        isOnline: (userId) => events?.isOnline(userId) ?? false,
        ...(opts.pushServiceKey ? { client: httpPushProxyClient(10_000, { key: opts.pushServiceKey }) } : {}),
        serverId,
        nodeId,
        ...opts.push,
      });
  const notifier: PushNotifier = opts.notifier ?? push!;
  const services = createServices({
    store,
    get hub() {
      return events!;
    },
    notifier,
    logger,
    passwordCost: opts.passwordCost ?? DEFAULT_PASSWORD_COST,
    sessionLengthMs: opts.sessionLengthMs ?? 30 * DAY_MS,
    now,
  }, { config, license, logs: log });
  hub = new WebSocketHub({
    logger,
    serverVersion: SERVER_VERSION,
    authenticate: async (token) => {
      const actor = await services.sessions.authenticate(token);
      return actor && { userId: actor.user.id, sessionId: actor.session.id };
    },
    ...(cluster
      ? {
          sessionValid: async (sessionId: string) => {
            const session = await store.sessions.get(sessionId);
            if (!session || session.expires_at <= now()) return false;
            const user = await store.users.get(session.user_id);
            return user !== undefined && user.delete_at === 0;
          },
          ...(opts.cluster?.sessionCheckMs ? { sessionCheckMs: opts.cluster.sessionCheckMs } : {}),
        }
      : {}),
  });
  events = cluster ? cluster.eventHub(hub) : hub;

  const app = buildHttpApp({
    services,
    notifier,
    logger,
    serverVersion: SERVER_VERSION,
    maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024,
    secureCookies: opts.secureCookies ?? opts.tls !== undefined,
    trustedProxies: opts.trustedProxies,
    webAppDir: opts.webAppDir,
    https: tlsPair && { cert: tlsPair.cert, key: tlsPair.key },
    pushServiceKey: opts.pushServiceKey,
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
    await notifier.close?.();
    await cluster?.close();
    await store.close();
    unfollowConfig();
    log.close();
    throw e;
  }
  const port = (app.server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const scheme = tlsPair ? 'https' : 'http';
  logger.info(`chat server listening on ${scheme}://${urlHost}:${port} (${store.engine}${tlsPair ? `; TLS certificate ${tlsPair.subject}, expires ${tlsPair.notAfter.toISOString()}` : ''})`);

  let closing: Promise<void> | undefined;
  return {
    url: `${scheme}://${urlHost}:${port}`,
    port,
    host,
    store,
    services,
    hub,
    events,
    cluster,
    serverId,
    nodeId,
    logger,
    config,
    license,
    log,
    notifier,
    push,
    async reloadTls() {
      if (!opts.tls) return;
      const pair = await loadTlsPair(opts.tls);
      (app.server as unknown as import('node:tls').Server).setSecureContext({ cert: pair.cert, key: pair.key });
      tlsPair = pair;
      logger.info(`reloaded the TLS certificate (${pair.subject}, expires ${pair.notAfter.toISOString()})`);
    },
    close() {
      closing ??= (async () => {
        await hub!.close();
        await app.close();
        await notifier.close?.();
        await cluster?.close();
        await store.close();
        unfollowConfig();
        log.close();
      })();
      return closing;
    },
  };
}
