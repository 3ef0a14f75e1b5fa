export function retryPolicyFromConfig(c) {
    return {
        maxTries: 3,
        baseDelayMs: 1000,
        attemptTimeoutMs: Math.max(1, c.RetryTimeoutSec) * 1000,
        totalTimeoutMs: Math.max(1, c.SendTimeoutSec) * 1000,
    };
}
function sleep(ms, signal) {
    return new Promise((resolve) => {
        if (signal.aborted)
            return resolve();
        const t = setTimeout(done, ms);
        function done() {
            clearTimeout(t);
            signal.removeEventListener('abort', done);
            resolve();
        }
        signal.addEventListener('abort', done, { once: true });
    });
}
export async function sendWithRetry(provider, push, policy, opts = {}) {
    const started = Date.now();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), policy.totalTimeoutMs);
    const onOuterAbort = () => deadline.abort();
    opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const random = opts.random ?? Math.random;
    let result = { status: 'FAIL', error: 'not sent', retryable: false };
    let tries = 0;
    try {
        while (tries < policy.maxTries) {
            const left = policy.totalTimeoutMs - (Date.now() - started);
            if (left <= 0 || deadline.signal.aborted)
                break;
            tries++;
            result = await provider.send(push, {
                deviceToken: push.deviceId,
                signal: deadline.signal,
                attemptTimeoutMs: Math.min(policy.attemptTimeoutMs, left),
            });
            if (result.status !== 'FAIL' || !result.retryable || tries >= policy.maxTries)
                break;
            const backoff = policy.baseDelayMs * 2 ** (tries - 1);
            const j = policy.jitter ?? 0.5;
            const delay = result.retryAfterMs ?? backoff * (1 - j / 2 + j * random());
            // Not worth waiting when the next try could not start before the deadline.
            if (Date.now() - started + delay >= policy.totalTimeoutMs)
                break;
            await sleep(delay, deadline.signal);
        }
    }
    finally {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onOuterAbort);
    }
    if (result.status === 'FAIL' && deadline.signal.aborted && tries > 0 && result.retryable) {
        result = { ...result, error: `${result.error} (gave up after ${tries} tries, SendTimeoutSec reached)` };
    }
    return { result, tries };
}
//# sourceMappingURL=send-with-retry.js.map