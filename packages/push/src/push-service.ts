// Composition root of the push service: config -> providers -> HTTP server, plus the signals an
// operator expects (SIGHUP reloads keys and certificates, SIGTERM drains and stops).
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
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
}

export interface RunningPushService {
  url: string;
  config: HeraldConfig;
  providers: ProviderRegistry;
  metrics: PushMetrics;
  logger: Logger;
  http: PushServer;
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

export async function startPushService(opts: PushServiceOptions): Promise<RunningPushService> {
  let warnings: string[] = [];
  let config: HeraldConfig;
  if (opts.config) config = opts.config;
  else if (opts.configPath) ({ config, warnings } = await loadCheckedConfig(opts.configPath));
  else throw new Error('startPushService: configPath or config is required');

  const logger = createLogger(config, {
    ...(opts.logLevel ? { level: opts.logLevel } : {}),
    ...(opts.logStream ? { stream: opts.logStream } : {}),
  });
  for (const w of warnings) logger.warn(`config: ${w}`);
  if (config.Mode === 'test') logger.warn('Mode "test": this push service is for evaluation only, NOT for production');

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
  const http = createPushServer({
    config,
    providers,
    logger,
    metrics,
    ...(limiter ? { limiter } : {}),
    retry: { ...retryPolicyFromConfig(config), ...opts.retry },
    build: buildInfo(),
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
    await providers.close();
    if (!opts.limiter) await limiter?.close?.();
    throw e;
  }
  const addr = http.server.address() as AddressInfo;
  const shownHost = host ?? '127.0.0.1';
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${addr.port}`;
  logger.info({ providers: providers.types(), mode: config.Mode }, `push service listening on ${url}`);

  let closing: Promise<void> | undefined;
  return {
    url,
    config,
    providers,
    metrics,
    logger,
    http,
    async reload() {
      await providers.reload();
      checkCertificates();
      logger.info('reloaded keys and certificates');
    },
    close() {
      closing ??= (async () => {
        clearInterval(certTimer);
        logger.info({ in_flight: http.inFlight() }, 'stopping: draining in-flight sends');
        await http.drain(config.SendTimeoutSec * 1000);
        await providers.close();
        await limiter?.close?.();
        logger.info('stopped');
        logger.flush();
      })();
      return closing;
    },
  };
}
