import type { DestinationStream } from 'pino';
import type { HeraldConfig } from './config/schema.js';
import { type RetryPolicy } from './delivery/send-with-retry.js';
import { type BuildInfo, type PushServer } from './http/push-server.js';
import { type RateLimiter } from './http/throttle.js';
import { type Logger } from './observability/logger.js';
import { PushMetrics } from './observability/metrics.js';
import { ProviderRegistry } from './providers/provider-registry.js';
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
export declare function buildInfo(): BuildInfo;
export declare function parseListenAddress(addr: string): {
    host: string | undefined;
    port: number;
};
export declare function loadCheckedConfig(path: string): Promise<{
    config: HeraldConfig;
    warnings: string[];
}>;
export declare function startPushService(opts: PushServiceOptions): Promise<RunningPushService>;
//# sourceMappingURL=push-service.d.ts.map