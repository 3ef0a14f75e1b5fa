// GET /api/v1/trace/<ack_id>: when the push arrived, each provider try (status, reason, ms), the
// final result and the device's ack; 404 for an unknown ack id; bounded memory.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { message } from '../service-tests/mattermost-bodies.js';
import { startStack, type Stack } from '../testing/start-stack.js';
import { TraceStore } from './trace-store.js';

let stack: Stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

test('a push retried after a 503: received, two tries with status and reason, final OK, then the ack', async () => {
  const token = await stack.apnsDevice();
  await stack.client.addFault({ kind: 'status', service: 'apns', token, status: 503, reason: 'ServiceUnavailable', times: 1 });
  const r = await stack.sendPush(message('apple_rn', token, { ack_id: 'trace-1' }));
  assert.deepEqual(r.json, { status: 'OK' });
  const t = await stack.request({ path: '/api/v1/trace/trace-1' });
  assert.equal(t.status, 200, t.text);
  const trace = t.json.trace;
  assert.equal(trace.ack_id, 'trace-1');
  assert.equal(trace.server_id, 'ws1qpxh8p7rwbgqzb5nqchsq3e');
  assert.equal(trace.platform, 'apple_rn');
  assert.equal(trace.device, `${token.slice(0, 8)}…`, 'only the token prefix');
  assert.ok(!t.text.includes(token), 'the whole token is never in the trace');
  assert.equal(trace.requests.length, 1);
  const req = trace.requests[0];
  assert.equal(req.via, 'apns');
  assert.ok(Date.parse(req.received_at) > 0);
  assert.equal(req.tries.length, 2);
  assert.equal(req.tries[0].status, 'FAIL');
  assert.equal(req.tries[0].reason, 'ServiceUnavailable');
  assert.equal(req.tries[0].retryable, true);
  assert.equal(typeof req.tries[0].ms, 'number');
  assert.equal(req.tries[1].status, 'OK');
  assert.equal(req.result.status, 'OK');
  assert.equal(req.result.tries, 2);
  assert.equal(trace.acked_at, undefined);

  await stack.request({ path: '/api/v1/ack', body: { id: 'trace-1', platform: 'apple_rn', type: 'message', received_at: Date.now() } });
  const acked = await stack.request({ path: '/api/v1/trace/trace-1' });
  assert.ok(Date.parse(acked.json.trace.acked_at) > 0);
});

test('a REMOVE is traced with its reason; a second send_push with the same ack id adds a request', async () => {
  const dead = 'ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000';
  for (let i = 0; i < 2; i++) await stack.sendPush(message('apple_rn', dead, { ack_id: 'trace-2' }));
  const t = await stack.request({ path: '/api/v1/trace/trace-2' });
  assert.equal(t.json.trace.requests.length, 2);
  assert.equal(t.json.trace.requests[1].result.status, 'REMOVE');
  assert.ok(t.json.trace.requests[1].tries[0].reason);
});

test('unknown ack id: 404 JSON FAIL', async () => {
  const t = await stack.request({ path: '/api/v1/trace/never-sent' });
  assert.equal(t.status, 404);
  assert.equal(t.json.status, 'FAIL');
  assert.match(t.json.error, /no recent push with ack_id "never-sent"/);
});

test('the store keeps the most recent N ack ids only', () => {
  const store = new TraceStore(3);
  for (let i = 0; i < 5; i++) store.received({ ackId: `a${i}`, serverId: 's', platform: 'apple_rn', type: 'message', deviceId: 'tok' }, 'apns');
  assert.equal(store.size, 3);
  assert.equal(store.get('a0'), undefined);
  assert.equal(store.get('a1'), undefined);
  assert.ok(store.get('a4'));
  // Pushes without an ack id are not traced.
  assert.equal(store.received({ serverId: 's', platform: 'apple_rn', type: 'message', deviceId: 'tok' }, 'apns'), undefined);
});
