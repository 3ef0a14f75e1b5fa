import { Agent } from 'node:http';
import { SandboxClient, type RunningSandbox } from '@herald/sandbox';
import type { RetryPolicy } from '../delivery/send-with-retry.js';
import { type RunningPushService } from '../push-service.js';
/** A pino destination that keeps every line written to it. */
export declare class LogCapture {
    readonly lines: string[];
    private waiters;
    write(chunk: string): void;
    text(): string;
    /** The lines that are JSON records (LogFormat "json"). */
    records(): Record<string, any>[];
    /** The per-push record (LogFormat "json") of the push with this ack id. */
    push(ackId: string): Record<string, any> | undefined;
    /** Lines matching `re`. */
    grep(re: RegExp): string[];
    /** Resolves with the first line (already written or still to come) matching `re`. */
    waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
}
export interface HttpAnswer {
    status: number;
    headers: Record<string, string | string[] | undefined>;
    text: string;
    /** The body parsed as JSON, or undefined when it is not JSON. */
    json: any;
}
export interface RawRequest {
    method?: string;
    path?: string;
    /** A string or buffer is sent as is; anything else is JSON-encoded. */
    body?: unknown;
    /** Content type; null sends none. Default application/json. */
    contentType?: string | null;
    headers?: Record<string, string>;
    /** Send the body with chunked encoding instead of a content-length. */
    chunked?: boolean;
}
/** One HTTP/1.1 request over a keep-alive agent. */
export declare function httpRequest(baseUrl: string, agent: Agent, r: RawRequest): Promise<HttpAnswer>;
export interface StackOptions {
    /**
     * Edits the sandbox's push-proxy.json before the service reads it. The helper has already set
     * ThrottlePerSec 0 and LogFormat "json"; set them back here to test them.
     */
    config?: (c: Record<string, any>) => void;
    retry?: Partial<RetryPolicy>;
    /**
     * Take the per-try and total bounds from RetryTimeoutSec / SendTimeoutSec in the config (only the
     * backoff stays shortened), instead of TEST_RETRY's.
     */
    configTimeouts?: boolean;
    /** Default "debug", so the per-push line is captured. */
    logLevel?: string;
    /** SETTINGS_MAX_CONCURRENT_STREAMS the sandbox announces. */
    maxConcurrentStreams?: number;
}
/** One request the sandbox answered (its onRequest hook), in order. */
export interface SandboxRequest {
    service: 'apns' | 'fcm' | 'webpush' | 'oauth';
    status: number;
    detail: string;
}
export interface Stack {
    sandbox: RunningSandbox;
    /** Every provider request the sandbox answered (status 0 = dropped). */
    requests: SandboxRequest[];
    client: SandboxClient;
    service: RunningPushService;
    /** http://127.0.0.1:port of the push service. */
    url: string;
    logs: LogCapture;
    /** The config file the service was started from. */
    configPath: string;
    dataDir: string;
    /** POST /api/v1/send_push with a JSON body. */
    sendPush(body: unknown): Promise<HttpAnswer>;
    request(r: RawRequest): Promise<HttpAnswer>;
    /** Registers an APNs device for the apple_rn topic (or `topic`). */
    apnsDevice(topic?: string): Promise<string>;
    fcmDevice(): Promise<string>;
    close(): Promise<void>;
}
/** Short backoff, no jitter; per-try and total bounds small enough that a hung try fails fast. */
export declare const TEST_RETRY: RetryPolicy;
export declare function startStack(opts?: StackOptions): Promise<Stack>;
//# sourceMappingURL=start-stack.d.ts.map