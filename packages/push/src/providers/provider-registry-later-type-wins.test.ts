// The registry follows the anchor: a later settings entry with the same Type replaces the earlier
// one (the config check warns about it), and an entry without credentials does not stop start-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../config/parse-config.js';
import { parsePushRequest } from '../request/push-request.js';
import { ProviderRegistry } from './provider-registry.js';

test('two entries of Type apple_rn: the later one serves, with a warning at load', async () => {
  const { config, warnings } = parseConfig({
    ApplePushSettings: [
      { Type: 'apple_rn', ApplePushTopic: 'com.first' },
      { Type: 'apple_rn', ApplePushTopic: 'com.second' },
    ],
  });
  assert.ok(warnings.some((w) => /ApplePushSettings\[1\]: Type "apple_rn" is also used by ApplePushSettings\[0\]; the later entry wins/.test(w)), warnings.join('\n'));
  const reg = await ProviderRegistry.fromConfig(config, { env: {} });
  try {
    assert.deepEqual(reg.types(), ['apple_rn']);
    const parsed = parsePushRequest({ platform: 'apple_rn', server_id: 's', device_id: 'ab'.repeat(32) });
    assert.ok(parsed.ok);
    const r = await reg.get('apple_rn')!.send(parsed.push, { deviceToken: parsed.push.deviceId });
    assert.equal(r.status, 'FAIL');
    assert.match(r.status === 'FAIL' ? r.error : '', /^ApplePushSettings\[1\] \(apple_rn\): no credentials configured/);
    assert.equal(r.status === 'FAIL' && r.retryable, false);
  } finally {
    await reg.close();
  }
});

test('a credential that is set but broken still fails start-up, naming the entry', async () => {
  const { config } = parseConfig({ AndroidPushSettings: [{ Type: 'android_rn', ServiceFileLocation: '/nonexistent/service-account.json' }] });
  await assert.rejects(ProviderRegistry.fromConfig(config, { env: {} }), /AndroidPushSettings\[0\]: ServiceFileLocation \/nonexistent\/service-account\.json/);
});
