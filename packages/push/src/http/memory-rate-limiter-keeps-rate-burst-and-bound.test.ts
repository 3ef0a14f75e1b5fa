// MemoryRateLimiter (ThrottlePerSec in one process): a burst of one second's worth, then the steady
// rate; independent per key; at most ThrottleMemoryStoreSize keys (least recently seen evicted);
// hostile keys cost bounded memory and cannot collide. A fake clock: no timing in these tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gcraParams, limiterKey, MAX_RAW_KEY_CHARS, MemoryRateLimiter } from './throttle.js';

function clock(start = 1000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function takeN(l: MemoryRateLimiter, key: string, n: number): boolean[] {
  return Array.from({ length: n }, () => l.takeSync(key).allowed);
}

test('a new client may send ThrottlePerSec requests at once, and not one more', () => {
  const c = clock();
  const l = new MemoryRateLimiter(10, 100, c.now);
  assert.deepEqual(takeN(l, 'a', 10), Array(10).fill(true));
  const denied = l.takeSync('a');
  assert.equal(denied.allowed, false);
  assert.equal(denied.retryAfterMs, 100, 'one emission interval (1/10 s) until the next may pass');
});

test('after the burst, exactly one request per 1/ThrottlePerSec seconds passes', () => {
  const c = clock();
  const l = new MemoryRateLimiter(10, 100, c.now);
  takeN(l, 'a', 10);
  c.advance(99);
  assert.equal(l.takeSync('a').allowed, false);
  assert.equal(l.takeSync('a').retryAfterMs, 1);
  c.advance(1);
  assert.equal(l.takeSync('a').allowed, true);
  assert.equal(l.takeSync('a').allowed, false);
});

test('a client hammering for 10 s gets the burst plus the steady rate, no more', () => {
  const c = clock();
  const l = new MemoryRateLimiter(10, 100, c.now);
  let allowed = 0;
  for (let ms = 0; ms <= 10_000; ms++) {
    for (let i = 0; i < 3; i++) if (l.takeSync('a').allowed) allowed++;
    c.advance(1);
  }
  assert.equal(allowed, 10 + 100);
});

test('a client that pauses gets its burst back, but never more than one second of it', () => {
  const c = clock();
  const l = new MemoryRateLimiter(5, 100, c.now);
  takeN(l, 'a', 5);
  c.advance(60_000);
  assert.deepEqual(takeN(l, 'a', 6), [true, true, true, true, true, false]);
});

test('ThrottlePerSec 1: one request, then one per second; Retry-After rounds up', () => {
  const c = clock();
  const l = new MemoryRateLimiter(1, 100, c.now);
  assert.equal(l.takeSync('a').allowed, true);
  assert.deepEqual(l.takeSync('a'), { allowed: false, retryAfterMs: 1000 });
  c.advance(999.5);
  assert.deepEqual(l.takeSync('a'), { allowed: false, retryAfterMs: 1 });
  c.advance(0.5);
  assert.equal(l.takeSync('a').allowed, true);
});

test('rates that do not divide a second keep exact bursts (300, the anchor default, lets 300 pass)', () => {
  for (const perSec of [3, 6, 7, 300, 1000, 50_000]) {
    const c = clock(123_456_789.123);
    const l = new MemoryRateLimiter(perSec, 100, c.now);
    assert.equal(takeN(l, 'a', perSec + 1).filter(Boolean).length, perSec, `burst at ${perSec}/s`);
    c.advance(1000);
    assert.equal(takeN(l, 'a', perSec + 1).filter(Boolean).length, perSec, `after a second at ${perSec}/s`);
  }
});

test('each key has its own limit', () => {
  const c = clock();
  const l = new MemoryRateLimiter(2, 100, c.now);
  assert.deepEqual(takeN(l, '10.0.0.1', 3), [true, true, false]);
  assert.deepEqual(takeN(l, '10.0.0.2', 3), [true, true, false]);
  assert.deepEqual(takeN(l, '', 3), [true, true, false], 'an empty key is a key like any other');
});

test('the async take() gives the same answers', async () => {
  const c = clock();
  const l = new MemoryRateLimiter(1, 10, c.now);
  assert.deepEqual(await l.take('a'), { allowed: true, retryAfterMs: 0 });
  assert.deepEqual(await l.take('a'), { allowed: false, retryAfterMs: 1000 });
});

test('at most ThrottleMemoryStoreSize keys are kept: the least recently seen is forgotten first', () => {
  const c = clock();
  const l = new MemoryRateLimiter(1, 3, c.now);
  for (const k of ['a', 'b', 'c']) l.takeSync(k);
  assert.equal(l.size, 3);
  // "a" is seen again (and refused): it becomes the most recently seen.
  assert.equal(l.takeSync('a').allowed, false);
  l.takeSync('d');
  assert.equal(l.size, 3);
  assert.equal(l.has('b'), false, 'b was the least recently seen');
  assert.equal(l.has('a'), true);
  assert.equal(l.takeSync('a').allowed, false, 'a is still limited: being refused kept it fresh');
  assert.equal(l.takeSync('b').allowed, true, 'b was forgotten, so it starts afresh');
  assert.equal(l.size, 3);
});

test('a flood of distinct keys never grows the store past its bound', () => {
  const c = clock();
  const l = new MemoryRateLimiter(300, 1000, c.now);
  for (let i = 0; i < 50_000; i++) l.takeSync(`198.51.${i >> 8}.${i & 255}-${i}`);
  assert.equal(l.size, 1000);
  assert.equal(l.has('198.51.195.79-49999'), true);
  assert.equal(l.has('198.51.0.0-0'), false);
});

test('hostile keys: prototype names, control characters and huge values are ordinary, bounded keys', () => {
  const c = clock();
  const l = new MemoryRateLimiter(1, 100, c.now);
  for (const k of ['__proto__', 'constructor', 'hasOwnProperty', '\u0000\r\n', '💥'.repeat(40), 'k:x', 'h:x']) {
    assert.equal(l.takeSync(k).allowed, true, JSON.stringify(k));
    assert.equal(l.takeSync(k).allowed, false, JSON.stringify(k));
  }
  const huge = 'x'.repeat(1 << 20);
  assert.equal(l.takeSync(huge).allowed, true);
  assert.equal(l.takeSync(huge).allowed, false, 'the same huge key is the same client');
  assert.equal(l.takeSync(huge.slice(0, -1) + 'y').allowed, true, 'a huge key differing in its last character is another client');
  // Long keys are stored as a fixed-size digest, so a flood of 16 KiB header values stays small.
  assert.ok(limiterKey(huge).length < 64);
  assert.equal(limiterKey('a'.repeat(MAX_RAW_KEY_CHARS)), `k:${'a'.repeat(MAX_RAW_KEY_CHARS)}`);
  assert.match(limiterKey('a'.repeat(MAX_RAW_KEY_CHARS + 1)), /^h:[A-Za-z0-9_-]{43}$/);
});

test('a short key cannot impersonate the digest of a long one', () => {
  const long = 'z'.repeat(MAX_RAW_KEY_CHARS + 1);
  const digest = limiterKey(long);
  assert.notEqual(limiterKey(digest), digest);
  assert.notEqual(limiterKey(digest.slice(2)), digest);
});

test('a rate that is not positive is refused', () => {
  assert.throws(() => new MemoryRateLimiter(0, 10), /ThrottlePerSec: must be a positive number/);
  assert.throws(() => gcraParams(Number.NaN), /ThrottlePerSec/);
  assert.deepEqual(gcraParams(4), { intervalUs: 250_000, burstUs: 1_000_000 });
  assert.deepEqual(gcraParams(6), { intervalUs: 166_666, burstUs: 999_996 }, "the burst is an exact multiple of the interval");
});
