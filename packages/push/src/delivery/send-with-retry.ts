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

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

// No AbortController or timer per push (they were ~5% of the CPU of a send): the deadline is
// arithmetic. Each try is bounded by min(RetryTimeoutSec, time left) in the transport, and a
// backoff that would end past the deadline is not waited for, so SendTimeoutSec bounds the whole.
// The caller's signal (shutdown) is passed down as is and cuts a try or a backoff short.
export async function sendWithRetry(
  provider: PushProvider,
  push: ValidatedPush,
  policy: RetryPolicy,
  opts: { signal?: AbortSignal; random?: () => number; onTry?: (tryNo: number, result: SendResult, ms: number) => void } = {},
): Promise<DeliveryOutcome> {
  const started = Date.now();
  const signal = opts.signal;
  let result: SendResult = { status: 'FAIL', error: 'not sent', retryable: false };
  let tries = 0;
  let outOfTime = false;
  while (tries < policy.maxTries) {
    const left = policy.totalTimeoutMs - (Date.now() - started);
    if (left <= 0 || signal?.aborted) {
      outOfTime = true;
      break;
    }
    tries++;
    const tryStarted = opts.onTry ? performance.now() : 0;
    result = await provider.send(push, {
      deviceToken: push.deviceId,
      ...(signal ? { signal } : {}),
      attemptTimeoutMs: Math.min(policy.attemptTimeoutMs, left),
    });
    opts.onTry?.(tries, result, performance.now() - tryStarted);
    if (result.status !== 'FAIL' || !result.retryable || tries >= policy.maxTries) break;
    const backoff = policy.baseDelayMs * 2 ** (tries - 1);
    const j = policy.jitter ?? 0.5;
    const delay = result.retryAfterMs ?? backoff * (1 - j / 2 + j * (opts.random ?? Math.random)());
    // Not worth waiting when the next try could not start before the deadline.
    if (Date.now() - started + delay >= policy.totalTimeoutMs) {
      outOfTime = true;
      break;
    }
    await sleep(delay, signal);
  }
  if (result.status === 'FAIL' && (outOfTime || signal?.aborted) && tries > 0 && result.retryable) {
    result = { ...result, error: `${result.error} (gave up after ${tries} tries, ${signal?.aborted ? 'shutting down' : 'SendTimeoutSec reached'})` };
  }
  return { result, tries };
}
