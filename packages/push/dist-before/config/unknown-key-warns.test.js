// An unknown key is a warning naming its path, never an error: configs written
// for newer or older anchors, or with comments-as-keys, must still load.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './parse-config.js';
test('unknown keys at any level are warnings with their path, and are dropped', () => {
    const { config, warnings } = parseConfig({
        Bogus: 1,
        _comment: 'hand-written note',
        ApplePushSettings: [{ Type: 'apple', ApplePushTopic: 't', AppleAuthKeyFile: 'k', AppleAuthKeyID: 'i', AppleTeamID: 'T', Extra: true }],
        AndroidPushSettings: [{ Type: 'android', ServiceFileLocation: 's.json', Legacy: {} }],
    });
    assert.deepEqual(warnings, [
        'Bogus: unknown key (ignored)',
        '_comment: unknown key (ignored)',
        'ApplePushSettings[0].Extra: unknown key (ignored)',
        'AndroidPushSettings[0].Legacy: unknown key (ignored)',
    ]);
    assert.equal('Bogus' in config, false);
    assert.equal('Extra' in (config.ApplePushSettings[0] ?? {}), false);
});
test('keys match case-insensitively like Go, with a warning to fix the spelling', () => {
    const { config, warnings } = parseConfig({ listenaddress: ':9000', applepushsettings: [{ type: 'apple', ApplePushTopic: 'x' }] });
    assert.equal(config.ListenAddress, ':9000');
    assert.equal(config.ApplePushSettings[0]?.Type, 'apple');
    assert.ok(warnings.includes('listenaddress: matched "ListenAddress" ignoring case; please spell it "ListenAddress"'));
    assert.ok(warnings.includes('applepushsettings[0].type: matched "Type" ignoring case; please spell it "Type"'));
});
test('the legacy AndroidApiKey is accepted in either spelling and ignored with a warning', () => {
    for (const key of ['AndroidApiKey', 'AndroidAPIKey']) {
        const { warnings } = parseConfig({ AndroidPushSettings: [{ Type: 'android', ServiceFileLocation: 'x', [key]: 'AAAA' }] });
        assert.deepEqual(warnings, ['AndroidPushSettings[0].AndroidApiKey: legacy FCM server key is no longer used (ignored); remove it']);
    }
});
test('null means "use the default", as Go leaves the field untouched', () => {
    const { config, warnings } = parseConfig({ ListenAddress: null, ApplePushSettings: null });
    assert.equal(config.ListenAddress, ':8066');
    assert.deepEqual(config.ApplePushSettings, []);
    assert.deepEqual(warnings, []);
});
test('a key given twice under two spellings warns and the later one wins', () => {
    const { config, warnings } = parseConfig({ ListenAddress: ':1', listenAddress: ':2' });
    assert.equal(config.ListenAddress, ':2');
    assert.ok(warnings.some((w) => w.startsWith('listenAddress: also given as "ListenAddress"')));
});
test('a prototype-pollution key is just an unknown key', () => {
    const json = JSON.parse('{"__proto__": {"polluted": true}, "ApplePushSettings": [{"Type": "apple", "__proto__": {"x": 1}}]}');
    const { config, warnings } = parseConfig(json);
    assert.ok(warnings.includes('__proto__: unknown key (ignored)'));
    assert.ok(warnings.includes('ApplePushSettings[0].__proto__: unknown key (ignored)'));
    assert.equal({}.polluted, undefined);
    assert.equal(config.polluted, undefined);
});
test('two entries with the same Type warn that the later one wins', () => {
    const { warnings } = parseConfig({
        ApplePushSettings: [{ Type: 'apple_rn', ApplePushCertPrivate: 'a.pem', ApplePushTopic: 't' }],
        AndroidPushSettings: [{ Type: 'apple_rn', ServiceFileLocation: 'x' }],
    });
    assert.deepEqual(warnings, ['AndroidPushSettings[0]: Type "apple_rn" is also used by ApplePushSettings[0]; the later entry wins']);
});
test('incomplete Apple token auth is a warning naming what is missing', () => {
    const { warnings } = parseConfig({
        ApplePushSettings: [{ Type: 'apple', ApplePushTopic: 't', AppleAuthKeyFile: 'k.p8', ApplePushCertPrivate: 'c.pem' }],
    });
    assert.deepEqual(warnings, [
        'ApplePushSettings[0] (apple): token auth needs AppleAuthKeyFile, AppleAuthKeyID and AppleTeamID; missing AppleAuthKeyID, AppleTeamID (using the certificate instead)',
    ]);
});
//# sourceMappingURL=unknown-key-warns.test.js.map