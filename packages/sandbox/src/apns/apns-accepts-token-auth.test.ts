// Third-party APNs clients using provider-token (.p8) auth are accepted, and what they send is what
// the inbox shows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import apn from '@parse/node-apn';
import { ApnsClient, Notification as Apns2Notification, Priority } from 'apns2';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { alertPayload, closeSession, openSession, post, providerToken } from './apns-test-helpers.js';

let sb: TestSandbox;
before(async () => {
  sb = await startTestSandbox();
});
after(async () => {
  await sb?.close();
});

function nodeApnTokenProvider(): apn.Provider {
  const { keyId, teamId } = sb.credentials.manifest.apns;
  const url = new URL(sb.origin);
  return new apn.Provider({
    token: { key: sb.credentials.path('apnsAuthKey'), keyId, teamId },
    address: url.hostname,
    port: Number(url.port),
    ca: [sb.credentials.ca.certPem],
  });
}

describe('@parse/node-apn with a provider token', () => {
  test('delivers an alert push; the inbox has its payload and headers', async () => {
    const topic = 'com.mattermost.rn';
    const device = await sb.client.registerApns({ topic });
    const since = await sb.client.lastSeq();
    const provider = nodeApnTokenProvider();
    try {
      const note = new apn.Notification();
      note.topic = topic;
      note.pushType = 'alert';
      note.priority = 10;
      note.alert = { title: 'Town Square', body: 'hello' };
      note.sound = 'default';
      note.threadId = 'channel-1';
      note.collapseId = 'post-1';
      note.expiry = 1_900_000_000;
      note.id = randomUUID();
      note.payload = { channel_id: 'channel-1', type: 'message', version: 'v2' };

      const result = await provider.send(note, device.token);
      assert.deepEqual(result.failed, []);
      assert.equal(result.sent.length, 1);
      assert.equal(result.sent[0]?.device, device.token);

      const d = await sb.client.next(device.token, { after: since });
      assert.equal(d.service, 'apns');
      assert.equal(d.id, note.id, 'the apns-id the client chose is kept');
      assert.deepEqual(d.payload, {
        aps: { alert: { title: 'Town Square', body: 'hello' }, sound: 'default', 'thread-id': 'channel-1' },
        channel_id: 'channel-1',
        type: 'message',
        version: 'v2',
      });
      assert.equal(d.headers['apns-topic'], topic);
      assert.equal(d.headers['apns-push-type'], 'alert');
      assert.equal(d.headers['apns-priority'], '10');
      assert.equal(d.headers['apns-collapse-id'], 'post-1');
      assert.equal(d.headers['apns-expiration'], '1900000000');
      assert.equal(d.headers['authorization'], 'bearer <redacted>', 'the provider token never reaches the inbox');
    } finally {
      await provider.shutdown();
    }
  });

  test('reports an APNs rejection with Apple’s status and reason', async () => {
    const provider = nodeApnTokenProvider();
    try {
      const note = new apn.Notification({ alert: 'x', topic: 'com.mattermost.rn' });
      const unknown = 'ab'.repeat(32);
      const result = await provider.send(note, unknown);
      assert.equal(result.sent.length, 0);
      assert.equal(result.failed[0]?.status, 400);
      assert.equal(result.failed[0]?.response?.reason, 'BadDeviceToken');
    } finally {
      await provider.shutdown();
    }
  });

  test('sends many pushes over one connection', async () => {
    const devices = await Promise.all(Array.from({ length: 20 }, () => sb.client.registerApns({ topic: 'com.mattermost.rn' })));
    const provider = nodeApnTokenProvider();
    try {
      const note = new apn.Notification({ alert: 'fan-out', topic: 'com.mattermost.rn' });
      const result = await provider.send(note, devices.map((d) => d.token));
      assert.deepEqual(result.failed, []);
      assert.equal(result.sent.length, 20);
      const inbox = await sb.client.inbox({ service: 'apns' });
      for (const d of devices) assert.ok(inbox.some((x) => x.token === d.token), `push reached ${d.token}`);
    } finally {
      await provider.shutdown();
    }
  });
});

describe('apns2 with a provider token', () => {
  function apns2Client(): ApnsClient {
    const { keyId, teamId } = sb.credentials.manifest.apns;
    const client = new ApnsClient({
      team: teamId,
      keyId,
      signingKey: sb.credentials.apnsAuthKeyPem,
      defaultTopic: 'com.mattermost.rn',
      keepAlive: false,
    });
    // apns2 always dials <host>:443 and has no CA option. Swap its connection pool for one of the
    // same (undici) class aimed at the sandbox, with apns2's own pool settings plus the sandbox CA;
    // everything else (JWT signing, headers, body, response handling) is apns2's.
    const Pool = client.client.constructor as new (origin: string, opts: object) => ApnsClient['client'];
    const pool = new Pool(sb.origin, {
      connections: 1,
      pipelining: 0,
      allowH2: true,
      maxConcurrentStreams: 100,
      connect: { ca: sb.credentials.ca.certPem },
    });
    void client.client.close();
    (client as { client: ApnsClient['client'] }).client = pool;
    return client;
  }

  test('delivers an alert push over HTTP/2', async () => {
    const device = await sb.client.registerApns({ topic: 'com.mattermost.rn' });
    const since = await sb.client.lastSeq();
    const client = apns2Client();
    try {
      const sent = await client.send(
        new Apns2Notification(device.token, {
          alert: { title: 'Town Square', body: 'from apns2' },
          badge: 3,
          priority: Priority.immediate,
          data: { channel_id: 'c1' },
        }),
      );
      assert.equal(sent.deviceToken, device.token);
      const d = await sb.client.next(device.token, { after: since });
      assert.deepEqual(d.payload, { aps: { alert: { title: 'Town Square', body: 'from apns2' }, badge: 3 }, channel_id: 'c1' });
      assert.equal(d.headers['apns-topic'], 'com.mattermost.rn');
      assert.equal(d.headers['apns-push-type'], 'alert');
    } finally {
      await client.close();
    }
  });

  test('raises ApnsError with the reason for an unregistered device', async () => {
    const device = await sb.client.registerApns({ topic: 'com.mattermost.rn' });
    const { unregisteredAt } = await sb.client.unregister('apns', device.token);
    const client = apns2Client();
    try {
      await assert.rejects(client.send(new Apns2Notification(device.token, { alert: 'gone' })), (e: unknown) => {
        const err = e as { statusCode: number; reason: string; timestamp?: number };
        assert.equal(err.statusCode, 410);
        assert.equal(err.reason, 'Unregistered');
        assert.equal(err.timestamp, unregisteredAt);
        return true;
      });
    } finally {
      await client.close();
    }
  });
});

describe('raw HTTP/2 with a self-signed provider token', () => {
  test('200 with the apns-id echoed when the client sent one, and a fresh UUID when not', async () => {
    const device = await sb.client.registerApns({ topic: 'com.mattermost.rn' });
    const session = await openSession(sb);
    try {
      const authorization = `bearer ${await providerToken(sb)}`;
      const base = { authorization, 'apns-topic': 'com.mattermost.rn', 'apns-push-type': 'alert' };
      const id = randomUUID().toUpperCase();
      const echoed = await post(session, { token: device.token, headers: { ...base, 'apns-id': id }, body: alertPayload });
      assert.equal(echoed.status, 200);
      assert.equal(echoed.headers['apns-id'], id);
      assert.equal(echoed.text, '', 'success has an empty body');

      const generated = await post(session, { token: device.token, headers: base, body: alertPayload });
      assert.equal(generated.status, 200);
      assert.match(String(generated.headers['apns-id']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
      assert.notEqual(generated.headers['apns-id'], id);

      const inbox = await sb.client.inbox({ token: device.token });
      assert.deepEqual(
        inbox.map((d) => d.id),
        [id, generated.headers['apns-id']],
      );
    } finally {
      await closeSession(session);
    }
  });

  test('a VoIP push to <topic>.voip is delivered', async () => {
    const device = await sb.client.registerApns({ topic: 'com.mattermost.rn' });
    const session = await openSession(sb);
    try {
      const r = await post(session, {
        token: device.token,
        headers: { authorization: `bearer ${await providerToken(sb)}`, 'apns-topic': 'com.mattermost.rn.voip', 'apns-push-type': 'voip' },
        body: { aps: {}, type: 'voip' },
      });
      assert.equal(r.status, 200, r.text);
      const d = await sb.client.next(device.token);
      assert.equal(d.headers['apns-topic'], 'com.mattermost.rn.voip');
      assert.equal(d.headers['apns-push-type'], 'voip');
    } finally {
      await closeSession(session);
    }
  });
});
