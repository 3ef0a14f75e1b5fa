// A push service that keeps sending a byte now and then never lets the socket go idle, so the
// request's idle timeout never fires: the whole request is bounded by the try's time instead,
// and the outcome is a retryable FAIL (the token is not dead).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createECDH, randomBytes } from 'node:crypto';
import { createServer } from 'node:https';
import { createCertificateAuthority, issueServerCertificate } from '@herald/sandbox';
import { WebPushProvider } from './webpush-provider.js';
import { encodeSubscription } from './webpush-payload.js';
import { parsePushRequest } from '../../request/push-request.js';
import { WebPushSettingsSchema } from '../../config/schema.js';

// A browser's subscription keys: a P-256 public key and a 16-byte auth secret.
const browser = createECDH('prime256v1');
const P256DH = browser.generateKeys().toString('base64url');
const AUTH = randomBytes(16).toString('base64url');

test('a Web Push try against a server that trickles its answer ends at the try time with a retryable FAIL', async () => {
  const timers = new Set<NodeJS.Timeout>();
  const ca = createCertificateAuthority('Herald test CA');
  const pair = issueServerCertificate(ca, ['127.0.0.1', 'localhost']);
  const server = createServer({ cert: pair.certPem, key: pair.keyPem }, (req, res) => {
    req.resume();
    res.writeHead(201, { 'content-type': 'text/plain' });
    const t = setInterval(() => res.write('.'), 50);
    timers.add(t);
    res.on('close', () => clearInterval(t));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const { generateVAPIDKeys } = (await import('web-push')).default;
  const keys = generateVAPIDKeys();
  const settings = WebPushSettingsSchema.parse({
    Type: 'webpush',
    VapidPublicKey: keys.publicKey,
    VapidPrivateKey: keys.privateKey,
    Subject: 'mailto:a@b.c',
    AllowedHosts: ['127.0.0.1'],
    InsecureSkipDestinationIPCheck: true,
  });
  const provider = new WebPushProvider(settings, { extraCa: [ca.certPem] });
  try {
    const deviceId = encodeSubscription({ endpoint: `https://127.0.0.1:${port}/push/abc`, keys: { p256dh: P256DH, auth: AUTH } });
    const parsed = parsePushRequest({ platform: 'webpush', server_id: 's', device_id: deviceId, type: 'message', message: 'x' });
    assert.ok(parsed.ok);
    const started = Date.now();
    const result = await provider.send(parsed.push, { deviceToken: deviceId, attemptTimeoutMs: 400 });
    const took = Date.now() - started;
    assert.equal(result.status, 'FAIL', JSON.stringify(result));
    assert.ok(result.status === 'FAIL' && result.retryable, `a slow server is not a dead token: ${JSON.stringify(result)}`);
    assert.match(result.status === 'FAIL' ? result.error : '', /no complete response within 400 ms/);
    assert.ok(took < 5000, `the try ended (after ${took} ms), the trickle did not hold it`);
  } finally {
    await provider.close();
    for (const t of timers) clearInterval(t);
    server.closeAllConnections();
    server.close();
  }
});
