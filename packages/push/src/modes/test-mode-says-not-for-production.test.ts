// Mode "test" (TPNS): open (no key, plaintext), a loud warning at start, every reply and /version
// saying it is not for production, and ThrottlePerSec capped at TestModeThrottlePerSec (20).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { message } from '../service-tests/mattermost-bodies.js';
import { startStack, type Stack } from '../testing/start-stack.js';

let stack: Stack;
before(async () => {
  stack = await startStack({
    config: (c) => {
      c.Mode = 'test';
      c.ThrottlePerSec = 300;
    },
  });
});
after(async () => {
  await stack?.close();
});

test('open: a push without any key is delivered, over plaintext', async () => {
  const token = await stack.apnsDevice();
  const r = await stack.sendPush(message('apple_rn', token));
  assert.deepEqual(r.json, { status: 'OK' });
  assert.match(stack.url, /^http:/);
});

test('a loud warning in the log at start', () => {
  const warning = stack.logs.records().find((r) => /NOT for production/.test(String(r.msg)));
  assert.ok(warning, stack.logs.text());
  assert.equal(warning.level, 40);
});

test('every reply carries X-Herald-Mode: test; not for production, and /version says so', async () => {
  for (const path of ['/', '/version', '/healthz', '/no-such-path']) {
    const r = await stack.request({ path });
    assert.equal(r.headers['x-herald-mode'], 'test; not for production', path);
  }
  const refused = await stack.sendPush({ platform: 'apple_rn' });
  assert.equal(refused.status, 400);
  assert.equal(refused.headers['x-herald-mode'], 'test; not for production');
  const v = await stack.request({ path: '/version' });
  assert.equal(v.json.mode, 'test');
  assert.equal(v.json.production, false);
  assert.match(v.json.warning, /not for production/);
});

test('low quota: ThrottlePerSec 300 is capped at 20 per client', async () => {
  await sleep(1100); // the earlier tests' requests leave the window
  const body = { id: 'tq', platform: 'apple_rn', type: 'message' };
  const statuses = await Promise.all(Array.from({ length: 30 }, () => stack.request({ path: '/api/v1/ack', body }).then((r) => r.status)));
  const ok = statuses.filter((s) => s === 200).length;
  assert.ok(ok >= 20 && ok <= 22, `about 20 allowed, got ${ok}`);
  assert.ok(statuses.includes(429));
});
