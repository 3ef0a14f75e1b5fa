import { type Server } from 'node:http';
import type { HeraldConfig } from '../config/schema.js';
import { type RetryPolicy } from '../delivery/send-with-retry.js';
import type { Logger } from '../observability/logger.js';
import type { PushMetrics } from '../observability/metrics.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { RateLimiter } from './throttle.js';
export declare const MAX_BODY_BYTES: number;
export interface BuildInfo {
    version: string;
    hash: string;
    buildDate: string;
}
export interface PushServerDeps {
    config: HeraldConfig;
    providers: ProviderRegistry;
    logger: Logger;
    metrics: PushMetrics;
    limiter?: RateLimiter;
    retry: RetryPolicy;
    build: BuildInfo;
}
export interface PushServer {
    server: Server;
    /** Sends in flight (for draining). */
    inFlight(): number;
    /** Stops accepting, waits for in-flight sends (at most `timeoutMs`), then aborts the rest. */
    drain(timeoutMs: number): Promise<void>;
}
export declare function createPushServer(deps: PushServerDeps): PushServer;
//# sourceMappingURL=push-server.d.ts.map