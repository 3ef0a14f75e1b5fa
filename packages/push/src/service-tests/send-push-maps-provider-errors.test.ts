// Every provider answer becomes the reply the chat server acts on. REMOVE only for a token that is
// definitely dead (it makes the server forget the device); transient trouble is FAIL, never REMOVE.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { encodeSubscription } from '../providers/webpush/webpush-payload.js';
import { startStack, type Stack } from '../testing/start-stack.js';
import { message } from './mattermost-bodies.js';

let stack: Stack;
before(async () => {
  // One try per push keeps the transient cases quick; retries have their own tests.
  stack = await startStack({ retry: { maxTries: 1 } });
});
afterEach(async () => {
  await stack.client.clearFaults();
});
after(async () => {
  await stack?.close();
});

let n = 0;
/** Sends a message push and returns the reply and the per-push log record. */
async function send(platform: string, deviceId: string) {
  const ack = `ack-${++n}`;
  const r = await stack.sendPush(message(platform, deviceId, { ack_id: ack }));
  assert.equal(r.status, 200, r.text);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  const log = stack.logs.push(ack);
  assert.ok(log, `a log line for ${ack}`);
  assert.equal(log.result, r.json.status);
  return { reply: r.json as { status: string; error?: string }, log };
}

function assertReply(reply: { status: string; error?: string }, status: string, error: RegExp): void {
  assert.equal(reply.status, status, JSON.stringify(reply));
  assert.match(reply.error ?? '', error);
  assert.deepEqual(Object.keys(reply).sort(), ['error', 'status']);
}

describe('APNs', () => {
  test('410 Unregistered (app uninstalled) -> REMOVE', async () => {
    const token = await stack.apnsDevice();
    await stack.client.unregister('apns', token);
    assertReply((await send('apple_rn', token)).reply, 'REMOVE', /410 Unregistered/);
  });

  test('BadDeviceToken for a token APNs does not know, or a malformed one -> REMOVE', async () => {
    assertReply((await send('apple_rn', randomBytes(32).toString('hex'))).reply, 'REMOVE', /400 BadDeviceToken/);
    assertReply((await send('apple_rn', 'not-a-hex-token')).reply, 'REMOVE', /400 BadDeviceToken/);
  });

  test('DeviceTokenNotForTopic (token of another app) -> REMOVE', async () => {
    const token = await stack.apnsDevice('com.mattermost.rnbeta');
    assertReply((await send('apple_rn', token)).reply, 'REMOVE', /400 DeviceTokenNotForTopic/);
  });

  test('injected 410 Unregistered -> REMOVE, and the removal is counted with its reason', async () => {
    const token = await stack.apnsDevice();
    await stack.client.addFault({ kind: 'status', service: 'apns', token, status: 410, reason: 'Unregistered', times: 1 });
    assertReply((await send('apple_rn', token)).reply, 'REMOVE', /Unregistered/);
    assert.match(await stack.service.metrics.text(), /service_removal_total\{platform="apple_rn",reason="Unregistered"\} [1-9]/);
  });

  test('injected 400 BadTopic -> FAIL at once (a config problem, not the token)', async () => {
    const token = await stack.apnsDevice();
    await stack.client.addFault({ kind: 'status', service: 'apns', token, status: 400, reason: 'BadTopic' });
    const { reply, log } = await send('apple_rn', token);
    assertReply(reply, 'FAIL', /400 BadTopic/);
    assert.equal(log.tries, 1);
  });

  test('400 PayloadTooLarge, 403 Forbidden, 413 -> FAIL', async () => {
    const token = await stack.apnsDevice();
    for (const [status, reason] of [
      [400, 'PayloadTooLarge'],
      [403, 'Forbidden'],
      [413, 'PayloadTooLarge'],
    ] as const) {
      await stack.client.addFault({ kind: 'status', service: 'apns', token, status, reason, times: 1 });
      assertReply((await send('apple_rn', token)).reply, 'FAIL', new RegExp(`${status} ${reason}`));
    }
  });

  test('429, 500, 503, a reset stream and a GOAWAY -> FAIL, never REMOVE', async () => {
    const token = await stack.apnsDevice();
    const faults = [
      { kind: 'status', status: 429, reason: 'TooManyRequests' },
      { kind: 'status', status: 500, reason: 'InternalServerError' },
      { kind: 'status', status: 503, reason: 'ServiceUnavailable' },
      { kind: 'status', status: 503, reason: 'Shutdown' },
      { kind: 'ratelimit', perSecond: 0 },
      { kind: 'drop', drop: 'reset' },
      { kind: 'drop', drop: 'goaway' },
    ] as const;
    for (const f of faults) {
      await stack.client.addFault({ ...f, service: 'apns', token, times: 1 });
      const { reply } = await send('apple_rn', token);
      assert.equal(reply.status, 'FAIL', `${JSON.stringify(f)} -> ${JSON.stringify(reply)}`);
    }
    // The device still works afterwards.
    assert.equal((await send('apple_rn', token)).reply.status, 'OK');
  });

  test('an unreachable APNs host -> FAIL (transport error), never REMOVE', async () => {
    const token = await stack.apnsDevice();
    const { ApnsProvider } = await import('../providers/apns/apns-provider.js');
    const settings = stack.service.config.ApplePushSettings.find((s) => s.Type === 'apple_rn')!;
    // A port nobody listens on.
    const p = new ApnsProvider(settings, { origin: 'https://127.0.0.1:1', extraCa: [stack.sandbox.credentials.ca.certPem] });
    try {
      const { parsePushRequest } = await import('../request/push-request.js');
      const parsed = parsePushRequest(message('apple_rn', token));
      assert.ok(parsed.ok);
      const r = await p.send(parsed.push, { deviceToken: token, attemptTimeoutMs: 2000 });
      assert.equal(r.status, 'FAIL');
      assert.equal(r.status === 'FAIL' && r.retryable, true);
    } finally {
      await p.close();
    }
  });
});

describe('FCM', () => {
  test('UNREGISTERED (404) -> REMOVE', async () => {
    const token = await stack.fcmDevice();
    await stack.client.unregister('fcm', token);
    assertReply((await send('android_rn', token)).reply, 'REMOVE', /404 UNREGISTERED/);
  });

  test('SENDER_ID_MISMATCH (token of another Firebase project) -> REMOVE', async () => {
    const { token } = await stack.client.registerFcm({ project: 'some-other-project' });
    assertReply((await send('android_rn', token)).reply, 'REMOVE', /403 SENDER_ID_MISMATCH/);
  });

  test('INVALID_ARGUMENT (unknown token, or injected) -> FAIL, not retried', async () => {
    assertReply((await send('android_rn', `x${randomBytes(40).toString('hex')}`)).reply, 'FAIL', /400 INVALID_ARGUMENT/);
    const token = await stack.fcmDevice();
    await stack.client.addFault({ kind: 'status', service: 'fcm', token, status: 400, reason: 'INVALID_ARGUMENT', times: 1 });
    const { reply, log } = await send('android_rn', token);
    assertReply(reply, 'FAIL', /400 INVALID_ARGUMENT/);
    assert.equal(log.tries, 1);
  });

  test('QUOTA_EXCEEDED, INTERNAL, UNAVAILABLE, a reset and a GOAWAY -> FAIL, never REMOVE', async () => {
    const token = await stack.fcmDevice();
    const faults = [
      { kind: 'status', status: 429, reason: 'QUOTA_EXCEEDED' },
      { kind: 'status', status: 500, reason: 'INTERNAL' },
      { kind: 'status', status: 503, reason: 'UNAVAILABLE' },
      { kind: 'drop', drop: 'reset' },
      { kind: 'drop', drop: 'goaway' },
    ] as const;
    for (const f of faults) {
      await stack.client.addFault({ ...f, service: 'fcm', token, times: 1 });
      const { reply } = await send('android_rn', token);
      assert.equal(reply.status, 'FAIL', `${JSON.stringify(f)} -> ${JSON.stringify(reply)}`);
    }
    assert.equal((await send('android_rn', token)).reply.status, 'OK');
  });
});

describe('Web Push', () => {
  async function subscription() {
    const { id, subscription } = await stack.client.subscribeWebPush();
    return { id, deviceId: encodeSubscription(subscription), endpoint: subscription.endpoint, keys: subscription.keys };
  }

  test('410 (unsubscribed) and 404 (unknown subscription) -> REMOVE', async () => {
    const s = await subscription();
    await stack.client.unregister('webpush', s.id);
    assertReply((await send('webpush', s.deviceId)).reply, 'REMOVE', /410/);
    const unknown = encodeSubscription({ endpoint: `${stack.sandbox.origin}/wp/00000000-0000-4000-8000-000000000000`, keys: s.keys });
    assertReply((await send('webpush', unknown)).reply, 'REMOVE', /404/);
  });

  test('429, 500, 503 and a reset -> FAIL, never REMOVE', async () => {
    const s = await subscription();
    const faults = [
      { kind: 'status', status: 429 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 503 },
      { kind: 'drop', drop: 'reset' },
    ] as const;
    for (const f of faults) {
      await stack.client.addFault({ ...f, service: 'webpush', token: s.id, times: 1 });
      const { reply } = await send('webpush', s.deviceId);
      assert.equal(reply.status, 'FAIL', `${JSON.stringify(f)} -> ${JSON.stringify(reply)}`);
    }
    assert.equal((await send('webpush', s.deviceId)).reply.status, 'OK');
  });
});
