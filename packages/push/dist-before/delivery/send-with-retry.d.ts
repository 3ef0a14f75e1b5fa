import type { ValidatedPush } from '../request/push-request.js';
import type { PushProvider, SendResult } from '../providers/provider.js';
export interface RetryPolicy {
    maxTries: number;
    baseDelayMs: number;
    attemptTimeoutMs: number;
    totalTimeoutMs: number;
    /** 0..1 share of the delay that is randomised (default 0.5). */
    jitter?: number;
}
export declare function retryPolicyFromConfig(c: {
    SendTimeoutSec: number;
    RetryTimeoutSec: number;
}): RetryPolicy;
export interface DeliveryOutcome {
    result: SendResult;
    tries: number;
}
export declare function sendWithRetry(provider: PushProvider, push: ValidatedPush, policy: RetryPolicy, opts?: {
    signal?: AbortSignal;
    random?: () => number;
}): Promise<DeliveryOutcome>;
//# sourceMappingURL=send-with-retry.d.ts.map