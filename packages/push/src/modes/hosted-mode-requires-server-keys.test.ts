// Mode "hosted" (HPNS): every send_push/ack needs a server key bound to the push's server_id.
// Accept: a valid key (Bearer, or the password of Basic as Mattermost's Go client sends from
// https://id:key@host). Refuse: no key / unknown / revoked -> 401 JSON, another server's
// server_id -> 403, over the key's quota -> 429 with Retry-After; the trace only to its owner.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { message } from '../service-tests/mattermost-bodies.js';
import { startStack, type Stack } from '../testing/start-stack.js';
import { createKey, revokeKey } from './hosted-keys.js';

const SERVER_ID = 'ws1qpxh8p7rwbgqzb5nqchsq3e'; // the server_id of mattermost-bodies.ts
let dir: string;
let keysFile: string;
let stack: Stack;
let key: string;
let otherKey: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-hosted-'));
  keysFile = join(dir, 'keys.json');
  ({ key } = await createKey(keysFile, { serverId: SERVER_ID }));
  ({ key: otherKey } = await createKey(keysFile, { serverId: 'other-server' }));
  stack = await startStack({
    config: (c) => {
      c.Mode = 'hosted';
      c.BehindTLSProxy = true;
      c.HostedKeysFile = keysFile;
      c.EnableMetrics = true;
    },
  });
});

after(async () => {
  await stack?.close();
  await rm(dir, { recursive: true, force: true });
});

const bearer = (k: string) => ({ authorization: `Bearer ${k}` });

test('a valid key for the push server_id: the push is delivered (Bearer and Basic placements)', async () => {
  const token = await stack.apnsDevice();
  const r = await stack.request({ path: '/api/v1/send_push', body: message('apple_rn', token, { ack_id: 'hosted-ok-1' }), headers: bearer(key) });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { status: 'OK' });
  const basic = Buffer.from(`${SERVER_ID}:${key}`).toString('base64');
  const r2 = await stack.request({ path: '/api/v1/send_push', body: message('apple_rn', token, { ack_id: 'hosted-ok-2' }), headers: { authorization: `Basic ${basic}` } });
  assert.deepEqual(r2.json, { status: 'OK' });
  const ack = await stack.request({ path: '/api/v1/ack', body: { id: 'hosted-ok-1', platform: 'apple_rn', type: 'message', received_at: Date.now() }, headers: bearer(key) });
  assert.deepEqual(ack.json, { status: 'OK' });
});

test('no key, an unknown key: 401 JSON FAIL, nothing sent', async () => {
  const token = await stack.apnsDevice();
  const before = stack.requests.length;
  const none = await stack.sendPush(message('apple_rn', token));
  assert.equal(none.status, 401);
  assert.equal(none.json.status, 'FAIL');
  assert.match(none.json.error, /server key is required/);
  const unknown = await stack.request({ path: '/api/v1/send_push', body: message('apple_rn', token), headers: bearer('hpk_not-a-real-key') });
  assert.equal(unknown.status, 401);
  assert.deepEqual(unknown.json, { status: 'FAIL', error: 'hosted: unknown key' });
  const ack = await stack.request({ path: '/api/v1/ack', body: { id: 'x', platform: 'apple_rn', type: 'message' } });
  assert.equal(ack.status, 401);
  assert.equal(stack.requests.length, before, 'no provider request');
});

test("a key used for another server's server_id: 403", async () => {
  const token = await stack.apnsDevice();
  const r = await stack.request({ path: '/api/v1/send_push', body: message('apple_rn', token), headers: bearer(otherKey) });
  assert.equal(r.status, 403);
  assert.equal(r.json.status, 'FAIL');
  assert.match(r.json.error, /server_id: "ws1qpxh8p7rwbgqzb5nqchsq3e" is not the server this key was issued to/);
});

test('the trace of a push is readable by its own server only', async () => {
  const mine = await stack.request({ path: '/api/v1/trace/hosted-ok-1', headers: bearer(key) });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.trace.server_id, SERVER_ID);
  assert.ok(mine.json.trace.acked_at, 'the ack is on the trace');
  const theirs = await stack.request({ path: '/api/v1/trace/hosted-ok-1', headers: bearer(otherKey) });
  assert.equal(theirs.status, 404);
  const anonymous = await stack.request({ path: '/api/v1/trace/hosted-ok-1' });
  assert.equal(anonymous.status, 401);
});

test('a key with --quota 2/s: the third request within the second is 429 with Retry-After', async () => {
  const { key: limited } = await createKey(keysFile, { serverId: 'quota-server', quotaPerSec: 2 });
  await waitForKey(limited);
  const body = { id: 'q', platform: 'apple_rn', type: 'message' };
  const answers = [];
  for (let i = 0; i < 3; i++) answers.push(await stack.request({ path: '/api/v1/ack', body, headers: bearer(limited) }));
  assert.deepEqual(answers.map((a) => a.status), [200, 200, 429]);
  assert.equal(answers[2]!.json.status, 'FAIL');
  assert.match(answers[2]!.json.error, /quota of 2 requests per second for server quota-server exceeded/);
  assert.ok(Number(answers[2]!.headers['retry-after']) >= 1);
});

test('a revoked key is refused (401) within a couple of seconds, without a restart', async () => {
  const { key: temp, record } = await createKey(keysFile, { serverId: SERVER_ID });
  await waitForKey(temp);
  await revokeKey(keysFile, record.id);
  const deadline = Date.now() + 5000;
  let status = 0;
  while (Date.now() < deadline) {
    status = (await stack.request({ path: '/api/v1/ack', body: { id: 'r', platform: 'apple_rn', type: 'message' }, headers: bearer(temp) })).status;
    if (status === 401) break;
    await sleep(100);
  }
  assert.equal(status, 401);
  const r = await stack.request({ path: '/api/v1/ack', body: { id: 'r', platform: 'apple_rn', type: 'message' }, headers: bearer(temp) });
  assert.deepEqual(r.json, { status: 'FAIL', error: 'hosted: revoked key' });
});

test('usage metrics per server_id', async () => {
  const m = await stack.request({ path: '/metrics' });
  assert.match(m.text, /herald_hosted_requests_total\{server_id="ws1qpxh8p7rwbgqzb5nqchsq3e",result="OK"\} 2/);
  assert.match(m.text, /herald_hosted_requests_total\{server_id="other-server",result="forbidden"\} 1/);
  assert.match(m.text, /herald_hosted_unauthorized_total\{reason="unknown"\} [1-9]/);
  assert.match(m.text, /herald_hosted_quota_exceeded_total\{server_id="quota-server"\} 1/);
});

/** Waits until the service has read a key the test just created. */
async function waitForKey(k: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    // A HEAD-like probe that does not spend quota: the trace endpoint only identifies.
    const r = await stack.request({ path: '/api/v1/trace/none', headers: bearer(k) });
    if (r.status === 404) return;
    await sleep(100);
  }
  throw new Error('the service did not pick up the new key');
}
