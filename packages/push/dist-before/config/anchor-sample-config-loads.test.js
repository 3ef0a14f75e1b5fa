// The anchor's shipped sample config (all credentials empty) must load unchanged,
// with the anchor's defaults for every key it leaves out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './parse-config.js';
const ANCHOR_SAMPLE = {
    ListenAddress: ':8066',
    ThrottlePerSec: 300,
    ThrottleMemoryStoreSize: 50000,
    ThrottleVaryByHeader: 'X-Forwarded-For',
    EnableMetrics: false,
    SendTimeoutSec: 30,
    ApplePushSettings: [
        {
            Type: 'apple',
            ApplePushUseDevelopment: false,
            ApplePushCertPrivate: '',
            ApplePushCertPassword: '',
            ApplePushTopic: 'com.mattermost.Mattermost',
            AppleAuthKeyFile: '',
            AppleAuthKeyID: '',
            AppleTeamID: '',
        },
        {
            Type: 'apple_rn',
            ApplePushUseDevelopment: false,
            ApplePushCertPrivate: '',
            ApplePushCertPassword: '',
            ApplePushTopic: 'com.mattermost.react.native',
            AppleAuthKeyFile: '',
            AppleAuthKeyID: '',
            AppleTeamID: '',
        },
    ],
    AndroidPushSettings: [
        { Type: 'android', ServiceFileLocation: '' },
        { Type: 'android_rn', ServiceFileLocation: '' },
    ],
    EnableConsoleLog: true,
    EnableFileLog: false,
    LogFileLocation: '',
};
test('the anchor sample config parses with no errors and no unknown-key warnings', () => {
    const { config, warnings } = parseConfig(structuredClone(ANCHOR_SAMPLE));
    assert.equal(config.ListenAddress, ':8066');
    assert.equal(config.ThrottleVaryByHeader, 'X-Forwarded-For');
    assert.deepEqual(config.ApplePushSettings.map((s) => s.Type), ['apple', 'apple_rn']);
    assert.equal(config.AndroidPushSettings[1]?.Type, 'android_rn');
    assert.ok(!warnings.some((w) => w.includes('unknown key')), warnings.join('\n'));
    // Empty credentials are loadable but flagged.
    assert.ok(warnings.some((w) => w.startsWith('ApplePushSettings[0] (apple): no credentials')));
    assert.ok(warnings.some((w) => w.startsWith('AndroidPushSettings[1] (android_rn): ServiceFileLocation is empty')));
});
test('keys left out get the anchor defaults and Herald defaults', () => {
    const { config } = parseConfig({});
    assert.equal(config.ListenAddress, ':8066');
    assert.equal(config.ThrottlePerSec, 300);
    assert.equal(config.ThrottleMemoryStoreSize, 50000);
    assert.equal(config.ThrottleVaryByHeader, '');
    assert.equal(config.EnableMetrics, false);
    assert.equal(config.SendTimeoutSec, 30);
    assert.equal(config.RetryTimeoutSec, 8);
    assert.equal(config.EnableConsoleLog, true);
    assert.equal(config.EnableFileLog, false);
    assert.equal(config.LogFileLocation, '');
    assert.equal(config.LogFormat, 'plain');
    assert.equal(config.Mode, 'eas');
    assert.deepEqual(config.ApplePushSettings, []);
    assert.deepEqual(config.AndroidPushSettings, []);
    assert.deepEqual(config.WebPushSettings, []);
});
test('timeouts of 0 mean the default and RetryTimeoutSec is capped by SendTimeoutSec, as in the anchor', () => {
    assert.equal(parseConfig({ SendTimeoutSec: 0, RetryTimeoutSec: 0 }).config.SendTimeoutSec, 30);
    assert.equal(parseConfig({ SendTimeoutSec: 0, RetryTimeoutSec: 0 }).config.RetryTimeoutSec, 8);
    const { config, warnings } = parseConfig({ SendTimeoutSec: 5, RetryTimeoutSec: 9 });
    assert.equal(config.RetryTimeoutSec, 5);
    assert.ok(warnings.some((w) => w.startsWith('RetryTimeoutSec:')));
});
test('LogFormat and Mode accept any case, and "" means the default', () => {
    assert.equal(parseConfig({ LogFormat: 'JSON' }).config.LogFormat, 'json');
    assert.equal(parseConfig({ LogFormat: '' }).config.LogFormat, 'plain');
    assert.equal(parseConfig({ Mode: 'Relay' }).config.Mode, 'relay');
});
test('WebPushSettings: Type defaults to "webpush" and the anchor\'s own key names are accepted', () => {
    const { config, warnings } = parseConfig({
        WebPushSettings: [
            {
                VAPIDPublicKey: 'BPub',
                VAPIDPrivateKey: 'priv',
                Subscriber: 'mailto:push-admin@example.com',
                RequestTimeout: 30,
                AllowedHosts: [],
                MaxErrorBodyBytes: 8192,
                TTLSeconds: 30,
            },
        ],
    });
    const w = config.WebPushSettings[0];
    assert.equal(w?.Type, 'webpush');
    assert.equal(w?.VapidPublicKey, 'BPub');
    assert.equal(w?.VapidPrivateKey, 'priv');
    assert.equal(w?.Subject, 'mailto:push-admin@example.com');
    assert.equal(w?.TTLSeconds, 30);
    assert.deepEqual(warnings, []);
});
//# sourceMappingURL=anchor-sample-config-loads.test.js.map