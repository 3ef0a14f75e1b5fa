// Fault injection through the admin API, seen by real clients of FCM (HTTPS/1.1 and HTTP/2) and
// Web Push (the web-push package): status, latency, dropped connections, rate limits; N times or
// until cleared; global, per service or per token.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Agent } from 'node:https';
import { connect, constants as h2 } from 'node:http2';
import webPush, { WebPushError, type PushSubscription } from 'web-push';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { fcmAccessToken } from '../testing/fcm-auth.js';
import { httpsRequest, type HttpsAnswer } from '../testing/https-request.js';
import type { FaultRule } from './faults.js';

interface H2Result {
  status?: number;
  rstCode?: number;
  goaway: boolean;
  error?: string;
}

describe('faults per service', () => {
  let sb: TestSandbox;
  let ca: string;
  let agent: Agent;
  let accessToken: string;
  let fcmPath: string;
  let vapidDetails: { subject: string; publicKey: string; privateKey: string };

  const fcm = (token: string): Promise<HttpsAnswer> =>
    httpsRequest(`${sb.origin}${fcmPath}`, {
      ca,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: { token, data: { k: 'v' }, android: { priority: 'high' } } }),
    });
  const push = (sub: PushSubscription) => webPush.sendNotification(sub, '{"k":"v"}', { vapidDetails, TTL: 60, agent });
  /** The status web-push saw, or the network error code. */
  const pushStatus = (sub: PushSubscription): Promise<number | string> =>
    push(sub).then(
      (r) => r.statusCode,
      (e: unknown) => (e instanceof WebPushError ? e.statusCode : String((e as NodeJS.ErrnoException).code ?? (e as Error).message)),
    );

  function fcmOverH2(token: string): Promise<H2Result> {
    return new Promise((resolve) => {
      const session = connect(sb.origin, { ca });
      const out: H2Result = { goaway: false };
      session.on('goaway', () => (out.goaway = true));
      session.on('error', (e) => (out.error ??= e.message));
      const req = session.request({
        ':method': 'POST',
        ':path': fcmPath,
        authorization: `Bearer ${accessToken}`,
        'content-type': 'application/json',
      });
      req.on('response', (h) => (out.status = Number(h[':status'])));
      req.on('error', (e) => (out.error ??= e.message));
      req.on('close', () => {
        out.rstCode = req.rstCode;
        session.close();
        resolve(out);
      });
      req.resume();
      req.end(JSON.stringify({ message: { token, data: { k: 'v' } } }));
    });
  }

  before(async () => {
    sb = await startTestSandbox();
    ca = sb.credentials.ca.certPem;
    agent = new Agent({ ca });
    accessToken = await fcmAccessToken(sb.credentials.firebase, ca);
    fcmPath = `/v1/projects/${sb.credentials.firebase.project_id}/messages:send`;
    vapidDetails = sb.credentials.vapid;
  });
  afterEach(() => sb.client.clearFaults());
  after(async () => {
    agent.destroy();
    await sb.close();
  });

  test('status: Web Push answers the injected status, reason and Retry-After; nothing is delivered', async () => {
    const { id, subscription } = await sb.client.subscribeWebPush();
    await sb.client.addFault({ kind: 'status', service: 'webpush', status: 503, reason: 'Service Unavailable', retryAfter: 3 });
    await assert.rejects(push(subscription), (e: unknown) => {
      assert.ok(e instanceof WebPushError);
      assert.equal(e.statusCode, 503);
      assert.equal(e.headers['retry-after'], '3');
      assert.match(e.body, /Service Unavailable/);
      return true;
    });
    assert.deepEqual(await sb.client.inbox({ token: id }), []);
  });

  test('latency delays the answer and then the push goes through (FCM and Web Push)', async () => {
    const device = (await sb.client.registerFcm()).token;
    const { id, subscription } = await sb.client.subscribeWebPush();
    await sb.client.addFault({ kind: 'latency', latencyMs: 150 });
    let t = Date.now();
    assert.equal((await fcm(device)).status, 200);
    assert.ok(Date.now() - t >= 140, `FCM answered after ${Date.now() - t} ms`);
    t = Date.now();
    assert.equal(await pushStatus(subscription), 201);
    assert.ok(Date.now() - t >= 140, `Web Push answered after ${Date.now() - t} ms`);
    await sb.client.next(device, { timeoutMs: 2000 });
    await sb.client.next(id, { timeoutMs: 2000 });
  });

  test('latency stacks with the fault after it', async () => {
    const device = (await sb.client.registerFcm()).token;
    await sb.client.addFault({ kind: 'latency', service: 'fcm', token: device, latencyMs: 100, times: 1 });
    await sb.client.addFault({ kind: 'status', service: 'fcm', token: device, status: 503, reason: 'UNAVAILABLE', times: 1 });
    const t = Date.now();
    const r = await fcm(device);
    assert.ok(Date.now() - t >= 90);
    assert.equal(r.status, 503);
    assert.equal(r.json.error.details[0].errorCode, 'UNAVAILABLE');
    assert.equal((await fcm(device)).status, 200);
  });

  test('drop reset over HTTP/1.1 destroys the socket: FCM and web-push see a connection error, nothing is delivered', async () => {
    const device = (await sb.client.registerFcm()).token;
    const { id, subscription } = await sb.client.subscribeWebPush();
    await sb.client.addFault({ kind: 'drop', drop: 'reset', times: 2 });
    await assert.rejects(fcm(device), (e: NodeJS.ErrnoException) => e.code === 'ECONNRESET');
    assert.equal(await pushStatus(subscription), 'ECONNRESET');
    assert.deepEqual(await sb.client.inbox({ token: device }), []);
    assert.deepEqual(await sb.client.inbox({ token: id }), []);
    // The rule is used up and the sandbox still answers.
    assert.equal((await fcm(device)).status, 200);
    assert.equal(await pushStatus(subscription), 201);
  });

  test('drop over HTTP/2 (FCM): reset closes the stream with INTERNAL_ERROR, goaway ends the connection', async () => {
    const device = (await sb.client.registerFcm()).token;
    await sb.client.addFault({ kind: 'drop', service: 'fcm', drop: 'reset', times: 1 });
    const reset = await fcmOverH2(device);
    assert.equal(reset.status, undefined);
    assert.equal(reset.rstCode, h2.NGHTTP2_INTERNAL_ERROR);
    await sb.client.addFault({ kind: 'drop', service: 'fcm', drop: 'goaway', times: 1 });
    const goaway = await fcmOverH2(device);
    assert.equal(goaway.status, undefined);
    assert.equal(goaway.goaway, true);
    assert.equal(goaway.rstCode, h2.NGHTTP2_REFUSED_STREAM);
    const ok = await fcmOverH2(device);
    assert.equal(ok.status, 200, JSON.stringify(ok));
    assert.equal((await sb.client.inbox({ token: device })).length, 1);
  });

  test('ratelimit: requests beyond perSecond get 429 with Retry-After (FCM QUOTA_EXCEEDED, Web Push 429)', async () => {
    const device = (await sb.client.registerFcm()).token;
    const { subscription } = await sb.client.subscribeWebPush();
    // Start in a fresh second so the three requests share one rate window.
    const left = 1000 - (Date.now() % 1000);
    if (left < 400) await new Promise((r) => setTimeout(r, left + 5));
    await sb.client.addFault({ kind: 'ratelimit', service: 'fcm', perSecond: 2, retryAfter: 5 });
    await sb.client.addFault({ kind: 'ratelimit', service: 'webpush', perSecond: 0, retryAfter: 9 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push(await fcm(device));
    assert.deepEqual(statuses.map((r) => r.status), [200, 200, 429]);
    assert.equal(statuses[2]!.headers['retry-after'], '5');
    assert.equal(statuses[2]!.json.error.details[0].errorCode, 'QUOTA_EXCEEDED');
    await assert.rejects(push(subscription), (e: unknown) => e instanceof WebPushError && e.statusCode === 429 && e.headers['retry-after'] === '9');
  });

  test('`times` expires a rule after N matching requests', async () => {
    const device = (await sb.client.registerFcm()).token;
    const rule = await sb.client.addFault({ kind: 'status', service: 'fcm', status: 500, reason: 'INTERNAL', times: 2 });
    assert.equal(rule.remaining, 2);
    assert.equal((await fcm(device)).status, 500);
    const listed = (await (await fetch(`${sb.adminUrl}/faults`)).json()) as FaultRule[];
    assert.deepEqual(listed.map((r) => [r.id, r.remaining]), [[rule.id, 1]]);
    assert.equal((await fcm(device)).status, 500);
    assert.equal((await fcm(device)).status, 200);
    assert.deepEqual(await (await fetch(`${sb.adminUrl}/faults`)).json(), []);
  });

  test('a request refused for its own faults does not use up a `times` rule', async () => {
    const device = (await sb.client.registerFcm()).token;
    const { subscription } = await sb.client.subscribeWebPush({ applicationServerKey: vapidDetails.publicKey });
    await sb.client.addFault({ kind: 'status', service: 'fcm', token: device, status: 503, reason: 'UNAVAILABLE', times: 1 });
    const bad = await httpsRequest(`${sb.origin}${fcmPath}`, {
      ca,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: { token: device, data: { n: 1 } } }),
    });
    assert.equal(bad.status, 400);
    assert.equal((await fcm(device)).status, 503);
    assert.equal((await fcm(device)).status, 200);

    await sb.client.addFault({ kind: 'status', service: 'webpush', status: 503, times: 1 });
    const other = webPush.generateVAPIDKeys();
    await assert.rejects(
      webPush.sendNotification(subscription, 'x', { vapidDetails: { subject: 'mailto:x@y.example', ...other }, TTL: 60, agent }),
      (e: unknown) => e instanceof WebPushError && e.statusCode === 403,
    );
    assert.equal(await pushStatus(subscription), 503);
    assert.equal(await pushStatus(subscription), 201);
  });

  test('a per-token rule hits only that token; a per-service rule only that service', async () => {
    const [a, b] = [(await sb.client.registerFcm()).token, (await sb.client.registerFcm()).token];
    const s1 = await sb.client.subscribeWebPush();
    const s2 = await sb.client.subscribeWebPush();
    await sb.client.addFault({ kind: 'status', token: a, status: 503, reason: 'UNAVAILABLE' });
    await sb.client.addFault({ kind: 'status', token: s1.id, status: 500, reason: 'oops' });
    assert.equal((await fcm(a)).status, 503);
    assert.equal((await fcm(b)).status, 200);
    assert.equal(await pushStatus(s1.subscription), 500);
    assert.equal(await pushStatus(s2.subscription), 201);

    await sb.client.clearFaults();
    await sb.client.addFault({ kind: 'status', service: 'webpush', status: 503 });
    assert.equal((await fcm(a)).status, 200);
    assert.equal(await pushStatus(s2.subscription), 503);
  });

  test('clearing: DELETE /faults/<id> removes one rule, DELETE /faults all of them', async () => {
    const device = (await sb.client.registerFcm()).token;
    const { subscription } = await sb.client.subscribeWebPush();
    const first = await sb.client.addFault({ kind: 'status', service: 'fcm', status: 503, reason: 'UNAVAILABLE' });
    await sb.client.addFault({ kind: 'drop', service: 'webpush', drop: 'reset' });
    const del = await fetch(`${sb.adminUrl}/faults/${first.id}`, { method: 'DELETE' });
    assert.equal(del.status, 200);
    assert.equal((await fetch(`${sb.adminUrl}/faults/${first.id}`, { method: 'DELETE' })).status, 404);
    assert.equal((await fcm(device)).status, 200);
    assert.equal(await pushStatus(subscription), 'ECONNRESET');
    await sb.client.clearFaults();
    assert.equal(await pushStatus(subscription), 201);
  });
});
