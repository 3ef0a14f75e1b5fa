// Composition root of the push service: config -> providers -> HTTP server, plus the signals an
// operator expects (SIGHUP reloads keys and certificates, SIGTERM drains and stops).
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server as TlsServer } from 'node:tls';
import type { DestinationStream } from 'pino';
import { loadConfigFile } from './config/load-config.js';
import { ConfigError } from './config/parse-config.js';
import type { HeraldConfig } from './config/schema.js';
import { retryPolicyFromConfig, type RetryPolicy } from './delivery/send-with-retry.js';
import { createPushServer, type BuildInfo, type PushServer } from './http/push-server.js';
import { RedisRateLimiter, describeRedisUrl } from './http/redis-rate-limiter.js';
import { MemoryRateLimiter, type RateLimiter } from './http/throttle.js';
import { createLogger, type Logger } from './observability/logger.js';
import { PushMetrics } from './observability/metrics.js';
import { ApnsProvider } from './providers/apns/apns-provider.js';
import { ProviderRegistry } from './providers/provider-registry.js';
import { checkProxyEnv, describeProxy } from './transport/proxy.js';
import { FeedbackWebhook } from './feedback/feedback-webhook.js';
import { HostedGate } from './modes/hosted-gate.js';
import { HostedKeyring, hostedKeysPath } from './modes/hosted-keys.js';
import { checkModeConfig, effectiveConfig, TEST_MODE_HEADER, TEST_MODE_HEADER_VALUE, TEST_MODE_WARNING } from './modes/mode-policy.js';
import { Relay } from './modes/relay.js';
import { loadTlsPair, reloadTls, type TlsPair } from './tls/tls-files.js';
import { TraceStore } from './trace/trace-store.js';

export interface PushServiceOptions {
  /** Path of the mattermost-push-proxy JSON config. */
  configPath?: string;
  /** Or an already parsed config (tests, `herald start`). */
  config?: HeraldConfig;
  env?: NodeJS.ProcessEnv;
  /** Overrides ListenAddress (e.g. "127.0.0.1:0" in tests). */
  listen?: string;
  logLevel?: string;
  logStream?: DestinationStream;
  /** Overrides the retry policy derived from the config (tests shorten the backoff). */
  retry?: Partial<RetryPolicy>;
  limiter?: RateLimiter;
  /** Extra CA certificates (PEM) for provider connections (tests; processes use NODE_EXTRA_CA_CERTS). */
  extraCa?: string[];
  /** Hosted mode: limiter of the per-server quotas (tests); default memory, or Redis with HERALD_REDIS_URL. */
  quotaLimiter?: RateLimiter;
}

export interface RunningPushService {
  url: string;
  config: HeraldConfig;
  providers: ProviderRegistry;
  metrics: PushMetrics;
  logger: Logger;
  http: PushServer;
  /** Delivery trace by ack_id (undefined when TraceHistorySize is 0). */
  trace: TraceStore | undefined;
  /** Hosted mode: the server keys in force. */
  keyring: HostedKeyring | undefined;
  feedback: FeedbackWebhook | undefined;
  reload(): Promise<void>;
  /** Drains in-flight sends (bounded by SendTimeoutSec) and stops. */
  close(): Promise<void>;
}

const CERT_WARN_DAYS = 30;
const DAY_MS = 24 * 3600 * 1000;

export function buildInfo(): BuildInfo {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return { version: pkg.version, hash: process.env.HERALD_BUILD_HASH ?? 'dev', buildDate: process.env.HERALD_BUILD_DATE ?? '' };
}

export function parseListenAddress(addr: string): { host: string | undefined; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s[\]]*)):(\d{1,5})$/.exec(addr);
  if (!m) throw new ConfigError([`ListenAddress: expected [host]:port such as ":8066", got ${JSON.stringify(addr)}`]);
  return { host: m[1] ?? (m[2] || undefined), port: Number(m[3]) };
}

export async function loadCheckedConfig(path: string): Promise<{ config: HeraldConfig; warnings: string[] }> {
  // loadConfigFile already ran checkConfig (parseConfig throws on its errors and returns its
  // warnings); checking again only printed every warning twice.
  const loaded = await loadConfigFile(path);
  return { config: loaded.config, warnings: loaded.warnings };
}

/**
 * The ThrottlePerSec limiter: shared through Redis when HERALD_REDIS_URL is set (start-up fails
 * when Redis cannot be used), else in memory; none when ThrottlePerSec is 0.
 */
async function createLimiter(config: HeraldConfig, env: NodeJS.ProcessEnv, logger: Logger): Promise<RateLimiter | undefined> {
  if (config.ThrottlePerSec <= 0) return undefined;
  const url = env.HERALD_REDIS_URL?.trim();
  if (!url) return new MemoryRateLimiter(config.ThrottlePerSec, Math.max(1, config.ThrottleMemoryStoreSize));
  const limiter = await RedisRateLimiter.connect(url, {
    perSec: config.ThrottlePerSec,
    onError: (e) => logger.error(`throttle: Redis at ${describeRedisUrl(url)} failed (${e.message}); requests pass unthrottled until it is back`),
    onRecover: () => logger.warn(`throttle: Redis at ${describeRedisUrl(url)} is back; shared throttling resumed`),
  });
  logger.info(`throttle: ${config.ThrottlePerSec}/s per client, shared through Redis at ${describeRedisUrl(url)}`);
  return limiter;
}

/** Hosted mode's per-server quotas: through Redis with HERALD_REDIS_URL (shared by instances), else in memory. */
async function createQuotaLimiter(config: HeraldConfig, env: NodeJS.ProcessEnv, logger: Logger): Promise<RateLimiter | undefined> {
  const perSec = config.HostedQuotaPerSec > 0 ? config.HostedQuotaPerSec : 100;
  const url = env.HERALD_REDIS_URL?.trim();
  if (!url) return new MemoryRateLimiter(perSec, 100_000);
  const limiter = await RedisRateLimiter.connect(url, {
    perSec,
    keyPrefix: 'herald:quota:',
    onError: (e) => logger.error(`hosted quotas: Redis at ${describeRedisUrl(url)} failed (${e.message}); requests pass without quota until it is back`),
    onRecover: () => logger.warn(`hosted quotas: Redis at ${describeRedisUrl(url)} is back; shared quotas resume`),
  });
  logger.info(`hosted quotas: shared through Redis at ${describeRedisUrl(url)}`);
  return limiter;
}

export async function startPushService(opts: PushServiceOptions): Promise<RunningPushService> {
  let warnings: string[] = [];
  let config: HeraldConfig;
  if (opts.config) config = opts.config;
  else if (opts.configPath) ({ config, warnings } = await loadCheckedConfig(opts.configPath));
  else throw new Error('startPushService: configPath or config is required');
  checkModeConfig(config);
  config = effectiveConfig(config);

  const logger = createLogger(config, {
    ...(opts.logLevel ? { level: opts.logLevel } : {}),
    ...(opts.logStream ? { stream: opts.logStream } : {}),
  });
  for (const w of warnings) logger.warn(`config: ${w}`);
  if (config.Mode === 'test') logger.warn({ mode: 'test', ThrottlePerSec: config.ThrottlePerSec }, TEST_MODE_WARNING);
  // TLS first: a bad certificate stops the start before anything else is opened.
  let tlsPair: TlsPair | undefined;
  if (config.TLSCertFile) {
    tlsPair = await loadTlsPair(config.TLSCertFile, config.TLSKeyFile).catch((e: Error) => {
      throw new ConfigError([e.message]);
    });
  } else if (config.Mode === 'hosted') {
    logger.warn('Mode "hosted" without TLSCertFile: plaintext listener, allowed because BehindTLSProxy is true');
  }

  const env = opts.env ?? process.env;
  const proxy = checkProxyEnv(env);
  if (proxy) logger.info(`outbound proxy: ${describeProxy(proxy)} (CONNECT tunnels; NO_PROXY: ${env.NO_PROXY || env.no_proxy || 'none'})`);
  const limiter = opts.limiter ?? (await createLimiter(config, env, logger));
  let providers: ProviderRegistry;
  try {
    providers = await ProviderRegistry.fromConfig(config, { env, ...(opts.extraCa ? { extraCa: opts.extraCa } : {}) });
  } catch (e) {
    if (!opts.limiter) await limiter?.close?.();
    throw e;
  }
  const metrics = new PushMetrics({ processMetrics: true });
  const opened: (() => Promise<void> | void)[] = [];
  const releaseOpened = async () => {
    for (const c of opened.splice(0).reverse()) await Promise.resolve(c()).catch(() => {});
  };
  const trace = config.TraceHistorySize > 0 ? new TraceStore(config.TraceHistorySize) : undefined;
  let gate: HostedGate | undefined;
  let keyring: HostedKeyring | undefined;
  let relay: Relay | undefined;
  let feedback: FeedbackWebhook | undefined;
  try {
    if (config.Mode === 'hosted') {
      const keysPath = hostedKeysPath(config, opts.configPath);
      const ring = await HostedKeyring.open(keysPath, (e) => logger.error(`hosted keys: reload failed, keeping the previous keys: ${e.message}`)).catch((e: Error) => {
        throw new ConfigError([`HostedKeysFile: ${e.message}`]);
      });
      keyring = ring;
      ring.watch();
      opened.push(() => ring.close());
      const quota = opts.quotaLimiter ?? (await createQuotaLimiter(config, env, logger));
      if (!opts.quotaLimiter && quota) opened.push(() => quota.close?.());
      gate = new HostedGate({ keyring: ring, ...(quota ? { quota } : {}), defaultQuotaPerSec: config.HostedQuotaPerSec, metrics });
      logger.info({ keys: ring.size, file: keysPath }, `Mode "hosted": ${ring.size} server keys; default quota ${config.HostedQuotaPerSec || 'unlimited'}/s per server`);
    }
    if (config.Mode === 'relay') {
      const r = new Relay({
        upstream: config.RelayUpstreamURL,
        ...(config.RelayUpstreamKey ? { key: config.RelayUpstreamKey } : {}),
        env,
        ...(opts.extraCa ? { extraCa: opts.extraCa } : {}),
        timeoutMs: config.SendTimeoutSec * 1000,
        maxBodyBytes: 64 * 1024,
        logger,
        ...(trace ? { trace } : {}),
      });
      relay = r;
      opened.push(() => r.close());
      logger.info(`Mode "relay": forwarding send_push and ack to ${r.origin}`);
    }
    if (config.FeedbackWebhookURL) {
      feedback = new FeedbackWebhook({ url: config.FeedbackWebhookURL, ...(config.FeedbackWebhookSecret ? { secret: config.FeedbackWebhookSecret } : {}), logger, metrics, env, ...(opts.extraCa ? { extraCa: opts.extraCa } : {}) });
    }
  } catch (e) {
    await releaseOpened();
    await providers.close();
    if (!opts.limiter) await limiter?.close?.();
    throw e;
  }
  const http = createPushServer({
    config,
    providers,
    logger,
    metrics,
    ...(limiter ? { limiter } : {}),
    retry: { ...retryPolicyFromConfig(config), ...opts.retry },
    build: buildInfo(),
    ...(gate ? { gate } : {}),
    ...(relay ? { relay } : {}),
    ...(trace ? { trace } : {}),
    ...(feedback ? { feedback } : {}),
    ...(tlsPair ? { tls: { cert: tlsPair.cert, key: tlsPair.key } } : {}),
    ...(config.Mode === 'test'
      ? { replyHeaders: { [TEST_MODE_HEADER]: TEST_MODE_HEADER_VALUE }, versionExtras: { production: false, warning: 'test mode (TPNS): not for production' } }
      : {}),
  });

  const checkCertificates = () => {
    for (const p of providers.all()) {
      if (!(p instanceof ApnsProvider) || !p.certificateNotAfter) continue;
      const notAfter = p.certificateNotAfter;
      metrics.certExpiry.labels(p.appType).set(Math.floor(notAfter.getTime() / 1000));
      const days = Math.floor((notAfter.getTime() - Date.now()) / DAY_MS);
      if (days < CERT_WARN_DAYS) {
        logger.warn({ type: p.appType, not_after: notAfter.toISOString() }, days < 0 ? `Apple push certificate for ${p.appType} EXPIRED ${-days} days ago` : `Apple push certificate for ${p.appType} expires in ${days} days`);
      }
    }
  };
  checkCertificates();
  const certTimer = setInterval(checkCertificates, DAY_MS);
  certTimer.unref();

  let host: string | undefined;
  try {
    const listen = parseListenAddress(opts.listen ?? config.ListenAddress);
    host = listen.host;
    await new Promise<void>((resolve, reject) => {
      http.server.once('error', (e) => reject(new Error(`cannot listen on ${opts.listen ?? config.ListenAddress}: ${e.message}`)));
      http.server.listen(listen.port, listen.host, () => resolve());
    });
  } catch (e) {
    // Release what start-up opened (provider pools, the Redis connection), so the process can exit.
    clearInterval(certTimer);
    await releaseOpened();
    await providers.close();
    if (!opts.limiter) await limiter?.close?.();
    throw e;
  }
  const addr = http.server.address() as AddressInfo;
  const shownHost = host ?? '127.0.0.1';
  const url = `${tlsPair ? 'https' : 'http'}://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${addr.port}`;
  logger.info({ providers: providers.types(), mode: config.Mode, ...(tlsPair ? { tls_subject: tlsPair.subject, tls_not_after: tlsPair.notAfter.toISOString() } : {}) }, `push service listening on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    config,
    providers,
    metrics,
    logger,
    http,
    trace,
    keyring,
    feedback,
    async reload() {
      // Each part reloads on its own: a bad TLS file must not keep new provider keys out.
      const errors: Error[] = [];
      await providers.reload().catch((e: Error) => errors.push(e));
      checkCertificates();
      if (tlsPair) {
        try {
          tlsPair = await reloadTls(http.server as unknown as TlsServer, config.TLSCertFile, config.TLSKeyFile);
          logger.info({ tls_subject: tlsPair.subject, tls_not_after: tlsPair.notAfter.toISOString() }, 'reloaded the TLS certificate');
        } catch (e) {
          errors.push(e as Error);
        }
      }
      if (keyring) await keyring.reload().catch((e: Error) => errors.push(new Error(`hosted keys: ${e.message}`)));
      if (errors.length) throw new Error(errors.map((e) => e.message).join('; '));
      logger.info('reloaded keys and certificates');
    },
    close() {
      closing ??= (async () => {
        clearInterval(certTimer);
        logger.info({ in_flight: http.inFlight() }, 'stopping: draining in-flight sends');
        await http.drain(config.SendTimeoutSec * 1000);
        await providers.close();
        await feedback?.close();
        await releaseOpened();
        await limiter?.close?.();
        logger.info('stopped');
        logger.flush();
      })();
      return closing;
    },
  };
}
