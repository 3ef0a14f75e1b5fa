// The `web-push` package sends to sandbox subscriptions exactly as to a browser's push service:
// VAPID + aes128gcm, 201, and the inbox holds what the service worker would decrypt.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import webPush from 'web-push';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';

describe('Web Push delivery with web-push', () => {
  let sb: TestSandbox;
  let agent: Agent;
  let vapidDetails: { subject: string; publicKey: string; privateKey: string };

  before(async () => {
    sb = await startTestSandbox();
    agent = new Agent({ ca: sb.credentials.ca.certPem });
    vapidDetails = { subject: sb.credentials.vapid.subject, publicKey: sb.credentials.vapid.publicKey, privateKey: sb.credentials.vapid.privateKey };
  });
  after(async () => {
    agent.destroy();
    await sb.close();
  });

  test('a subscription looks like PushSubscription.toJSON() with an endpoint on the sandbox', async () => {
    const { id, subscription } = await sb.client.subscribeWebPush();
    assert.equal(subscription.endpoint, `${sb.origin}/wp/${id}`);
    assert.equal(subscription.expirationTime, null);
    assert.equal(Buffer.from(subscription.keys.p256dh, 'base64url').length, 65);
    assert.equal(Buffer.from(subscription.keys.auth, 'base64url').length, 16);
  });

  test("the sandbox's VAPID keys: 201 with a Location, and the inbox holds the decrypted JSON and the headers", async () => {
    const { id, subscription } = await sb.client.subscribeWebPush({ applicationServerKey: vapidDetails.publicKey });
    const payload = { type: 'message', title: 'Town Square', body: 'héllo ✓', post_id: 'p1' };
    const res = await webPush.sendNotification(subscription, JSON.stringify(payload), { vapidDetails, TTL: 60, urgency: 'high', topic: 'chan-1', agent });
    assert.equal(res.statusCode, 201);
    assert.match(String(res.headers.location), new RegExp(`^${sb.origin}/m/`));

    const d = await sb.client.next(id, { timeoutMs: 5000 });
    assert.equal(d.service, 'webpush');
    assert.deepEqual(d.payload, payload);
    assert.equal(d.headers['content-encoding'], 'aes128gcm');
    assert.equal(d.headers.ttl, '60');
    assert.equal(d.headers.urgency, 'high');
    assert.equal(d.headers.topic, 'chan-1');
    assert.equal(d.headers.authorization, 'vapid <redacted>');
    assert.equal(res.headers.location, `${sb.origin}/m/${d.id}`);
  });

  test('freshly generated VAPID keys work for a subscription made without applicationServerKey', async () => {
    const keys = webPush.generateVAPIDKeys();
    const { id, subscription } = await sb.client.subscribeWebPush();
    const res = await webPush.sendNotification(subscription, 'plain text, not JSON', {
      vapidDetails: { subject: 'https://example.com/contact', ...keys },
      TTL: 0,
      agent,
    });
    assert.equal(res.statusCode, 201);
    const d = await sb.client.next(id, { timeoutMs: 5000 });
    assert.equal(d.payload, 'plain text, not JSON');
  });

  test('a push without a payload is delivered with payload null', async () => {
    const { id, subscription } = await sb.client.subscribeWebPush({ applicationServerKey: vapidDetails.publicKey });
    const res = await webPush.sendNotification(subscription, null, { vapidDetails, TTL: 30, agent });
    assert.equal(res.statusCode, 201);
    assert.equal((await sb.client.next(id, { timeoutMs: 5000 })).payload, null);
  });

  test('the largest payload that fits 4096 encrypted bytes (3993 clear bytes) is delivered intact', async () => {
    const { id, subscription } = await sb.client.subscribeWebPush({ applicationServerKey: vapidDetails.publicKey });
    const text = 'é'.repeat(1996) + 'x'; // 3993 UTF-8 bytes
    assert.equal(Buffer.byteLength(text), 3993);
    const res = await webPush.sendNotification(subscription, text, { vapidDetails, TTL: 60, agent });
    assert.equal(res.statusCode, 201);
    assert.equal((await sb.client.next(id, { timeoutMs: 5000 })).payload, text);
  });

  test('several pushes arrive in order and can be read one after another with `after`', async () => {
    const { id, subscription } = await sb.client.subscribeWebPush({ applicationServerKey: vapidDetails.publicKey });
    for (const n of [1, 2, 3]) await webPush.sendNotification(subscription, JSON.stringify({ n }), { vapidDetails, TTL: 60, agent });
    let seq = 0;
    for (const n of [1, 2, 3]) {
      const d = await sb.client.next(id, { after: seq, timeoutMs: 5000 });
      assert.deepEqual(d.payload, { n });
      seq = d.seq;
    }
  });
});
