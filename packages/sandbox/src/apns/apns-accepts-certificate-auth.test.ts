// Certificate-based provider auth: the sandbox's Apple push certificate (.p12 + password) works
// with a third-party client, its topics come from the certificate, and foreign certificates fail.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import apn from '@parse/node-apn';
import { createCertificateAuthority, issueApplePushCertificate } from '../credentials/certificates.js';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { alertPayload, closeSession, openSession, post } from './apns-test-helpers.js';

let sb: TestSandbox;
before(async () => {
  sb = await startTestSandbox();
});
after(async () => {
  await sb?.close();
});

function certProvider(): apn.Provider {
  const url = new URL(sb.origin);
  return new apn.Provider({
    pfx: sb.credentials.path('appleCertP12'),
    passphrase: sb.credentials.manifest.apns.certPassword,
    address: url.hostname,
    port: Number(url.port),
    ca: [sb.credentials.ca.certPem],
  });
}

describe('@parse/node-apn with the .p12 client certificate', () => {
  test('delivers to the certificate’s topic without any provider token', async () => {
    const topic = sb.credentials.manifest.apns.certTopic;
    const device = await sb.client.registerApns({ topic });
    const since = await sb.client.lastSeq();
    const provider = certProvider();
    try {
      const note = new apn.Notification({ alert: { title: 'Beta', body: 'cert auth' }, topic, pushType: 'alert', badge: 1 });
      const result = await provider.send(note, device.token);
      assert.deepEqual(result.failed, []);
      assert.equal(result.sent[0]?.device, device.token);
      const d = await sb.client.next(device.token, { after: since });
      assert.deepEqual(d.payload, { aps: { alert: { title: 'Beta', body: 'cert auth' }, badge: 1 } });
      assert.equal(d.headers['apns-topic'], topic);
      assert.equal(d.headers['authorization'], undefined);
    } finally {
      await provider.shutdown();
    }
  });

  test('without apns-topic: MissingTopic, as the certificate lists several topics (app, .voip, .complication)', async () => {
    const device = await sb.client.registerApns({ topic: sb.credentials.manifest.apns.certTopic });
    const provider = certProvider();
    try {
      const result = await provider.send(new apn.Notification({ alert: 'no topic' }), device.token);
      assert.equal(result.failed[0]?.status, 400);
      assert.equal(result.failed[0]?.response?.reason, 'MissingTopic');
    } finally {
      await provider.shutdown();
    }
  });
});

describe('raw HTTP/2 with the PEM client certificate', () => {
  const pem = () => readFileSync(sb.credentials.path('appleCertPem'), 'utf8');

  test('a VoIP push to <certTopic>.voip is accepted', async () => {
    const topic = sb.credentials.manifest.apns.certTopic;
    const device = await sb.client.registerApns({ topic });
    const session = await openSession(sb, { cert: pem(), key: pem() });
    try {
      const r = await post(session, {
        token: device.token,
        headers: { 'apns-topic': `${topic}.voip`, 'apns-push-type': 'voip' },
        body: { aps: {}, type: 'voip' },
      });
      assert.equal(r.status, 200, r.text);
      assert.equal((await sb.client.next(device.token)).headers['apns-topic'], `${topic}.voip`);
    } finally {
      await closeSession(session);
    }
  });

  test('a topic the certificate does not list: TopicDisallowed', async () => {
    const other = sb.credentials.manifest.apns.topics.find((t) => t !== sb.credentials.manifest.apns.certTopic)!;
    const device = await sb.client.registerApns({ topic: other });
    const session = await openSession(sb, { cert: pem(), key: pem() });
    try {
      const r = await post(session, { token: device.token, headers: { 'apns-topic': other }, body: alertPayload });
      assert.equal(r.status, 400);
      assert.equal(r.body?.reason, 'TopicDisallowed');
    } finally {
      await closeSession(session);
    }
  });

  test('a push certificate from another CA: 403 BadCertificate', async () => {
    const foreignCa = createCertificateAuthority('Not Apple');
    const foreign = issueApplePushCertificate(foreignCa, sb.credentials.manifest.apns.certTopic);
    const device = await sb.client.registerApns({ topic: sb.credentials.manifest.apns.certTopic });
    const session = await openSession(sb, { cert: foreign.certPem, key: foreign.keyPem });
    try {
      const r = await post(session, {
        token: device.token,
        headers: { 'apns-topic': sb.credentials.manifest.apns.certTopic },
        body: alertPayload,
      });
      assert.equal(r.status, 403);
      assert.equal(r.body?.reason, 'BadCertificate');
    } finally {
      await closeSession(session);
    }
  });
});
