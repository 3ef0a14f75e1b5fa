// What a push service refuses (RFC 8030/8291/8292): bad or missing VAPID, a VAPID key other than
// the subscription's applicationServerKey, no TTL, bodies over 4096 bytes, gone or unknown
// subscriptions, and bodies it cannot decrypt. Nothing refused reaches the inbox.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { Agent } from 'node:https';
import ece from 'http_ece';
import { importJWK, SignJWT } from 'jose';
import webPush, { WebPushError, type PushSubscription } from 'web-push';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { httpsRequest, type HttpsAnswer } from '../testing/https-request.js';

interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** A `vapid t=..., k=...` header with a JWT signed by `signer` (default: the keys named in k). */
async function vapidHeader(keys: VapidKeys, claims: { aud: string; exp: number; sub?: string }, signer: VapidKeys = keys): Promise<string> {
  const pub = Buffer.from(signer.publicKey, 'base64url');
  const key = await importJWK(
    { kty: 'EC', crv: 'P-256', d: signer.privateKey, x: pub.subarray(1, 33).toString('base64url'), y: pub.subarray(33).toString('base64url') },
    'ES256',
  );
  const jwt = await new SignJWT({ sub: claims.sub ?? 'mailto:ops@example.com' })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setAudience(claims.aud)
    .setExpirationTime(claims.exp)
    .sign(key);
  return `vapid t=${jwt}, k=${keys.publicKey}`;
}

describe('Web Push refusals', () => {
  let sb: TestSandbox;
  let agent: Agent;
  let ca: string;
  let vapid: VapidKeys & { subject: string };

  /** Sends what web-push would send, after `edit` changes its headers or body. */
  async function raw(
    sub: PushSubscription,
    payload: string,
    edit: (h: Record<string, string | number>) => void | Promise<void> = () => {},
    body?: Buffer,
  ): Promise<HttpsAnswer> {
    const details = webPush.generateRequestDetails(sub, payload, { vapidDetails: vapid, TTL: 60 });
    const headers = { ...(details.headers as Record<string, string | number>) };
    await edit(headers);
    const data = body ?? details.body;
    if (body) headers['Content-Length'] = body.length;
    return httpsRequest(details.endpoint, { ca, method: details.method, headers, ...(data ? { body: data } : {}) });
  }

  function refused(r: HttpsAnswer, status: number, message?: RegExp): void {
    assert.equal(r.status, status, r.text);
    assert.equal(r.json.code, status);
    if (message) assert.match(r.json.message, message);
  }

  const restricted = async () => sb.client.subscribeWebPush({ applicationServerKey: vapid.publicKey });
  const now = () => Math.floor(Date.now() / 1000);

  before(async () => {
    sb = await startTestSandbox();
    ca = sb.credentials.ca.certPem;
    agent = new Agent({ ca });
    vapid = sb.credentials.vapid;
  });
  after(async () => {
    agent.destroy();
    await sb.close();
  });

  test('a different VAPID key than the applicationServerKey -> 403 (web-push rejects with WebPushError)', async () => {
    const { id, subscription } = await restricted();
    const other = webPush.generateVAPIDKeys();
    await assert.rejects(
      webPush.sendNotification(subscription, 'x', { vapidDetails: { subject: 'mailto:a@b.example', ...other }, TTL: 60, agent }),
      (e: unknown) => e instanceof WebPushError && e.statusCode === 403 && /applicationServerKey/.test(e.body),
    );
    assert.deepEqual(await sb.client.inbox({ token: id }), []);
  });

  test('no VAPID authorization on a restricted subscription -> 401', async () => {
    const { subscription } = await restricted();
    refused(await raw(subscription, 'x', (h) => void delete h.Authorization), 401, /Authorization/);
  });

  test('VAPID JWT with a foreign aud, expired, exp over 24 h ahead, or a bad signature -> 401', async () => {
    const { id, subscription } = await restricted();
    const aud = new URL(subscription.endpoint).origin;
    const stranger = webPush.generateVAPIDKeys();
    const cases: [string, () => Promise<string>, RegExp][] = [
      ['foreign aud', () => vapidHeader(vapid, { aud: 'https://fcm.googleapis.com', exp: now() + 600 }), /aud/],
      ['expired', () => vapidHeader(vapid, { aud, exp: now() - 10 }), /expired/],
      ['exp > 24 h', () => vapidHeader(vapid, { aud, exp: now() + 25 * 3600 }), /24 hours/],
      ['bad signature', () => vapidHeader(vapid, { aud, exp: now() + 600 }, stranger), /signature/],
      ['no sub', () => vapidHeader(vapid, { aud, exp: now() + 600, sub: 'ops@example.com' }), /sub/],
      ['not vapid', async () => 'Bearer abc', /vapid/],
      ['k not a P-256 key', async () => `vapid t=a.b.c, k=${Buffer.alloc(65, 1).toString('base64url')}`, /P-256/],
    ];
    for (const [name, header, message] of cases) {
      const h = await header();
      const r = await raw(subscription, JSON.stringify({ name }), (hs) => void (hs.Authorization = h));
      assert.equal(r.status, 401, `${name}: ${r.text}`);
      assert.match(r.json.message, message, name);
    }
    // A correctly made JWT with the same helper is accepted: the cases above fail for their reason.
    const good = await vapidHeader(vapid, { aud, exp: now() + 600 });
    assert.equal((await raw(subscription, '"ok"', (hs) => void (hs.Authorization = good))).status, 201);
    assert.deepEqual((await sb.client.inbox({ token: id })).map((d) => d.payload), ['ok']);
  });

  test('a missing or malformed TTL header -> 400', async () => {
    const { subscription } = await restricted();
    refused(await raw(subscription, 'x', (h) => void delete h.TTL), 400, /TTL/);
    refused(await raw(subscription, 'x', (h) => void (h.TTL = '-5')), 400, /TTL/);
  });

  test('a bad Urgency or Topic header -> 400', async () => {
    const { subscription } = await restricted();
    refused(await raw(subscription, 'x', (h) => void (h.Urgency = 'urgent')), 400, /Urgency/);
    refused(await raw(subscription, 'x', (h) => void (h.Topic = 'a'.repeat(33))), 400, /Topic/);
  });

  test('a body over 4096 bytes -> 413 (web-push encrypts it without complaint)', async () => {
    const { id, subscription } = await restricted();
    await assert.rejects(
      webPush.sendNotification(subscription, 'x'.repeat(3994), { vapidDetails: vapid, TTL: 60, agent }),
      (e: unknown) => e instanceof WebPushError && e.statusCode === 413,
    );
    // Without Content-Length (chunked), the limit still holds.
    const r = await raw(subscription, 'x', (h) => void delete h['Content-Length'], Buffer.alloc(10_000, 1));
    assert.equal(r.status, 413, r.text);
    assert.deepEqual(await sb.client.inbox({ token: id }), []);
  });

  test('an unsubscribed endpoint -> 410 Gone; an unknown one -> 404', async () => {
    const { id, subscription } = await restricted();
    await sb.client.unregister('webpush', id);
    await assert.rejects(
      webPush.sendNotification(subscription, 'x', { vapidDetails: vapid, TTL: 60, agent }),
      (e: unknown) => e instanceof WebPushError && e.statusCode === 410,
    );
    const unknown = { ...subscription, endpoint: `${sb.origin}/wp/00000000-0000-4000-8000-000000000000` };
    await assert.rejects(
      webPush.sendNotification(unknown, 'x', { vapidDetails: vapid, TTL: 60, agent }),
      (e: unknown) => e instanceof WebPushError && e.statusCode === 404,
    );
    refused(await httpsRequest(`${sb.origin}/wp/not-a-subscription`, { ca, headers: { TTL: 60 } }), 404);
  });

  test('the legacy aesgcm encoding -> 415; only aes128gcm (RFC 8291) is accepted', async () => {
    const { id, subscription } = await restricted();
    await assert.rejects(
      webPush.sendNotification(subscription, 'x', { vapidDetails: vapid, TTL: 60, contentEncoding: 'aesgcm', agent }),
      (e: unknown) => e instanceof WebPushError && e.statusCode === 415,
    );
    assert.deepEqual(await sb.client.inbox({ token: id }), []);
  });

  test('a body that does not decrypt with the subscription keys -> 400', async () => {
    const { id, subscription } = await restricted();
    const { subscription: other } = await sb.client.subscribeWebPush();
    // Encrypted for another subscription's keys, sent to this one.
    const forOther = webPush.generateRequestDetails(other, 'secret', { vapidDetails: vapid, TTL: 60 }).body as Buffer;
    refused(await raw(subscription, 'x', () => {}, forOther), 400, /decrypt/);
    // Random bytes labelled aes128gcm.
    refused(await raw(subscription, 'x', () => {}, Buffer.alloc(200, 7)), 400, /decrypt/);
    // Truncated ciphertext.
    const good = webPush.generateRequestDetails(subscription, 'hello', { vapidDetails: vapid, TTL: 60 }).body as Buffer;
    refused(await raw(subscription, 'x', () => {}, good.subarray(0, good.length - 5)), 400, /decrypt/);
    assert.deepEqual(await sb.client.inbox({ token: id }), []);
  });

  test('a body split into several records -> 400: RFC 8291 allows a single record', async () => {
    const { id, subscription } = await restricted();
    const sender = createECDH('prime256v1');
    sender.generateKeys();
    const encrypt = (rs: number) =>
      ece.encrypt(Buffer.alloc(300, 'a'), {
        version: 'aes128gcm',
        privateKey: sender,
        dh: subscription.keys.p256dh,
        authSecret: subscription.keys.auth,
        salt: randomBytes(16),
        rs,
      });
    refused(await raw(subscription, 'x', () => {}, encrypt(100)), 400, /single record/);
    // The same message as one record is fine: the refusal above is about the records alone.
    assert.equal((await raw(subscription, 'x', () => {}, encrypt(4096))).status, 201);
    assert.deepEqual((await sb.client.inbox({ token: id })).map((d) => d.payload), ['a'.repeat(300)]);
  });

  test('methods other than POST -> 405 with Allow: POST', async () => {
    const { subscription } = await restricted();
    const r = await httpsRequest(subscription.endpoint, { ca, method: 'GET' });
    refused(r, 405);
    assert.equal(r.headers.allow, 'POST');
  });
});
