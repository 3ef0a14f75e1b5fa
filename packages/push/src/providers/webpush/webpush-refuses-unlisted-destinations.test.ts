// Web Push endpoints come from the device_id, so the provider only POSTs to known browser push
// services (or AllowedHosts) on public addresses: send_push must not become a way into the LAN.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_WEBPUSH_HOSTS, isAllowedHost, isPublicAddress, publicOnlyLookup } from './webpush-destinations.js';
import { WebPushProvider } from './webpush-provider.js';
import { encodeSubscription } from './webpush-payload.js';
import { parsePushRequest } from '../../request/push-request.js';
import { WebPushSettingsSchema } from '../../config/schema.js';

const P256DH = 'BOk8mJzrqdOiT5pf9eV8oYDBuI5bRjlZUUPI0ILXPVg7iDCPdb9JdU0vVLpHbE_jYsQ0tK4YYl9tKq0gXvtOhEY';

test('only known push services and AllowedHosts entries pass the host check', () => {
  for (const h of ['fcm.googleapis.com', 'updates.push.services.mozilla.com', 'web.push.apple.com', 'wns2-par02p.notify.windows.com']) {
    assert.ok(isAllowedHost(h, DEFAULT_WEBPUSH_HOSTS), h);
  }
  for (const h of ['evil.example', 'fcm.googleapis.com.evil.example', '127.0.0.1', 'localhost', 'metadata.google.internal', 'push.apple.com.attacker.net']) {
    assert.ok(!isAllowedHost(h, DEFAULT_WEBPUSH_HOSTS), h);
  }
  assert.ok(isAllowedHost('push.internal.corp', ['*.internal.corp']));
  assert.ok(isAllowedHost('LOCALHOST.', ['localhost']));
  assert.ok(isAllowedHost('127.0.0.1', ['127.0.0.1:7443']));
  assert.ok(isAllowedHost('::1', ['[::1]:7443']));
});

test('loopback, private, link-local and mapped addresses are not public', () => {
  for (const ip of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '0.0.0.0', '100.64.0.1', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '224.0.0.1', 'not-an-ip']) {
    assert.equal(isPublicAddress(ip), false, ip);
  }
  for (const ip of ['142.250.74.106', '17.188.128.1', '2a00:1450:4007:80e::200a']) assert.equal(isPublicAddress(ip), true, ip);
});

test('the connect-time lookup refuses a host that resolves to loopback', async () => {
  const err = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup('localhost', {}, (e) => resolve(e)));
  assert.equal(err?.code, 'EDESTINATION');
  assert.match(err!.message, /non-public address/);
});

test('a push to an unlisted endpoint is a definite FAIL naming the setting, never sent', async () => {
  const { generateVAPIDKeys } = (await import('web-push')).default;
  const keys = generateVAPIDKeys();
  const settings = WebPushSettingsSchema.parse({ Type: 'webpush', VapidPublicKey: keys.publicKey, VapidPrivateKey: keys.privateKey, Subject: 'mailto:a@b.c' });
  const provider = new WebPushProvider(settings);
  const deviceId = encodeSubscription({
    endpoint: 'https://169.254.169.254/latest/meta-data',
    keys: { p256dh: P256DH, auth: 'AAAAAAAAAAAAAAAAAAAAAA' },
  });
  const parsed = parsePushRequest({ platform: 'webpush', server_id: 's', device_id: deviceId, type: 'message', message: 'x' });
  assert.ok(parsed.ok);
  const result = await provider.send(parsed.push, { deviceToken: deviceId });
  assert.equal(result.status, 'FAIL');
  assert.ok(result.status === 'FAIL' && !result.retryable);
  assert.match(result.status === 'FAIL' ? result.error : '', /WebPushSettings\.AllowedHosts/);
  await provider.close();
});
