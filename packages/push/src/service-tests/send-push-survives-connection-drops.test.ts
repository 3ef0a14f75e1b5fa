// APNs over HTTP/2: many sends share one connection as concurrent streams; more connections open
// only when the server's stream limit is reached; a GOAWAY or a reset stream mid-send is retried
// (on a new connection after GOAWAY) and the push still goes out.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApnsProvider } from '../providers/apns/apns-provider.js';
import { startStack, type Stack } from '../testing/start-stack.js';
import { message, updateBadge } from './mattermost-bodies.js';

function apns(stack: Stack, type = 'apple_rn'): ApnsProvider {
  return stack.service.providers.get(type) as ApnsProvider;
}

async function registerMany(stack: Stack, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => stack.apnsDevice()));
}

/** Sends one push to each token at once; returns the replies. */
async function burst(stack: Stack, tokens: string[]): Promise<string[]> {
  const replies = await Promise.all(tokens.map((t, i) => stack.sendPush(updateBadge('apple_rn-v2', t)).then((r) => (r.json?.status as string) ?? `HTTP ${r.status} ${r.text}`)));
  void replies.length;
  return replies;
}

describe('APNs announcing 1000 streams', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  afterEach(async () => {
    await stack.client.clearFaults();
  });
  after(async () => {
    await stack?.close();
  });

  test('200 concurrent sends are multiplexed over one connection', async () => {
    const tokens = await registerMany(stack, 200);
    const since = await stack.client.lastSeq();
    // Latency keeps the streams open at the same time, so they really are concurrent.
    await stack.client.addFault({ kind: 'latency', service: 'apns', latencyMs: 100, times: 200 });
    const replies = await burst(stack, tokens);
    assert.deepEqual(new Set(replies), new Set(['OK']));
    assert.equal(apns(stack).connectionsOpened, 1);
    assert.equal(apns(stack).connectionCount, 1);
    assert.equal((await stack.client.inbox({ service: 'apns', after: since })).length, 200);
  });

  test('GOAWAY mid-send: the push is retried on a new connection and delivered', async () => {
    const token = await stack.apnsDevice();
    const opened = apns(stack).connectionsOpened;
    await stack.client.addFault({ kind: 'drop', drop: 'goaway', service: 'apns', token, times: 1 });
    const since = await stack.client.lastSeq();
    const r = await stack.sendPush(message('apple_rn-v2', token, { ack_id: 'goaway-1' }));
    assert.deepEqual(r.json, { status: 'OK' });
    assert.equal(stack.logs.push('goaway-1')?.tries, 2);
    assert.equal(apns(stack).connectionsOpened, opened + 1, 'one new connection after GOAWAY');
    assert.equal((await stack.client.inbox({ token, after: since })).length, 1);
    // And the service keeps working on the new connection.
    assert.deepEqual((await stack.sendPush(message('apple_rn-v2', token))).json, { status: 'OK' });
    assert.equal(apns(stack).connectionsOpened, opened + 1);
  });

  test('GOAWAY while 30 other sends are in flight: every push is delivered', async () => {
    const tokens = await registerMany(stack, 30);
    await stack.client.addFault({ kind: 'latency', service: 'apns', latencyMs: 50, times: 30 });
    await stack.client.addFault({ kind: 'drop', drop: 'goaway', service: 'apns', token: tokens[7]!, times: 1 });
    const replies = await burst(stack, tokens);
    assert.deepEqual(new Set(replies), new Set(['OK']));
    for (const t of tokens) assert.ok((await stack.client.inbox({ token: t })).length >= 1, t);
  });

  test('a stream reset mid-send is retried and delivered', async () => {
    const token = await stack.apnsDevice();
    await stack.client.addFault({ kind: 'drop', drop: 'reset', service: 'apns', token, times: 1 });
    const since = await stack.client.lastSeq();
    const r = await stack.sendPush(message('apple_rn-v2', token, { ack_id: 'reset-1' }));
    assert.deepEqual(r.json, { status: 'OK' });
    assert.equal(stack.logs.push('reset-1')?.tries, 2);
    assert.equal((await stack.client.inbox({ token, after: since })).length, 1);
  });

  test('FCM: GOAWAY and reset mid-send are retried and delivered', async () => {
    const token = await stack.fcmDevice();
    for (const drop of ['goaway', 'reset'] as const) {
      await stack.client.addFault({ kind: 'drop', drop, service: 'fcm', token, times: 1 });
      const r = await stack.sendPush(message('android_rn-v2', token, { ack_id: `fcm-${drop}` }));
      assert.deepEqual(r.json, { status: 'OK' }, drop);
      assert.equal(stack.logs.push(`fcm-${drop}`)?.tries, 2, drop);
    }
  });
});

describe('APNs announcing only 10 streams per connection', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ maxConcurrentStreams: 10 });
  });
  after(async () => {
    await stack?.close();
  });

  test('50 concurrent sends open more connections (never more than needed or allowed) and all succeed', async () => {
    const tokens = await registerMany(stack, 50);
    const since = await stack.client.lastSeq();
    await stack.client.addFault({ kind: 'latency', service: 'apns', latencyMs: 150, times: 50 });
    const replies = await burst(stack, tokens);
    assert.deepEqual(new Set(replies), new Set(['OK']));
    const opened = apns(stack).connectionsOpened;
    assert.ok(opened >= 2 && opened <= 8, `${opened} connections opened`);
    assert.equal((await stack.client.inbox({ service: 'apns', after: since })).length, 50);
  });
});
