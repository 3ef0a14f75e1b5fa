// The sandbox's Google OAuth token endpoint: google-auth-library gets a token from it with the
// service-account file and sends through FCM with it; hand-signed assertions get Google's errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { exchange, FCM_SCOPE, JWT_BEARER, signAssertion } from '../testing/fcm-auth.js';
import { httpsRequest } from '../testing/https-request.js';
import type { ServiceAccount } from '../credentials/credentials.js';
import { ACCESS_TOKEN_SECONDS, FcmAuth } from './oauth.js';

const run = promisify(execFile);

// Runs as its own process, exactly as a user would: the service-account file, NODE_EXTRA_CA_CERTS.
// google-auth-library always posts to https://oauth2.googleapis.com/token (and signs for that
// audience) whatever token_uri says, so the only change is a request interceptor sending that
// URL to the file's token_uri.
const CLIENT = `
import { readFileSync } from 'node:fs';
const { GoogleAuth } = await import(process.env.GAL_URL);
const file = process.env.SA_FILE;
const sa = JSON.parse(readFileSync(file, 'utf8'));
const auth = new GoogleAuth({ keyFilename: file, scopes: [process.env.SCOPE] });
const client = await auth.getClient();
client.transporter.interceptors.request.add({
  resolved: async (o) => {
    if (String(o.url) === 'https://oauth2.googleapis.com/token') o.url = new URL(sa.token_uri);
    return o;
  },
});
const first = await client.getAccessToken();
const second = await client.getAccessToken();
const res = await client.request({
  url: process.env.FCM_URL + '/v1/projects/' + sa.project_id + '/messages:send',
  method: 'POST',
  data: { message: { token: process.env.DEVICE, data: { type: 'message', message: 'hello from google-auth-library' }, android: { priority: 'high' } } },
});
console.log(JSON.stringify({ first: first.token, second: second.token, expiry: client.credentials.expiry_date, status: res.status, data: res.data }));
`;

describe('FCM OAuth token endpoint', () => {
  let sb: TestSandbox;
  let sa: ServiceAccount;
  let ca: string;

  before(async () => {
    sb = await startTestSandbox();
    sa = JSON.parse(readFileSync(sb.credentials.path('firebaseServiceAccount'), 'utf8')) as ServiceAccount;
    ca = sb.credentials.ca.certPem;
  });
  after(() => sb.close());

  test('google-auth-library gets a token from token_uri and sends a data-only message that lands in the inbox', async () => {
    const device = await sb.client.registerFcm();
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CLIENT], {
      env: {
        ...process.env,
        NODE_EXTRA_CA_CERTS: sb.env.NODE_EXTRA_CA_CERTS,
        GAL_URL: import.meta.resolve('google-auth-library'),
        SA_FILE: sb.credentials.path('firebaseServiceAccount'),
        SCOPE: FCM_SCOPE,
        FCM_URL: sb.env.HERALD_FCM_URL,
        DEVICE: device.token,
      },
      timeout: 20_000,
    });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as {
      first: string;
      second: string;
      expiry: number;
      status: number;
      data: { name: string };
    };
    assert.match(out.first, /^ya29\./);
    assert.equal(out.second, out.first, 'the library caches the token until near expires_in');
    assert.ok(out.expiry > Date.now() + 50 * 60_000, `expiry_date ${out.expiry} should be about an hour ahead`);
    assert.equal(out.status, 200);
    assert.match(out.data.name, new RegExp(`^projects/${sa.project_id}/messages/`));

    const d = await sb.client.next(device.token, { timeoutMs: 5000 });
    assert.equal(d.service, 'fcm');
    assert.equal(d.id, out.data.name);
    assert.deepEqual((d.payload as { data: unknown }).data, { type: 'message', message: 'hello from google-auth-library' });
    assert.equal(d.headers.authorization, 'Bearer <redacted>');
  });

  test('a good assertion gets a Bearer token with expires_in; every exchange gets a fresh, valid token', async () => {
    const a = await exchange(sa, ca, { grant_type: JWT_BEARER, assertion: await signAssertion(sa) });
    const b = await exchange(sa, ca, { grant_type: JWT_BEARER, assertion: await signAssertion(sa) });
    for (const r of [a, b]) {
      assert.equal(r.status, 200, r.text);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      assert.equal(r.json.token_type, 'Bearer');
      assert.equal(typeof r.json.expires_in, 'number');
      assert.ok(r.json.expires_in > 3000 && r.json.expires_in <= 3600);
    }
    assert.notEqual(a.json.access_token, b.json.access_token);
    const device = await sb.client.registerFcm();
    for (const token of [a.json.access_token, b.json.access_token]) {
      const send = await httpsRequest(`${sb.origin}/v1/projects/${sa.project_id}/messages:send`, {
        ca,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ message: { token: device.token, data: { k: 'v' } } }),
      });
      assert.equal(send.status, 200, send.text);
    }
  });

  test("Google's own audience (what google-auth-library signs for) is accepted as well as token_uri", async () => {
    const r = await exchange(sa, ca, { grant_type: JWT_BEARER, assertion: await signAssertion(sa, { aud: 'https://oauth2.googleapis.com/token' }) });
    assert.equal(r.status, 200, r.text);
  });

  test('the cloud-platform scope is enough for FCM', async () => {
    const r = await exchange(sa, ca, { grant_type: JWT_BEARER, assertion: await signAssertion(sa, { scope: 'https://www.googleapis.com/auth/cloud-platform' }) });
    assert.equal(r.status, 200, r.text);
  });

  test('a token for another Google scope is issued, but FCM refuses it with 403 PERMISSION_DENIED', async () => {
    const r = await exchange(sa, ca, { grant_type: JWT_BEARER, assertion: await signAssertion(sa, { scope: 'https://www.googleapis.com/auth/userinfo.email' }) });
    assert.equal(r.status, 200, r.text);
    const device = await sb.client.registerFcm();
    const send = await httpsRequest(`${sb.origin}/v1/projects/${sa.project_id}/messages:send`, {
      ca,
      headers: { authorization: `Bearer ${r.json.access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: { token: device.token, data: { k: 'v' } } }),
    });
    assert.equal(send.status, 403, send.text);
    assert.equal(send.json.error.status, 'PERMISSION_DENIED');
    assert.match(send.json.error.message, /insufficient authentication scopes/);
  });

  const now = () => Math.floor(Date.now() / 1000);
  const otherKey = () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const rejected: [string, () => Promise<Record<string, string>>, string, RegExp][] = [
    ['bad signature', async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(sa, { privateKey: otherKey() }) }), 'invalid_grant', /Invalid JWT Signature/],
    ['wrong kid', async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(sa, { kid: 'f'.repeat(40) }) }), 'invalid_grant', /Invalid JWT Signature/],
    ['wrong aud', async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(sa, { aud: 'https://evil.example/token' }) }), 'invalid_grant', /audience/],
    ['expired', async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(sa, { iat: now() - 7200, exp: now() - 3600 }) }), 'invalid_grant', /short-lived token/],
    ['lifetime over an hour', async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(sa, { iat: now(), exp: now() + 7200 }) }), 'invalid_grant', /short-lived token/],
    ['iat in the future', async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(sa, { iat: now() + 600, exp: now() + 1200 }) }), 'invalid_grant', /short-lived token/],
    ['missing scope', async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(sa, { scope: null }) }), 'invalid_scope', /scope/],
    ['invalid scope', async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(sa, { scope: 'firebase.messaging' }) }), 'invalid_scope', /scopes were invalid/],
    ['wrong grant_type', async () => ({ grant_type: 'client_credentials', assertion: await signAssertion(sa) }), 'unsupported_grant_type', /grant_type/],
    ['unknown iss', async () => ({ grant_type: JWT_BEARER, assertion: await signAssertion(sa, { iss: 'someone@other.iam.gserviceaccount.com' }) }), 'invalid_grant', /account not found/],
    ['missing assertion', async () => ({ grant_type: JWT_BEARER }), 'invalid_request', /assertion/],
    ['garbage assertion', async () => ({ grant_type: JWT_BEARER, assertion: 'not.a.jwt' }), 'invalid_grant', /JWT/],
  ];
  for (const [name, form, error, description] of rejected) {
    test(`${name} -> 400 ${error} in Google's OAuth error JSON`, async () => {
      const r = await exchange(sa, ca, await form());
      assert.equal(r.status, 400, r.text);
      assert.match(String(r.headers['content-type']), /^application\/json/);
      assert.deepEqual(Object.keys(r.json).sort(), ['error', 'error_description']);
      assert.equal(r.json.error, error);
      assert.match(r.json.error_description, description);
    });
  }

  test('GET on the token endpoint is refused, and the sandbox keeps answering', async () => {
    const r = await httpsRequest(sa.token_uri, { ca, method: 'GET' });
    assert.equal(r.status, 405);
    assert.equal(r.json.error, 'invalid_request');
    const ok = await exchange(sa, ca, { grant_type: JWT_BEARER, assertion: await signAssertion(sa) });
    assert.equal(ok.status, 200);
  });
});

describe('FCM access tokens', () => {
  test('stop authorising sends once expires_in has passed', async () => {
    let clock = Math.floor(Date.now() / 1000);
    const auth = new FcmAuth(() => clock);
    const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const sa = {
      project_id: 'clock-project',
      private_key_id: 'k1',
      private_key: privateKey,
      client_email: 'clock@clock-project.iam.gserviceaccount.com',
      token_uri: 'https://oauth2.googleapis.com/token',
    } as ServiceAccount;
    auth.addServiceAccount(sa);
    const result = await auth.exchange(await signAssertion(sa, { iat: clock }), ['https://oauth2.googleapis.com/token']);
    assert.ok('accessToken' in result, JSON.stringify(result));
    assert.deepEqual(auth.lookup(result.accessToken), { project: 'clock-project', fcmScope: true });
    clock += ACCESS_TOKEN_SECONDS - 1;
    assert.equal(auth.projectFor(result.accessToken), 'clock-project');
    clock += 1;
    assert.equal(auth.projectFor(result.accessToken), undefined);
  });
});
