// FeedbackWebhookURL: failed pushes and dead tokens are POSTed to the admin's URL (whole token,
// signed when a secret is set), asynchronously (a slow webhook never delays send_push), retried
// after a 5xx; the token never reaches the log.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { message } from '../service-tests/mattermost-bodies.js';
import { startStack, type Stack } from '../testing/start-stack.js';
import type { FeedbackBody } from './feedback-webhook.js';

const SECRET = 'webhook-secret';
let hook: Server;
let stack: Stack;
const received: { body: FeedbackBody; signature: string | undefined; raw: string }[] = [];
let attempts = 0;
/** How the hook answers: the first `failFirst` requests get 500, each answer waits `delayMs`. */
const behaviour = { failFirst: 0, delayMs: 0 };

before(async () => {
  hook = createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      attempts++;
      setTimeout(() => {
        if (behaviour.failFirst > 0) {
          behaviour.failFirst--;
          res.writeHead(500).end();
          return;
        }
        received.push({ body: JSON.parse(raw) as FeedbackBody, signature: req.headers['x-herald-signature'] as string | undefined, raw });
        res.writeHead(204).end();
      }, behaviour.delayMs);
    });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/herald/feedback`;
  stack = await startStack({
    config: (c) => {
      c.FeedbackWebhookURL = url;
      c.FeedbackWebhookSecret = SECRET;
    },
  });
});
after(async () => {
  await stack?.close();
  hook.closeAllConnections();
  await new Promise<void>((r) => hook.close(() => r()));
});

async function waitForEvents(n: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  const all = () => received.flatMap((r) => r.body.events);
  while (all().length < n && Date.now() < deadline) await sleep(20);
  return all();
}

test('a dead token: the send_push reply does not wait for a slow webhook; the event carries the whole token, signed', async () => {
  behaviour.delayMs = 1500;
  const dead = 'ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0001';
  const started = performance.now();
  const r = await stack.sendPush(message('apple_rn', dead, { ack_id: 'fb-1' }));
  const ms = performance.now() - started;
  assert.equal(r.json.status, 'REMOVE');
  assert.ok(ms < 1000, `send_push took ${ms} ms`);
  const events = await waitForEvents(1);
  behaviour.delayMs = 0;
  assert.equal(events.length, 1);
  const e = events[0]!;
  assert.equal(e.event, 'removed');
  assert.equal(e.device_id, dead, 'the whole token goes to the admin');
  assert.equal(e.server_id, 'ws1qpxh8p7rwbgqzb5nqchsq3e');
  assert.equal(e.platform, 'apple_rn');
  assert.equal(e.ack_id, 'fb-1');
  assert.ok(e.reason);
  const sig = received[0]!.signature;
  assert.equal(sig, `sha256=${createHmac('sha256', SECRET).update(received[0]!.raw).digest('hex')}`);
  assert.ok(!stack.logs.text().includes(dead), 'the token never reaches the log');
});

test('a failed push (definite FAIL) is reported too; a webhook 500 is retried', async () => {
  received.length = 0;
  behaviour.failFirst = 1;
  const before = attempts;
  const token = await stack.apnsDevice();
  await stack.client.addFault({ kind: 'status', service: 'apns', token, status: 400, reason: 'BadTopic', times: 1 });
  const r = await stack.sendPush(message('apple_rn', token, { ack_id: 'fb-2' }));
  assert.equal(r.json.status, 'FAIL');
  const events = await waitForEvents(1);
  assert.equal(events[0]!.event, 'failed');
  assert.equal(events[0]!.reason, 'BadTopic');
  assert.equal(attempts - before, 2, 'one 500, then delivered');
});

test('a delivered push is not reported', async () => {
  received.length = 0;
  const token = await stack.apnsDevice();
  const r = await stack.sendPush(message('apple_rn', token));
  assert.deepEqual(r.json, { status: 'OK' });
  await sleep(200);
  assert.equal(received.length, 0);
});
