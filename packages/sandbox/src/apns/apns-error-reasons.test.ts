// Each request error APNs documents comes back with Apple's status code and reason string
// (JSON `{"reason": ...}`) and an apns-id header.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClientHttp2Session, OutgoingHttpHeaders } from 'node:http2';
import type { ApnsDevice } from '../state/devices.js';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { alertPayload, closeSession, openSession, post, providerToken, type ApnsResponse, type PostOptions } from './apns-test-helpers.js';

const TOPIC = 'com.mattermost.rn';
let sb: TestSandbox;
let session: ClientHttp2Session;
let authorization: string;
let device: ApnsDevice;

before(async () => {
  sb = await startTestSandbox();
  session = await openSession(sb);
  authorization = `bearer ${await providerToken(sb)}`;
  device = await sb.client.registerApns({ topic: TOPIC });
});
after(async () => {
  if (session) await closeSession(session);
  await sb?.close();
});

/** A valid alert push to `device`, with `over` replacing headers / body / token / path. */
function send(over: Omit<PostOptions, 'headers'> & { headers?: OutgoingHttpHeaders } = {}): Promise<ApnsResponse> {
  return post(session, {
    token: device.token,
    body: alertPayload,
    ...over,
    headers: { authorization, 'apns-topic': TOPIC, 'apns-push-type': 'alert', ...over.headers },
  });
}

function without(name: string): OutgoingHttpHeaders {
  const h: OutgoingHttpHeaders = { authorization, 'apns-topic': TOPIC, 'apns-push-type': 'alert' };
  delete h[name];
  return h;
}

/** A JSON payload of exactly `bytes` bytes. */
function payloadOfSize(bytes: number): string {
  const shell = '{"aps":{"alert":""}}';
  return shell.replace('""', `"${'x'.repeat(bytes - shell.length)}"`);
}

function assertReason(r: ApnsResponse, status: number, reason: string): void {
  assert.equal(r.status, status, `status (body ${r.text})`);
  assert.equal(r.body?.reason, reason);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  assert.match(String(r.headers['apns-id']), /^[0-9a-f-]{36}$/i, 'errors carry an apns-id too');
}

describe('device token', () => {
  test('a well-formed token the sandbox never registered: 400 BadDeviceToken', async () => {
    assertReason(await send({ token: 'ab'.repeat(32) }), 400, 'BadDeviceToken');
  });

  test('a malformed token: 400 BadDeviceToken', async () => {
    assertReason(await send({ token: 'not-a-token' }), 400, 'BadDeviceToken');
    assertReason(await send({ token: 'abc' }), 400, 'BadDeviceToken');
    assertReason(await send({ token: '%zz' }), 400, 'BadDeviceToken');
  });

  test('an empty token: 400 MissingDeviceToken', async () => {
    assertReason(await send({ path: '/3/device/' }), 400, 'MissingDeviceToken');
  });

  test('an unregistered token: 410 Unregistered with the time it went away', async () => {
    const gone = await sb.client.registerApns({ topic: TOPIC });
    const { unregisteredAt } = await sb.client.unregister('apns', gone.token);
    const r = await send({ token: gone.token });
    assertReason(r, 410, 'Unregistered');
    assert.equal(r.body?.timestamp, unregisteredAt);
    assert.ok(Math.abs(Date.now() - unregisteredAt) < 60_000, 'timestamp is in milliseconds since the epoch');
  });

  test('a token of another app: 400 DeviceTokenNotForTopic', async () => {
    const beta = await sb.client.registerApns({ topic: 'com.mattermost.rnbeta' });
    assertReason(await send({ token: beta.token }), 400, 'DeviceTokenNotForTopic');
  });

  test('the token is case-insensitive hex', async () => {
    assert.equal((await send({ token: device.token.toUpperCase() })).status, 200);
  });
});

describe('topic and push type', () => {
  test('a topic the key’s team does not own: 400 TopicDisallowed', async () => {
    assertReason(await send({ headers: { 'apns-topic': 'com.example.other' } }), 400, 'TopicDisallowed');
  });

  test('no apns-topic with token auth: 400 MissingTopic', async () => {
    assertReason(await post(session, { token: device.token, headers: without('apns-topic'), body: alertPayload }), 400, 'MissingTopic');
  });

  test('an unknown apns-push-type: 400 InvalidPushType', async () => {
    assertReason(await send({ headers: { 'apns-push-type': 'banner' } }), 400, 'InvalidPushType');
  });

  test('push type voip to a topic without .voip: 400 InvalidPushType', async () => {
    assertReason(await send({ headers: { 'apns-push-type': 'voip' } }), 400, 'InvalidPushType');
  });

  test('push type alert to a .voip topic: 400 InvalidPushType', async () => {
    assertReason(await send({ headers: { 'apns-topic': `${TOPIC}.voip` } }), 400, 'InvalidPushType');
  });

  test('background push to the bundle id is accepted', async () => {
    const r = await send({ headers: { 'apns-push-type': 'background', 'apns-priority': '5' }, body: { aps: { 'content-available': 1 } } });
    assert.equal(r.status, 200, r.text);
  });
});

describe('headers', () => {
  test('apns-priority other than 10, 5 or 1: 400 BadPriority', async () => {
    assertReason(await send({ headers: { 'apns-priority': '7' } }), 400, 'BadPriority');
    assertReason(await send({ headers: { 'apns-priority': 'high' } }), 400, 'BadPriority');
  });

  test('apns-id that is not a UUID: 400 BadMessageId', async () => {
    assertReason(await send({ headers: { 'apns-id': 'message-1' } }), 400, 'BadMessageId');
  });

  test('apns-expiration that is not epoch seconds: 400 BadExpirationDate', async () => {
    assertReason(await send({ headers: { 'apns-expiration': 'tomorrow' } }), 400, 'BadExpirationDate');
  });

  test('apns-expiration 0 is accepted', async () => {
    assert.equal((await send({ headers: { 'apns-expiration': '0' } })).status, 200);
  });

  test('apns-collapse-id over 64 bytes: 400 BadCollapseId; 64 bytes are fine', async () => {
    assertReason(await send({ headers: { 'apns-collapse-id': 'c'.repeat(65) } }), 400, 'BadCollapseId');
    assert.equal((await send({ headers: { 'apns-collapse-id': 'c'.repeat(64) } })).status, 200);
  });

  test('an apns header sent twice: 400 DuplicateHeaders', async () => {
    assertReason(await send({ headers: { 'apns-topic': [TOPIC, TOPIC] } }), 400, 'DuplicateHeaders');
  });
});

describe('payload', () => {
  test('an empty body: 400 PayloadEmpty', async () => {
    assertReason(await send({ body: '' }), 400, 'PayloadEmpty');
  });

  test('4096 bytes are accepted, 4097 are 413 PayloadTooLarge', async () => {
    assert.equal((await send({ body: payloadOfSize(4096) })).status, 200);
    assertReason(await send({ body: payloadOfSize(4097) }), 413, 'PayloadTooLarge');
  });

  test('VoIP: 5000 and 5120 bytes are accepted, 5121 are 413 PayloadTooLarge', async () => {
    const voip = { 'apns-topic': `${TOPIC}.voip`, 'apns-push-type': 'voip' };
    assert.equal((await send({ headers: voip, body: payloadOfSize(5000) })).status, 200);
    assert.equal((await send({ headers: voip, body: payloadOfSize(5120) })).status, 200);
    assertReason(await send({ headers: voip, body: payloadOfSize(5121) }), 413, 'PayloadTooLarge');
  });

  test('a body far over the limit is refused without being read whole', async () => {
    assertReason(await send({ body: Buffer.alloc(2 * 1024 * 1024, 0x20) }), 413, 'PayloadTooLarge');
  });

  test('a body that is not a JSON object: 400', async () => {
    for (const body of ['{"aps":', '[1,2]', '"text"']) {
      const r = await send({ body });
      assert.equal(r.status, 400, body);
      assert.equal(typeof r.body?.reason, 'string');
    }
  });
});

describe('method and path', () => {
  test('GET /3/device/<token>: 405 MethodNotAllowed', async () => {
    assertReason(await send({ method: 'GET', body: undefined }), 405, 'MethodNotAllowed');
  });

  test('DELETE /3/device/<token>: 405 MethodNotAllowed', async () => {
    assertReason(await send({ method: 'DELETE', body: undefined }), 405, 'MethodNotAllowed');
  });

  test('a path other than /3/device/<token>: 404 BadPath', async () => {
    assertReason(await send({ path: '/3/devices/abc' }), 404, 'BadPath');
    assertReason(await send({ path: `/3/device/${device.token}/extra` }), 404, 'BadPath');
  });

  test('the connection keeps working after all these errors', async () => {
    const since = await sb.client.lastSeq();
    assert.equal((await send({ body: { aps: { alert: 'still here' } } })).status, 200);
    assert.deepEqual((await sb.client.next(device.token, { after: since })).payload, { aps: { alert: 'still here' } });
  });
});
