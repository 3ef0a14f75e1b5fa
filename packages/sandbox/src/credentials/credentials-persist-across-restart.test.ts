// The data dir: restarting on it reuses every key and id (and the registered devices), rewrites
// what depends on the port (token_uri, push-proxy.json), and the files users point tools at are
// valid, present and private.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext } from 'node:tls';
import webPush from 'web-push';
import { SandboxClient } from '../admin/admin-client.js';
import { startSandbox, type RunningSandbox } from '../sandbox.js';
import { fcmAccessToken } from '../testing/fcm-auth.js';
import { httpsRequest } from '../testing/https-request.js';
import { FILES, type ServiceAccount } from './credentials.js';

const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

describe('sandbox data dir across restarts', () => {
  let dataDir: string;
  let first: RunningSandbox | undefined;
  let second: RunningSandbox | undefined;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'herald-sandbox-restart-'));
  });
  after(async () => {
    await first?.close();
    await second?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  test('first start writes a service account whose token_uri is this listener', async () => {
    first = await startSandbox({ dataDir, port: 0, adminPort: 0 });
    const sa = readJson(first.credentials.path('firebaseServiceAccount')) as unknown as ServiceAccount;
    assert.equal(sa.type, 'service_account');
    assert.equal(sa.token_uri, `${first.origin}/token`);
    assert.equal(sa.project_id, first.credentials.manifest.fcm.projectId);
    assert.equal(sa.client_email, first.credentials.manifest.fcm.clientEmail);
    assert.equal(sa.private_key_id, first.credentials.manifest.fcm.privateKeyId);
    assert.match(sa.private_key, /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(first.env.NODE_EXTRA_CA_CERTS, join(dataDir, FILES.caCert));
  });

  test('push-proxy.json is valid JSON in the push-proxy format and references files that exist', () => {
    const c = first!.credentials;
    const cfg = readJson(c.path('pushProxyConfig'));
    for (const k of ['ListenAddress', 'ThrottlePerSec', 'SendTimeoutSec', 'RetryTimeoutSec', 'ApplePushSettings', 'AndroidPushSettings']) {
      assert.ok(k in cfg, `push-proxy.json has ${k}`);
    }
    const apple = cfg.ApplePushSettings as Record<string, string>[];
    const android = cfg.AndroidPushSettings as Record<string, string>[];
    const files = [
      ...apple.flatMap((a) => [a.AppleAuthKeyFile, a.ApplePushCertPrivate]),
      ...android.map((a) => a.ServiceFileLocation),
    ].filter((f): f is string => !!f);
    assert.ok(files.length >= 3);
    for (const f of files) assert.ok(existsSync(f), `${f} exists`);
    const tokenAuth = apple.find((a) => a.AppleAuthKeyFile)!;
    assert.equal(tokenAuth.AppleAuthKeyID, c.manifest.apns.keyId);
    assert.equal(tokenAuth.AppleTeamID, c.manifest.apns.teamId);
    const certAuth = apple.find((a) => a.ApplePushCertPrivate)!;
    assert.equal(certAuth.ApplePushTopic, c.manifest.apns.certTopic);
    // The .p12 opens with the configured password, as a TLS client would load it.
    assert.doesNotThrow(() => createSecureContext({ pfx: readFileSync(certAuth.ApplePushCertPrivate!), passphrase: certAuth.ApplePushCertPassword! }));
    assert.equal(android[0]!.ServiceFileLocation, c.path('firebaseServiceAccount'));
  });

  test('private keys and secrets are readable by the owner only', () => {
    for (const f of ['caKey', 'serverKey', 'apnsAuthKey', 'appleCertP12', 'appleCertPem', 'firebaseServiceAccount', 'vapid', 'pushProxyConfig'] as const) {
      assert.equal(statSync(first!.credentials.path(f)).mode & 0o077, 0, `${FILES[f]} is private`);
    }
  });

  let fcmLive: string;
  let fcmGone: string;
  let subscriptionId: string;

  test('devices registered before the restart', async () => {
    const client = new SandboxClient(first!.adminUrl);
    fcmLive = (await client.registerFcm()).token;
    fcmGone = (await client.registerFcm()).token;
    await client.unregister('fcm', fcmGone);
    subscriptionId = (await client.subscribeWebPush({ applicationServerKey: first!.credentials.vapid.publicKey })).id;
  });

  test('a restart on the same dir reuses the CA, keys and ids, and rewrites token_uri for the new port', async () => {
    const before = first!;
    await before.close();
    first = undefined;
    second = await startSandbox({ dataDir, port: 0, adminPort: 0 });
    const a = before.credentials;
    const b = second.credentials;
    assert.deepEqual(b.manifest, a.manifest);
    assert.equal(b.ca.certPem, a.ca.certPem);
    assert.equal(b.server.certPem, a.server.certPem);
    assert.equal(b.apnsAuthKeyPem, a.apnsAuthKeyPem);
    assert.equal(b.firebase.private_key, a.firebase.private_key);
    assert.deepEqual(b.vapid, a.vapid);
    assert.equal(b.appleCert.certPem, a.appleCert.certPem);

    const sa = readJson(b.path('firebaseServiceAccount')) as unknown as ServiceAccount;
    assert.equal(sa.token_uri, `${second.origin}/token`);
    assert.equal(sa.private_key, a.firebase.private_key);
    if (second.origin !== before.origin) assert.notEqual(sa.token_uri, `${before.origin}/token`);
  });

  test('after the restart the old credentials and devices still work over the new listener', async () => {
    const s = second!;
    const ca = readFileSync(s.env.NODE_EXTRA_CA_CERTS, 'utf8');
    const sa = readJson(s.credentials.path('firebaseServiceAccount')) as unknown as ServiceAccount;
    const token = await fcmAccessToken(sa, ca);
    const send = (device: string) =>
      httpsRequest(`${s.origin}/v1/projects/${sa.project_id}/messages:send`, {
        ca,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: { token: device, data: { a: 'b' } } }),
      });
    assert.equal((await send(fcmLive)).status, 200);
    const gone = await send(fcmGone);
    assert.equal(gone.status, 404);
    assert.equal(gone.json.error.details[0].errorCode, 'UNREGISTERED');

    const client = new SandboxClient(s.adminUrl);
    const sub = (await (await fetch(`${s.adminUrl}/webpush/subscriptions/${subscriptionId}`)).json()) as { subscription: webPush.PushSubscription };
    assert.equal(sub.subscription.endpoint, `${s.origin}/wp/${subscriptionId}`, 'the endpoint follows the listener');
    const agent = new Agent({ ca });
    try {
      const r = await webPush.sendNotification(sub.subscription, '{"after":"restart"}', { vapidDetails: s.credentials.vapid, TTL: 60, agent });
      assert.equal(r.statusCode, 201);
    } finally {
      agent.destroy();
    }
    assert.deepEqual((await client.next(subscriptionId, { timeoutMs: 5000 })).payload, { after: 'restart' });
  });
});
