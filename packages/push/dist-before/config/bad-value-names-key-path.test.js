// A bad value is an error naming its key path, so `herald push --check` can say
// exactly what to fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, parseConfig } from './parse-config.js';
function issuesOf(json) {
    try {
        parseConfig(json);
    }
    catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        return err.issues;
    }
    assert.fail('expected a ConfigError');
}
test('a mistyped nested value names its full path', () => {
    const issues = issuesOf({ ApplePushSettings: [{ Type: 'apple', AppleAuthKeyID: 42 }] });
    assert.deepEqual(issues, ['ApplePushSettings[0].AppleAuthKeyID: expected string, got number 42']);
});
test('every bad value is reported at once', () => {
    const issues = issuesOf({ ThrottlePerSec: 'fast', EnableMetrics: 'yes', AndroidPushSettings: [{ Type: 'android' }, 5] });
    assert.ok(issues.includes('ThrottlePerSec: expected number, got string "fast"'), issues.join('\n'));
    assert.ok(issues.includes('EnableMetrics: expected boolean, got string "yes"'), issues.join('\n'));
    assert.ok(issues.includes('AndroidPushSettings[1]: expected object, got number 5'), issues.join('\n'));
});
test('integers, ranges and enums are checked', () => {
    assert.deepEqual(issuesOf({ SendTimeoutSec: 2.5 }), ['SendTimeoutSec: expected integer, got number 2.5']);
    assert.deepEqual(issuesOf({ ThrottlePerSec: -1 }), ['ThrottlePerSec: must be at least 0, got number -1']);
    assert.deepEqual(issuesOf({ LogFormat: 'xml' }), ['LogFormat: expected one of "plain", "json", got string "xml"']);
    assert.deepEqual(issuesOf({ Mode: 'cloud' }), ['Mode: expected one of "eas", "hosted", "test", "relay", got string "cloud"']);
});
test('a settings entry without Type, or with an empty one, is an error', () => {
    assert.deepEqual(issuesOf({ ApplePushSettings: [{ ApplePushTopic: 'x' }] }), ['ApplePushSettings[0].Type: missing (required)']);
    assert.deepEqual(issuesOf({ AndroidPushSettings: [{ Type: ' ' }] }), ['AndroidPushSettings[0].Type: must not be empty']);
});
test('ListenAddress must be host:port', () => {
    for (const ok of [':8066', '0.0.0.0:8066', 'localhost:443', '[::]:8066', '[::1]:0']) {
        assert.equal(parseConfig({ ListenAddress: ok }).config.ListenAddress, ok);
    }
    for (const bad of ['8066', ':99999', 'host', ':80:80', '']) {
        const issues = issuesOf({ ListenAddress: bad });
        assert.match(issues[0] ?? '', /^ListenAddress: expected \[host\]:port/);
    }
});
test('web push rules: VAPID subject scheme, one private key source, bare AllowedHosts', () => {
    assert.deepEqual(issuesOf({ WebPushSettings: [{ Subject: 'admin@example.com' }] }), [
        'WebPushSettings[0].Subject: expected a mailto: or https:// URI (RFC 8292), got "admin@example.com"',
    ]);
    assert.deepEqual(issuesOf({ WebPushSettings: [{ VapidPrivateKey: 'a', VapidPrivateKeyFile: 'b' }] }), [
        'WebPushSettings[0]: set VapidPrivateKey or VapidPrivateKeyFile, not both',
    ]);
    assert.deepEqual(issuesOf({ WebPushSettings: [{ AllowedHosts: ['ok.example', 'https://bad.example'] }] }), [
        'WebPushSettings[0].AllowedHosts[1]: expected a bare host or host:port, got "https://bad.example"',
    ]);
});
test('a secret that is mistyped is reported without its value', () => {
    const issues = issuesOf({ ApplePushSettings: [{ Type: 'apple', ApplePushCertPassword: 123456789 }] });
    assert.deepEqual(issues, ['ApplePushSettings[0].ApplePushCertPassword: expected string, got number (value hidden)']);
    assert.ok(!issues.join('').includes('123456789'));
});
test('the root must be an object', () => {
    for (const bad of [null, [], 'x', 3])
        assert.match(issuesOf(bad)[0] ?? '', /^\(root\): expected a JSON object/);
});
test('the error message lists every issue, and keeps warnings gathered so far', () => {
    try {
        parseConfig({ ListenAdress: ':1', ThrottlePerSec: 'x', SendTimeoutSec: 'y' });
        assert.fail('expected a ConfigError');
    }
    catch (err) {
        assert.ok(err instanceof ConfigError);
        assert.match(err.message, /^invalid config:\n {2}- ThrottlePerSec: .*\n {2}- SendTimeoutSec: /);
        assert.deepEqual(err.warnings, ['ListenAdress: unknown key (ignored)']);
    }
});
//# sourceMappingURL=bad-value-names-key-path.test.js.map