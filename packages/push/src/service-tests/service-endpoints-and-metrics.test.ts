// GET /, /version, /healthz, /readyz and /metrics (the anchor's metric names and labels, so
// existing dashboards work), and POST /api/v1/ack counting deliveries.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startStack, type Stack } from '../testing/start-stack.js';
import { message, updateBadge } from './mattermost-bodies.js';

/** Value of one sample line, e.g. sample(text, 'service_success_total{platform="apple_rn",type="message"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('with EnableMetrics true', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ config: (c) => (c.EnableMetrics = true) });
  });
  after(async () => {
    await stack?.close();
  });

  test('GET / answers like the anchor (HTML liveness text); HEAD too', async () => {
    const r = await stack.request({ path: '/' });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/html/);
    assert.match(r.text, /Mattermost Push Proxy/);
    assert.equal((await stack.request({ path: '/', method: 'HEAD' })).status, 200);
  });

  test('GET /version: JSON with the version and build info', async () => {
    const r = await stack.request({ path: '/version' });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^application\/json/);
    assert.match(r.json.version, /^\d+\.\d+\.\d+/);
    assert.equal(typeof r.json.hash, 'string');
    assert.equal(typeof r.json.build_date, 'string');
  });

  test('GET /healthz and /readyz: OK, with the configured app types', async () => {
    assert.deepEqual((await stack.request({ path: '/healthz' })).json, { status: 'OK' });
    const ready = await stack.request({ path: '/readyz' });
    assert.equal(ready.status, 200);
    assert.equal(ready.json.status, 'OK');
    assert.deepEqual([...ready.json.providers].sort(), ['android_rn', 'apple_rn', 'apple_rnbeta', 'webpush']);
  });

  test('GET /metrics: the anchor names with their labels after OK, REMOVE, FAIL and a bad request', async () => {
    const ios = await stack.apnsDevice();
    const android = await stack.fcmDevice();
    const dead = await stack.apnsDevice();
    await stack.client.unregister('apns', dead);
    assert.equal((await stack.sendPush(message('apple_rn-v2', ios))).json.status, 'OK');
    assert.equal((await stack.sendPush(message('apple_rn-v2', ios, { ack_id: '' }))).json.status, 'OK');
    assert.equal((await stack.sendPush(updateBadge('android_rn-v2', android))).json.status, 'OK');
    assert.equal((await stack.sendPush(message('apple_rn', dead))).json.status, 'REMOVE');
    await stack.client.addFault({ kind: 'status', service: 'apns', token: ios, status: 400, reason: 'BadTopic', times: 1 });
    assert.equal((await stack.sendPush(message('apple_rn-v2', ios))).json.status, 'FAIL');
    assert.equal((await stack.request({ path: '/api/v1/send_push', body: '{' })).status, 400);
    const voip = await stack.sendPush({ ...message('apple_rn-v2', ios), sub_type: 'calls', transport: 'voip' });
    assert.equal(voip.json.status, 'OK');

    const r = await stack.request({ path: '/metrics' });
    assert.equal(r.status, 200);
    assert.match(String(r.headers['content-type']), /^text\/plain/);
    const t = r.text;
    for (const name of [
      'service_notifications_total',
      'service_notifications_by_app_version_total',
      'service_success_total',
      'service_success_with_ack_total',
      'service_delivered_total',
      'service_failure_total',
      'service_failure_with_reason_total',
      'service_removal_total',
      'service_bad_request_total',
      'service_apns_request_duration_seconds',
      'service_fcm_request_duration_seconds',
      'service_request_duration_seconds',
      'service_notification_duration_seconds',
    ]) {
      assert.match(t, new RegExp(`^# TYPE ${name} (counter|histogram)$`, 'm'), name);
    }
    assert.equal(sample(t, 'service_notifications_total{platform="apple_rn",type="message",transport="default"}'), 4);
    assert.equal(sample(t, 'service_notifications_total{platform="apple_rn",type="message",transport="voip"}'), 1);
    assert.equal(sample(t, 'service_notifications_total{platform="android_rn",type="update_badge",transport="default"}'), 1);
    assert.equal(sample(t, 'service_notifications_by_app_version_total{platform="apple_rn",type="message",app_version="2"}'), 4);
    assert.equal(sample(t, 'service_success_total{platform="apple_rn",type="message"}'), 3);
    assert.equal(sample(t, 'service_success_with_ack_total{platform="apple_rn",type="message"}'), 2);
    assert.equal(sample(t, 'service_success_total{platform="android_rn",type="update_badge"}'), 1);
    assert.equal(sample(t, 'service_failure_total{platform="apple_rn",type="message"}'), 2);
    assert.equal(sample(t, 'service_failure_with_reason_total{platform="apple_rn",type="message",reason="Unregistered"}'), 1);
    assert.equal(sample(t, 'service_failure_with_reason_total{platform="apple_rn",type="message",reason="BadTopic"}'), 1);
    assert.equal(sample(t, 'service_removal_total{platform="apple_rn",reason="Unregistered"}'), 1);
    assert.equal(sample(t, 'service_bad_request_total'), 1);
    assert.equal(sample(t, 'service_apns_request_duration_seconds_count'), 5);
    assert.equal(sample(t, 'service_fcm_request_duration_seconds_count'), 1);
    assert.equal(sample(t, 'service_notification_duration_seconds_count{platform="apple_rn"}'), 5);
    // Herald times the sends that reach a provider (the anchor times every send_push/ack request).
    assert.equal(sample(t, 'service_request_duration_seconds_count'), 6);
  });

  test('POST /api/v1/ack counts service_delivered_total by platform and type', async () => {
    const before = sample((await stack.request({ path: '/metrics' })).text, 'service_delivered_total{platform="android",type="message"}') ?? 0;
    const ack = { id: 'a1b2c3d4e5f6g7h8i9j0k1l2m3', received_at: Date.now(), platform: 'android', type: 'message', post_id: 'p9x8w7v6u5t4s3r2q1p0o9n8m7', is_id_loaded: false };
    const r = await stack.request({ path: '/api/v1/ack', body: ack });
    assert.equal(r.status, 200);
    assert.deepEqual(r.json, { status: 'OK' });
    assert.deepEqual((await stack.request({ path: '/api/v1/ack', body: { ...ack, platform: 'ios' } })).json, { status: 'OK' });
    const t = (await stack.request({ path: '/metrics' })).text;
    assert.equal(sample(t, 'service_delivered_total{platform="android",type="message"}'), before + 1);
    assert.equal(sample(t, 'service_delivered_total{platform="ios",type="message"}'), 1);
  });

  test('ack without id, platform or type -> FAIL naming the field, not counted as delivered', async () => {
    const full = { id: 'x1', received_at: Date.now(), platform: 'ios', type: 'clear' };
    for (const field of ['id', 'platform', 'type'] as const) {
      const body: Record<string, unknown> = { ...full };
      delete body[field];
      const r = await stack.request({ path: '/api/v1/ack', body });
      assert.equal(r.status, 400);
      assert.equal(r.json.status, 'FAIL');
      assert.match(r.json.error, new RegExp(`^${field}: missing`));
    }
    const mistyped = await stack.request({ path: '/api/v1/ack', body: { ...full, received_at: 'yesterday' } });
    assert.equal(mistyped.json.status, 'FAIL');
    assert.match(mistyped.json.error, /^received_at: /);
    assert.equal(sample((await stack.request({ path: '/metrics' })).text, 'service_delivered_total{platform="ios",type="clear"}'), undefined);
  });
});

describe('with EnableMetrics false', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ config: (c) => (c.EnableMetrics = false) });
  });
  after(async () => {
    await stack?.close();
  });

  test('GET /metrics is 404, and everything else still works', async () => {
    const r = await stack.request({ path: '/metrics' });
    assert.equal(r.status, 404);
    assert.equal(r.json.status, 'FAIL');
    assert.match(r.json.error, /EnableMetrics/);
    const token = await stack.apnsDevice();
    assert.deepEqual((await stack.sendPush(message('apple_rn', token))).json, { status: 'OK' });
    assert.deepEqual((await stack.request({ path: '/api/v1/ack', body: { id: 'a', platform: 'ios', type: 'message' } })).json, { status: 'OK' });
  });
});
