// FCM HTTP v1 `messages:send`: every refusal comes in Google's JSON error format, with the FCM
// errorCode detail where FCM gives one, and nothing refused (or validate_only) reaches the inbox.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestSandbox, type TestSandbox } from '../testing/start-test-sandbox.js';
import { fcmAccessToken } from '../testing/fcm-auth.js';
import { httpsRequest, type HttpsAnswer } from '../testing/https-request.js';

const FCM_ERROR = 'type.googleapis.com/google.firebase.fcm.v1.FcmError';
const BAD_REQUEST = 'type.googleapis.com/google.rpc.BadRequest';

interface GoogleError {
  code: number;
  message: string;
  status: string;
  details?: { '@type': string; errorCode?: string; fieldViolations?: { field: string; description: string }[] }[];
}

/** Asserts Google's error envelope and returns the error object. */
function googleError(r: HttpsAnswer, code: number, status: string, errorCode?: string): GoogleError {
  assert.equal(r.status, code, r.text);
  assert.match(String(r.headers['content-type']), /^application\/json/);
  assert.deepEqual(Object.keys(r.json), ['error']);
  const e = r.json.error as GoogleError;
  assert.equal(e.code, code);
  assert.equal(e.status, status);
  assert.equal(typeof e.message, 'string');
  assert.ok(e.message.length > 0);
  const fcm = e.details?.find((d) => d['@type'] === FCM_ERROR);
  if (errorCode) assert.equal(fcm?.errorCode, errorCode, `details errorCode in ${r.text}`);
  else assert.equal(fcm, undefined, `no FcmError detail expected in ${r.text}`);
  return e;
}

function violationField(e: GoogleError): string | undefined {
  return e.details?.find((d) => d['@type'] === BAD_REQUEST)?.fieldViolations?.[0]?.field;
}

describe('FCM messages:send errors', () => {
  let sb: TestSandbox;
  let ca: string;
  let project: string;
  let accessToken: string;
  let device: string;

  const send = (body: unknown, o: { auth?: string | null; project?: string; raw?: string | Buffer } = {}) =>
    httpsRequest(`${sb.origin}/v1/projects/${o.project ?? project}/messages:send`, {
      ca,
      headers: {
        'content-type': 'application/json',
        ...(o.auth === null ? {} : { authorization: o.auth ?? `Bearer ${accessToken}` }),
      },
      body: o.raw ?? JSON.stringify(body),
    });
  const message = (m: Record<string, unknown> = {}) => ({ message: { token: device, data: { type: 'message' }, android: { priority: 'high' }, ...m } });

  before(async () => {
    sb = await startTestSandbox();
    ca = sb.credentials.ca.certPem;
    project = sb.credentials.firebase.project_id;
    accessToken = await fcmAccessToken(sb.credentials.firebase, ca);
    device = (await sb.client.registerFcm()).token;
  });
  after(() => sb.close());

  test('a well-formed data-only message is accepted (200, message name) and delivered', async () => {
    const r = await send(message());
    assert.equal(r.status, 200, r.text);
    assert.match(r.json.name, new RegExp(`^projects/${project}/messages/\\d+:`));
    const d = await sb.client.next(device, { timeoutMs: 5000 });
    assert.equal(d.id, r.json.name);
    assert.deepEqual(d.payload, message().message);
  });

  test('no Authorization -> 401 UNAUTHENTICATED (missing credential)', async () => {
    const e = googleError(await send(message(), { auth: null }), 401, 'UNAUTHENTICATED');
    assert.match(e.message, /missing required authentication credential/);
  });

  test('an unknown or malformed bearer token -> 401 UNAUTHENTICATED (invalid credentials)', async () => {
    for (const auth of ['Bearer ya29.not-a-token', 'Basic dXNlcjpwYXNz', `Bearer`]) {
      const e = googleError(await send(message(), { auth }), 401, 'UNAUTHENTICATED');
      assert.match(e.message, /invalid authentication credentials/);
    }
  });

  test("another project's URL -> 403 PERMISSION_DENIED", async () => {
    const e = googleError(await send(message(), { project: 'someone-elses-project' }), 403, 'PERMISSION_DENIED');
    assert.match(e.message, /cloudmessaging\.messages\.create/);
  });

  const invalid: [string, () => unknown, string | undefined, RegExp][] = [
    ['no target', () => ({ message: { data: { a: 'b' } } }), 'message', /Exactly one of/],
    ['two targets', () => message({ topic: 'news' }), 'message', /Exactly one of/],
    ['a non-string target', () => message({ token: 42 }), 'message.token', /TYPE_STRING/],
    ['a non-string data value', () => message({ data: { badge: 3 } }), 'message.data[badge].value', /TYPE_STRING/],
    ['a reserved data key', () => message({ data: { from: 'me' } }), 'message.data', /Invalid data payload key/],
    ['data that is not a map', () => message({ data: ['a'] }), 'message.data', /message\.data/],
    ['a bad android.priority', () => message({ android: { priority: 'urgent' } }), 'message.android.priority', /AndroidMessagePriority/],
    ['an unknown message field', () => message({ priority: 'high' }), 'message', /Unknown name "priority" at 'message'/],
    ['an unknown android field', () => message({ android: { prio: 'high' } }), 'message.android', /Unknown name "prio" at 'message.android'/],
    ['an unknown request field', () => ({ ...message(), dry_run: true }), undefined, /Unknown name "dry_run"/],
    ['a non-boolean validate_only', () => ({ ...message(), validate_only: 'yes' }), 'validate_only', /TYPE_BOOL/],
    ['a data payload over 4096 bytes', () => message({ data: { message: 'x'.repeat(4100) } }), 'message', /too big/],
    ['a token FCM never issued', () => message({ token: 'c'.repeat(40) + ':APA91never-registered' }), 'message.token', /not a valid FCM registration token/],
  ];
  for (const [name, body, field, msg] of invalid) {
    test(`${name} -> 400 INVALID_ARGUMENT`, async () => {
      const e = googleError(await send(body()), 400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT');
      assert.match(e.message, msg);
      assert.equal(violationField(e), field);
    });
  }

  test('a body that is not JSON -> 400 INVALID_ARGUMENT "Invalid JSON payload received"', async () => {
    for (const raw of ['{"message": {', 'message=hello', '', '[1,2]', 'null']) {
      const e = googleError(await send(undefined, { raw }), 400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT');
      assert.match(e.message, /Invalid JSON payload received|invalid argument/, raw);
    }
  });

  test('a body over 64 KiB -> 413, and the sandbox keeps answering', async () => {
    const r = await send(undefined, { raw: JSON.stringify(message({ data: { x: 'y'.repeat(70_000) } })) });
    assert.equal(r.status, 413, r.text);
    assert.equal(r.json.error.code, 413);
    assert.equal((await send(message())).status, 200);
  });

  test('a token unregistered after it was used -> 404 UNREGISTERED (NOT_FOUND)', async () => {
    const gone = (await sb.client.registerFcm()).token;
    assert.equal((await send(message({ token: gone }))).status, 200);
    await sb.client.unregister('fcm', gone);
    const e = googleError(await send(message({ token: gone })), 404, 'NOT_FOUND', 'UNREGISTERED');
    assert.match(e.message, /not found/i);
  });

  test("a token registered to another project (another sender) -> 403 SENDER_ID_MISMATCH", async () => {
    const foreign = (await sb.client.registerFcm({ project: 'another-firebase-project' })).token;
    const e = googleError(await send(message({ token: foreign })), 403, 'PERMISSION_DENIED', 'SENDER_ID_MISMATCH');
    assert.match(e.message, /SenderId mismatch/);
  });

  test('validate_only checks the message, answers a fake id and delivers nothing', async () => {
    const token = (await sb.client.registerFcm()).token;
    const checked = await send({ ...message({ token }), validate_only: true });
    assert.equal(checked.status, 200, checked.text);
    assert.equal(checked.json.name, `projects/${project}/messages/fake_message_id`);
    // validate_only still refuses what a real send would refuse.
    googleError(await send({ ...message({ token, data: { n: 1 } }), validate_only: true }), 400, 'INVALID_ARGUMENT', 'INVALID_ARGUMENT');
    const real = await send(message({ token, data: { n: '2' } }));
    assert.equal(real.status, 200);
    const inbox = await sb.client.inbox({ token });
    assert.deepEqual(inbox.map((d) => d.id), [real.json.name]);
  });

  test('topic and condition targets are accepted (no device inbox to fill)', async () => {
    for (const target of [{ topic: 'news' }, { condition: "'news' in topics" }]) {
      const r = await send({ message: { ...target, data: { a: 'b' } } });
      assert.equal(r.status, 200, r.text);
    }
  });

  test('rate limit fault -> 429 QUOTA_EXCEEDED (RESOURCE_EXHAUSTED) with Retry-After', async () => {
    const token = (await sb.client.registerFcm()).token;
    await sb.client.addFault({ kind: 'ratelimit', service: 'fcm', token, perSecond: 0, retryAfter: 7, times: 1 });
    const r = await send(message({ token }));
    googleError(r, 429, 'RESOURCE_EXHAUSTED', 'QUOTA_EXCEEDED');
    assert.equal(r.headers['retry-after'], '7');
    assert.equal((await send(message({ token }))).status, 200, 'times: 1 lets the next request through');
  });

  test('status faults -> 503 UNAVAILABLE and 500 INTERNAL in Google format', async () => {
    const token = (await sb.client.registerFcm()).token;
    await sb.client.addFault({ kind: 'status', service: 'fcm', token, status: 503, reason: 'UNAVAILABLE', retryAfter: 2, times: 1 });
    const unavailable = await send(message({ token }));
    googleError(unavailable, 503, 'UNAVAILABLE', 'UNAVAILABLE');
    assert.equal(unavailable.headers['retry-after'], '2');
    await sb.client.addFault({ kind: 'status', service: 'fcm', token, status: 500, reason: 'INTERNAL', times: 1 });
    googleError(await send(message({ token })), 500, 'INTERNAL', 'INTERNAL');
    assert.equal((await send(message({ token }))).status, 200);
    assert.equal((await sb.client.inbox({ token })).length, 1, 'only the accepted send was delivered');
  });

  test('a bad project path or wrong method gets a Google error, never a crash', async () => {
    googleError(await send(message(), { project: '%E0%A4%A' }), 404, 'NOT_FOUND');
    const get = await httpsRequest(`${sb.origin}/v1/projects/${project}/messages:send`, { ca, method: 'GET', headers: { authorization: `Bearer ${accessToken}` } });
    googleError(get, 404, 'NOT_FOUND');
    assert.equal((await send(message())).status, 200);
  });
});
