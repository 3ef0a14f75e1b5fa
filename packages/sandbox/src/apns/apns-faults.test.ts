// Injected faults make the APNs stand-in misbehave as APNs does on a bad day: error statuses for N
// requests, added latency, GOAWAY, stream resets and rate limiting; clients recover afterwards.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { constants as h2, type ClientHttp2Session } from 'node:http2';
import apn from '@parse/node-apn';
import type { ApnsDevice } from '../state/devices.js';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { alertPayload, closeSession, openSession, post, providerToken, type ApnsResponse } from './apns-test-helpers.js';

const TOPIC = 'com.mattermost.rn';
let sb: TestSandbox;
let authorization: string;

before(async () => {
  sb = await startTestSandbox();
  authorization = `bearer ${await providerToken(sb)}`;
});
afterEach(async () => {
  await sb.client.clearFaults();
});
after(async () => {
  await sb?.close();
});

function push(session: ClientHttp2Session, token: string, topic = TOPIC): Promise<ApnsResponse> {
  return post(session, { token, headers: { authorization, 'apns-topic': topic }, body: alertPayload });
}

async function withSession<T>(fn: (s: ClientHttp2Session) => Promise<T>): Promise<T> {
  const session = await openSession(sb);
  try {
    return await fn(session);
  } finally {
    await closeSession(session);
  }
}

const newDevice = (): Promise<ApnsDevice> => sb.client.registerApns({ topic: TOPIC });

/** The fault rules still in force (GET /faults on the admin API). */
async function activeFaults(): Promise<unknown[]> {
  return (await (await fetch(`${sb.adminUrl}/faults`)).json()) as unknown[];
}

describe('status faults', () => {
  test('503 ServiceUnavailable for `times` requests, then success', async () => {
    const d = await newDevice();
    await sb.client.addFault({ kind: 'status', service: 'apns', token: d.token, status: 503, reason: 'ServiceUnavailable', times: 2, retryAfter: 7 });
    await withSession(async (s) => {
      for (let i = 0; i < 2; i++) {
        const r = await push(s, d.token);
        assert.equal(r.status, 503);
        assert.equal(r.body?.reason, 'ServiceUnavailable');
        assert.equal(r.headers['retry-after'], '7');
        assert.ok(r.headers['apns-id']);
      }
      assert.equal((await push(s, d.token)).status, 200);
    });
    assert.equal((await sb.client.inbox({ token: d.token })).length, 1, 'only the successful push was delivered');
  });

  test('a status without a reason gets Apple’s reason for it', async () => {
    const d = await newDevice();
    await sb.client.addFault({ kind: 'status', service: 'apns', status: 500, times: 1 });
    await sb.client.addFault({ kind: 'status', service: 'apns', status: 410, times: 1 });
    await withSession(async (s) => {
      const r500 = await push(s, d.token);
      assert.equal(r500.status, 500);
      assert.equal(r500.body?.reason, 'InternalServerError');
      const r410 = await push(s, d.token);
      assert.equal(r410.status, 410);
      assert.equal(r410.body?.reason, 'Unregistered');
      assert.equal(typeof r410.body?.timestamp, 'number');
    });
  });

  test('a per-token fault leaves other tokens alone', async () => {
    const hit = await newDevice();
    const spared = await newDevice();
    await sb.client.addFault({ kind: 'status', service: 'apns', token: hit.token, status: 500, reason: 'InternalServerError' });
    await withSession(async (s) => {
      assert.equal((await push(s, hit.token)).status, 500);
      assert.equal((await push(s, spared.token)).status, 200);
      assert.equal((await push(s, hit.token)).status, 500, 'no `times`: until cleared');
    });
  });

  test('a rejected request does not use up a fault', async () => {
    const d = await newDevice();
    await sb.client.addFault({ kind: 'status', service: 'apns', token: d.token, status: 503, times: 1 });
    await withSession(async (s) => {
      const refused = await push(s, d.token, 'com.example.not-ours');
      assert.equal(refused.body?.reason, 'TopicDisallowed');
      assert.equal((await push(s, d.token)).status, 503);
      assert.equal((await push(s, d.token)).status, 200);
    });
  });

  test('@parse/node-apn retries a 503 and delivers', async () => {
    const d = await newDevice();
    const since = await sb.client.lastSeq();
    await sb.client.addFault({ kind: 'status', service: 'apns', token: d.token, status: 503, reason: 'ServiceUnavailable', times: 1 });
    const url = new URL(sb.origin);
    const { keyId, teamId } = sb.credentials.manifest.apns;
    const provider = new apn.Provider({
      token: { key: sb.credentials.apnsAuthKeyPem, keyId, teamId },
      address: url.hostname,
      port: Number(url.port),
      ca: [sb.credentials.ca.certPem],
    });
    try {
      const result = await provider.send(new apn.Notification({ alert: 'after 503', topic: TOPIC }), d.token);
      assert.deepEqual(result.failed, []);
      assert.deepEqual((await sb.client.next(d.token, { after: since })).payload, { aps: { alert: 'after 503' } });
    } finally {
      await provider.shutdown();
    }
  });
});

describe('latency', () => {
  test('delays the answer by latencyMs, then the push is delivered', async () => {
    const d = await newDevice();
    await sb.client.addFault({ kind: 'latency', service: 'apns', token: d.token, latencyMs: 250, times: 1 });
    await withSession(async (s) => {
      const t0 = performance.now();
      assert.equal((await push(s, d.token)).status, 200);
      assert.ok(performance.now() - t0 >= 240, 'the request waited');
      assert.deepEqual(await activeFaults(), [], 'the rule was used up');
      assert.equal((await push(s, d.token)).status, 200);
    });
    assert.equal((await sb.client.inbox({ token: d.token })).length, 2);
  });

  test('stacks with a status fault behind it', async () => {
    const d = await newDevice();
    await sb.client.addFault({ kind: 'latency', service: 'apns', token: d.token, latencyMs: 100, times: 1 });
    await sb.client.addFault({ kind: 'status', service: 'apns', token: d.token, status: 503, times: 1 });
    await withSession(async (s) => {
      const t0 = performance.now();
      const r = await push(s, d.token);
      assert.ok(performance.now() - t0 >= 90);
      assert.equal(r.status, 503);
      assert.equal(r.body?.reason, 'ServiceUnavailable');
    });
  });
});

describe('dropped connections', () => {
  test('GOAWAY: the client sees GOAWAY with Apple’s JSON reason, its stream refused; a new connection works', async () => {
    const d = await newDevice();
    await sb.client.addFault({ kind: 'drop', service: 'apns', token: d.token, drop: 'goaway', times: 1 });
    const session = await openSession(sb);
    const goaway = new Promise<{ code: number; data: Buffer | undefined }>((resolve) =>
      session.once('goaway', (code, _last, data) => resolve({ code, data })),
    );
    const closed = new Promise<void>((resolve) => session.once('close', () => resolve()));
    await assert.rejects(push(session, d.token), (e: NodeJS.ErrnoException) => {
      assert.equal(e.code, 'ERR_HTTP2_STREAM_ERROR');
      assert.match(e.message, /NGHTTP2_REFUSED_STREAM/);
      return true;
    });
    const g = await goaway;
    assert.equal(g.code, h2.NGHTTP2_NO_ERROR);
    assert.deepEqual(JSON.parse(String(g.data)), { reason: 'Shutdown' });
    await closed;
    assert.ok(session.closed || session.destroyed, 'the connection is gone');
    assert.equal((await sb.client.inbox({ token: d.token })).length, 0);

    await withSession(async (s) => assert.equal((await push(s, d.token)).status, 200));
  });

  test('GOAWAY: @parse/node-apn reports the failure and reconnects for the next send', async () => {
    const d = await newDevice();
    await sb.client.addFault({ kind: 'drop', service: 'apns', token: d.token, drop: 'goaway', times: 1 });
    const url = new URL(sb.origin);
    const { keyId, teamId } = sb.credentials.manifest.apns;
    const provider = new apn.Provider({
      token: { key: sb.credentials.apnsAuthKeyPem, keyId, teamId },
      address: url.hostname,
      port: Number(url.port),
      ca: [sb.credentials.ca.certPem],
    });
    try {
      const note = new apn.Notification({ alert: 'maybe', topic: TOPIC });
      const first = await provider.send(note, d.token);
      assert.equal(first.sent.length, 0);
      assert.ok(first.failed[0]?.error, 'a connection-level error, not an APNs reason');
      const second = await provider.send(note, d.token);
      assert.deepEqual(second.failed, []);
      assert.equal(second.sent.length, 1);
    } finally {
      await provider.shutdown();
    }
  });

  test('reset: the stream is reset with INTERNAL_ERROR; the connection keeps working', async () => {
    const d = await newDevice();
    await sb.client.addFault({ kind: 'drop', service: 'apns', token: d.token, drop: 'reset', times: 1 });
    await withSession(async (s) => {
      await assert.rejects(push(s, d.token), (e: NodeJS.ErrnoException) => {
        assert.equal(e.code, 'ERR_HTTP2_STREAM_ERROR');
        assert.match(e.message, /NGHTTP2_INTERNAL_ERROR/);
        return true;
      });
      assert.equal((await push(s, d.token)).status, 200);
    });
  });
});

describe('rate limit', () => {
  test('perSecond 0: 429 TooManyRequests for `times` requests, then success', async () => {
    const d = await newDevice();
    await sb.client.addFault({ kind: 'ratelimit', service: 'apns', token: d.token, perSecond: 0, times: 2, retryAfter: 3 });
    await withSession(async (s) => {
      for (let i = 0; i < 2; i++) {
        const r = await push(s, d.token);
        assert.equal(r.status, 429);
        assert.equal(r.body?.reason, 'TooManyRequests');
        assert.equal(r.headers['retry-after'], '3');
      }
      assert.equal((await push(s, d.token)).status, 200);
    });
  });

  test('perSecond N: a burst past N per second gets 429s', async () => {
    const d = await newDevice();
    await sb.client.addFault({ kind: 'ratelimit', service: 'apns', token: d.token, perSecond: 3 });
    await withSession(async (s) => {
      const results = await Promise.all(Array.from({ length: 10 }, () => push(s, d.token)));
      const ok = results.filter((r) => r.status === 200).length;
      const limited = results.filter((r) => r.status === 429 && r.body?.reason === 'TooManyRequests').length;
      assert.equal(ok + limited, 10);
      // The first 3 of a second pass; a burst may straddle a second boundary, so a few more may.
      assert.ok(ok >= 3, `${ok} accepted`);
      assert.ok(limited >= 1, `${limited} limited`);
    });
  });
});
