// One DEBUG line per push naming platform, type, ack id and result (FAIL and REMOVE at INFO);
// device tokens only ever appear as a short prefix, whatever the outcome and the log format.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSubscription } from '../providers/webpush/webpush-payload.js';
import { startStack, type Stack } from '../testing/start-stack.js';
import { clear, message } from './mattermost-bodies.js';

/** Sends an OK, a REMOVE, a FAIL, a bad request and a push to each provider; returns every token used. */
async function exercise(stack: Stack): Promise<string[]> {
  const ios = await stack.apnsDevice();
  const android = await stack.fcmDevice();
  const dead = await stack.apnsDevice();
  await stack.client.unregister('apns', dead);
  const { subscription } = await stack.client.subscribeWebPush();
  const web = encodeSubscription(subscription);
  assert.equal((await stack.sendPush(message('apple_rn-v2', ios, { ack_id: 'log-ok' }))).json.status, 'OK');
  assert.equal((await stack.sendPush(clear('android_rn-v2', android))).json.status, 'OK');
  assert.equal((await stack.sendPush(message('webpush', web, { ack_id: 'log-web' }))).json.status, 'OK');
  assert.equal((await stack.sendPush(message('apple_rn', dead, { ack_id: 'log-remove' }))).json.status, 'REMOVE');
  await stack.client.addFault({ kind: 'status', service: 'fcm', token: android, status: 400, reason: 'INVALID_ARGUMENT', times: 1 });
  assert.equal((await stack.sendPush(message('android_rn', android, { ack_id: 'log-fail' }))).json.status, 'FAIL');
  assert.equal((await stack.sendPush({ ...message('apple_rn', ios), badge: 'x' })).status, 400);
  assert.equal((await stack.sendPush({ ...message('nokia', ios) })).status, 400);
  return [ios, android, dead, web, subscription.keys.auth, subscription.keys.p256dh];
}

function assertNoTokens(stack: Stack, tokens: string[]): void {
  const all = stack.logs.text();
  for (const t of tokens) {
    assert.equal(all.includes(t), false, `full token ${t.slice(0, 12)}… found in the logs`);
    // Nor any long piece of it.
    assert.equal(all.includes(t.slice(0, 16)), false, `16-character token prefix ${t.slice(0, 16)} found in the logs`);
  }
}

describe('LogFormat json, level debug', () => {
  let stack: Stack;
  let tokens: string[];
  before(async () => {
    stack = await startStack({ logLevel: 'debug' });
    tokens = await exercise(stack);
  });
  after(async () => {
    await stack?.close();
  });

  test('exactly one line per push, naming platform, type, ack id, result and a token prefix', () => {
    const lines = stack.logs.records().filter((r) => r.result !== undefined);
    assert.equal(lines.length, 5, JSON.stringify(lines, null, 1));
    const ok = lines.find((l) => l.ack_id === 'log-ok')!;
    assert.equal(ok.level, 20, 'DEBUG');
    assert.equal(ok.platform, 'apple_rn-v2');
    assert.equal(ok.type, 'message');
    assert.equal(ok.result, 'OK');
    assert.equal(ok.device, `${tokens[0]!.slice(0, 8)}…`);
    assert.equal(lines.filter((l) => l.ack_id === 'log-ok').length, 1);
    const clearLine = lines.find((l) => l.type === 'clear')!;
    assert.equal(clearLine.platform, 'android_rn-v2');
    assert.equal(clearLine.ack_id, 'cl3ar4ck1d9x8w7v6u5t4s3r2q');

    const removed = lines.find((l) => l.ack_id === 'log-remove')!;
    assert.equal(removed.level, 30, 'REMOVE is logged at INFO');
    assert.equal(removed.result, 'REMOVE');
    assert.match(removed.error, /Unregistered/);
    const failed = lines.find((l) => l.ack_id === 'log-fail')!;
    assert.equal(failed.level, 30);
    assert.equal(failed.result, 'FAIL');
    assert.match(failed.error, /INVALID_ARGUMENT/);
  });

  test('bad requests are logged as warnings naming the problem', () => {
    const warned = stack.logs.records().filter((r) => r.level === 40).map((r) => String(r.msg));
    assert.ok(warned.some((m) => /badge: expected an integer/.test(m)), warned.join('\n'));
    assert.ok(warned.some((m) => /platform: unknown platform "nokia"/.test(m)), warned.join('\n'));
  });

  test('no device token, subscription key or secret appears in full', () => {
    assertNoTokens(stack, tokens);
  });
});

describe('LogFormat plain (the anchor default), level debug', () => {
  let stack: Stack;
  let tokens: string[];
  before(async () => {
    stack = await startStack({ logLevel: 'debug', config: (c) => (c.LogFormat = 'plain') });
    tokens = await exercise(stack);
  });
  after(async () => {
    await stack?.close();
  });

  test('one readable DEBUG line per push with key=value fields', () => {
    const sent = stack.logs.grep(/ DEBUG push sent /);
    assert.equal(sent.length, 3, sent.join('\n'));
    const ok = stack.logs.grep(/ack_id=log-ok /);
    assert.equal(ok.length, 1);
    assert.match(ok[0]!, /^\d{4}-\d\d-\d\dT[\d:.]+Z DEBUG push sent platform=apple_rn-v2 type=message ack_id=log-ok device=[0-9a-f]{8}… .*result=OK/);
    assert.equal(stack.logs.grep(/ INFO push refused: device token is dead .*ack_id=log-remove .*result=REMOVE/).length, 1);
    assert.equal(stack.logs.grep(/ INFO push failed .*ack_id=log-fail .*result=FAIL/).length, 1);
  });

  test('no device token, subscription key or secret appears in full', () => {
    assertNoTokens(stack, tokens);
  });
});

describe('level info (the default)', () => {
  let stack: Stack;
  let tokens: string[];
  before(async () => {
    stack = await startStack({ logLevel: 'info' });
    tokens = await exercise(stack);
  });
  after(async () => {
    await stack?.close();
  });

  test('delivered pushes are quiet; REMOVE and FAIL are still logged', () => {
    const lines = stack.logs.records().filter((r) => r.result !== undefined);
    assert.deepEqual(lines.map((l) => l.result).sort(), ['FAIL', 'REMOVE']);
    assertNoTokens(stack, tokens);
  });
});
