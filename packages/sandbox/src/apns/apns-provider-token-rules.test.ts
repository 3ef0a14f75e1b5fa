// Provider-token (JWT) rules as Apple applies them: a token is required (absent a client
// certificate), must be an ES256 JWT from the registered key with the key's team as `iss`, is good
// for an hour, and may be replaced on a connection no sooner than 20 minutes later.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import type { ClientHttp2Session } from 'node:http2';
import apn from '@parse/node-apn';
import type { ApnsDevice } from '../state/devices.js';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { alertPayload, closeSession, openSession, post, providerToken, type ApnsResponse } from './apns-test-helpers.js';

const TOPIC = 'com.mattermost.rn';
let sb: TestSandbox;
let device: ApnsDevice;

before(async () => {
  sb = await startTestSandbox();
  device = await sb.client.registerApns({ topic: TOPIC });
});
after(async () => {
  await sb?.close();
});

const now = () => Math.floor(Date.now() / 1000);

/** Sends one alert push on `session` with `authorization` (omitted when undefined). */
function push(session: ClientHttp2Session, authorization: string | undefined): Promise<ApnsResponse> {
  return post(session, {
    token: device.token,
    headers: { ...(authorization !== undefined ? { authorization } : {}), 'apns-topic': TOPIC },
    body: alertPayload,
  });
}

/** One push on a fresh connection. */
async function pushOnce(authorization: string | undefined): Promise<ApnsResponse> {
  const session = await openSession(sb);
  try {
    return await push(session, authorization);
  } finally {
    await closeSession(session);
  }
}

function assertReason(r: ApnsResponse, status: number, reason: string): void {
  assert.equal(r.status, status, `status (body ${r.text})`);
  assert.equal(r.body?.reason, reason);
}

describe('missing and invalid tokens', () => {
  test('no authorization and no client certificate: 403 MissingProviderToken', async () => {
    assertReason(await pushOnce(undefined), 403, 'MissingProviderToken');
  });

  test('"bearer" with no token: 403 MissingProviderToken', async () => {
    assertReason(await pushOnce('bearer'), 403, 'MissingProviderToken');
  });

  test('signed by another key: 403 InvalidProviderToken', async () => {
    const otherKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    assertReason(await pushOnce(`bearer ${await providerToken(sb, { keyPem: otherKey })}`), 403, 'InvalidProviderToken');
  });

  test('a kid the sandbox does not know: 403 InvalidProviderToken', async () => {
    assertReason(await pushOnce(`bearer ${await providerToken(sb, { kid: 'ZZZZZZZZZZ' })}`), 403, 'InvalidProviderToken');
  });

  test('an iss other than the key’s team: 403 InvalidProviderToken', async () => {
    assertReason(await pushOnce(`bearer ${await providerToken(sb, { iss: 'OTHERTEAM1' })}`), 403, 'InvalidProviderToken');
  });

  test('a token with a tampered payload: 403 InvalidProviderToken', async () => {
    const [h, , s] = (await providerToken(sb)).split('.');
    const claims = Buffer.from(JSON.stringify({ iss: sb.credentials.manifest.apns.teamId, iat: now() - 5 })).toString('base64url');
    assertReason(await pushOnce(`bearer ${h}.${claims}.${s}`), 403, 'InvalidProviderToken');
  });

  test('not a JWT at all: 403 InvalidProviderToken', async () => {
    assertReason(await pushOnce('bearer not.a.jwt'), 403, 'InvalidProviderToken');
  });
});

describe('token age', () => {
  test('issued 61 minutes ago: 403 ExpiredProviderToken', async () => {
    assertReason(await pushOnce(`bearer ${await providerToken(sb, { iat: now() - 61 * 60 })}`), 403, 'ExpiredProviderToken');
  });

  test('issued 59 minutes ago: still accepted', async () => {
    assert.equal((await pushOnce(`bearer ${await providerToken(sb, { iat: now() - 59 * 60 })}`)).status, 200);
  });
});

describe('token refresh rate on one connection', () => {
  test('a second, different token under 20 minutes after the first: 429 TooManyProviderTokenUpdates', async () => {
    const first = `bearer ${await providerToken(sb, { iat: now() - 10 * 60 })}`;
    const second = `bearer ${await providerToken(sb)}`;
    const session = await openSession(sb);
    try {
      assert.equal((await push(session, first)).status, 200);
      assertReason(await push(session, second), 429, 'TooManyProviderTokenUpdates');
      // The first token stays good on that connection, and the second is fine on a new one.
      assert.equal((await push(session, first)).status, 200);
    } finally {
      await closeSession(session);
    }
    assert.equal((await pushOnce(second)).status, 200);
  });

  test('a new token 21 minutes after the first is accepted', async () => {
    const session = await openSession(sb);
    try {
      assert.equal((await push(session, `bearer ${await providerToken(sb, { iat: now() - 21 * 60 })}`)).status, 200);
      assert.equal((await push(session, `bearer ${await providerToken(sb)}`)).status, 200);
    } finally {
      await closeSession(session);
    }
  });

  test('reusing the same token for many requests is fine', async () => {
    const token = `bearer ${await providerToken(sb)}`;
    const session = await openSession(sb);
    try {
      const results = await Promise.all(Array.from({ length: 10 }, () => push(session, token)));
      assert.deepEqual(
        results.map((r) => r.status),
        Array(10).fill(200),
      );
    } finally {
      await closeSession(session);
    }
  });
});

describe('@parse/node-apn against the token rules', () => {
  test('a wrong team id surfaces as InvalidProviderToken', async () => {
    const url = new URL(sb.origin);
    const provider = new apn.Provider({
      token: { key: sb.credentials.apnsAuthKeyPem, keyId: sb.credentials.manifest.apns.keyId, teamId: 'WRONGTEAM0' },
      address: url.hostname,
      port: Number(url.port),
      ca: [sb.credentials.ca.certPem],
    });
    try {
      const result = await provider.send(new apn.Notification({ alert: 'x', topic: TOPIC }), device.token);
      assert.equal(result.failed[0]?.status, 403);
      assert.equal(result.failed[0]?.response?.reason, 'InvalidProviderToken');
    } finally {
      await provider.shutdown();
    }
  });
});
