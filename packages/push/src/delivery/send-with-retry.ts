// The retry policy above every provider: up to 3 tries; backoff from 1 s doubling, with jitter,
// or the provider's Retry-After when it gave one; each try bounded by RetryTimeoutSec and all of
// them by SendTimeoutSec. Only FAILs marked retryable are tried again: REMOVE and definite FAILs
// are final at once.
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

export function retryPolicyFromConfig(c: { SendTimeoutSec: number; RetryTimeoutSec: number }): RetryPolicy {
  return {
    maxTries: 3,
    baseDelayMs: 1000,
    attemptTimeoutMs: Math.max(1, c.RetryTimeoutSec) * 1000,
    totalTimeoutMs: Math.max(1, c.SendTimeoutSec) * 1000,
  };
}

export interface DeliveryOutcome {
  result: SendResult;
  tries: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export async function sendWithRetry(
  provider: PushProvider,
  push: ValidatedPush,
  policy: RetryPolicy,
  opts: { signal?: AbortSignal; random?: () => number; onTry?: (tryNo: number, result: SendResult, ms: number) => void } = {},
): Promise<DeliveryOutcome> {
  const started = Date.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), policy.totalTimeoutMs);
  const onOuterAbort = () => deadline.abort();
  opts.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const random = opts.random ?? Math.random;
  let result: SendResult = { status: 'FAIL', error: 'not sent', retryable: false };
  let tries = 0;
  let outOfTime = false;
  try {
    while (tries < policy.maxTries) {
      const left = policy.totalTimeoutMs - (Date.now() - started);
      if (left <= 0 || deadline.signal.aborted) {
        outOfTime = true;
        break;
      }
      tries++;
      const tryStarted = opts.onTry ? performance.now() : 0;
      result = await provider.send(push, {
        deviceToken: push.deviceId,
        signal: deadline.signal,
        attemptTimeoutMs: Math.min(policy.attemptTimeoutMs, left),
      });
      opts.onTry?.(tries, result, performance.now() - tryStarted);
      if (result.status !== 'FAIL' || !result.retryable || tries >= policy.maxTries) break;
      const backoff = policy.baseDelayMs * 2 ** (tries - 1);
      const j = policy.jitter ?? 0.5;
      const delay = result.retryAfterMs ?? backoff * (1 - j / 2 + j * random());
      // Not worth waiting when the next try could not start before the deadline.
      if (Date.now() - started + delay >= policy.totalTimeoutMs) {
        outOfTime = true;
        break;
      }
      await sleep(delay, deadline.signal);
    }
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onOuterAbort);
  }
  if (result.status === 'FAIL' && (outOfTime || deadline.signal.aborted) && tries > 0 && result.retryable) {
    result = { ...result, error: `${result.error} (gave up after ${tries} tries, SendTimeoutSec reached)` };
  }
  return { result, tries };
}
