// mattermost-push-proxy's shipped sample config (fixtures/mattermost-push-proxy.sample.json: every
// credential empty) loads unchanged from disk, and the service starts with it: the empty entries
// answer FAIL naming the missing credentials, as the anchor skips them, instead of refusing to start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCheckedConfig, startPushService } from '../push-service.js';
import { LogCapture, httpRequest } from '../testing/start-stack.js';
import { Agent } from 'node:http';

// Tests run from dist/; the fixture stays in src/.
const SAMPLE = fileURLToPath(new URL('../../src/config/fixtures/mattermost-push-proxy.sample.json', import.meta.url));

test('loadCheckedConfig accepts the sample: anchor values, no unknown keys, each warning once', async () => {
  const before = readFileSync(SAMPLE);
  const { config, warnings } = await loadCheckedConfig(SAMPLE);
  assert.deepEqual(readFileSync(SAMPLE), before, 'the file is read, never rewritten');
  assert.equal(config.ListenAddress, ':8066');
  assert.equal(config.ThrottlePerSec, 300);
  assert.equal(config.ThrottleMemoryStoreSize, 50000);
  assert.equal(config.ThrottleVaryByHeader, 'X-Forwarded-For');
  assert.equal(config.EnableMetrics, false);
  assert.equal(config.SendTimeoutSec, 30);
  assert.equal(config.RetryTimeoutSec, 8);
  assert.equal(config.LogFormat, 'plain');
  assert.equal(config.LogLevel, 'info');
  assert.deepEqual(
    config.ApplePushSettings.map((s) => [s.Type, s.ApplePushTopic]),
    [
      ['apple', 'com.mattermost.Mattermost'],
      ['apple_rn', 'com.mattermost.react.native'],
      ['apple_rnbeta', 'com.mattermost.rnbeta'],
    ],
  );
  assert.deepEqual(
    config.AndroidPushSettings.map((s) => s.Type),
    ['android', 'android_rn'],
  );
  assert.deepEqual(warnings.filter((w) => /unknown key/.test(w)), []);
  assert.equal(new Set(warnings).size, warnings.length, `a warning repeated:\n${warnings.join('\n')}`);
  assert.equal(warnings.filter((w) => /no credentials/.test(w)).length, 3);
  assert.equal(warnings.filter((w) => /ServiceFileLocation is empty/.test(w)).length, 2);
});

test('the service starts from the sample; a push to an entry without credentials is FAIL naming them', async () => {
  const logs = new LogCapture();
  const service = await startPushService({ configPath: SAMPLE, listen: '127.0.0.1:0', logStream: logs, env: {} });
  const agent = new Agent({ keepAlive: false });
  try {
    const ready = await httpRequest(service.url, agent, { path: '/readyz' });
    assert.equal(ready.status, 200);
    assert.deepEqual([...ready.json.providers].sort(), ['android', 'android_rn', 'apple', 'apple_rn', 'apple_rnbeta']);
    for (const [platform, error] of [
      ['apple_rn-v2', /ApplePushSettings\[1\] \(apple_rn\): no credentials configured/],
      ['android_rn', /AndroidPushSettings\[1\] \(android_rn\): no credentials configured/],
    ] as const) {
      const r = await httpRequest(service.url, agent, { path: '/api/v1/send_push', body: { platform, server_id: 's', device_id: 'ab'.repeat(32), type: 'message', message: 'hi' } });
      assert.equal(r.status, 200);
      assert.equal(r.json.status, 'FAIL', platform);
      assert.match(r.json.error, error);
    }
    assert.equal((await httpRequest(service.url, agent, { path: '/metrics' })).status, 404, 'EnableMetrics is false in the sample');
    assert.ok(logs.grep(/no credentials/).length >= 3, 'the start-up log names the entries without credentials');
  } finally {
    agent.destroy();
    await service.close();
  }
});
