// redactConfig gives a printable copy: passwords and keys become a short prefix + "…".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from './parse-config.js';
import { redactConfig, redactSecret } from './redact.js';
test('redactSecret keeps at most 4 characters and at most a quarter of the value', () => {
    assert.equal(redactSecret(''), '');
    assert.equal(redactSecret('abc'), '…');
    assert.equal(redactSecret('password'), 'pa…');
    assert.equal(redactSecret('a'.repeat(64)), 'aaaa…');
});
test('secrets are redacted, everything else is kept, the original is untouched', () => {
    const privateKey = 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg';
    const { config } = parseConfig({
        ApplePushSettings: [{ Type: 'apple', ApplePushTopic: 'com.x', ApplePushCertPrivate: 'cert.pem', ApplePushCertPassword: 'hunter2hunter2' }],
        AndroidPushSettings: [{ Type: 'android', ServiceFileLocation: 'sa.json', AndroidApiKey: 'AIzaSyLegacyServerKey' }],
        WebPushSettings: [{ VapidPublicKey: 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA', VapidPrivateKey: privateKey, Subject: 'mailto:a@b.c' }],
    });
    const shown = redactConfig(config);
    assert.equal(shown.ApplePushSettings[0]?.ApplePushCertPassword, 'hun…');
    assert.equal(shown.ApplePushSettings[0]?.ApplePushTopic, 'com.x');
    assert.equal(shown.ApplePushSettings[0]?.ApplePushCertPrivate, 'cert.pem');
    assert.equal(shown.AndroidPushSettings[0]?.AndroidApiKey, 'AIza…');
    assert.equal(shown.WebPushSettings[0]?.VapidPrivateKey, 'MIGH…');
    assert.equal(shown.WebPushSettings[0]?.VapidPublicKey, 'BNcR…');
    const text = JSON.stringify(shown);
    for (const secret of ['hunter2hunter2', 'AIzaSyLegacyServerKey', privateKey])
        assert.ok(!text.includes(secret));
    assert.equal(config.ApplePushSettings[0]?.ApplePushCertPassword, 'hunter2hunter2');
});
test('inline PEM material is redacted whatever key holds it', () => {
    const { config } = parseConfig({
        ApplePushSettings: [{ Type: 'apple', ApplePushTopic: 't', ApplePushCertPrivate: '-----BEGIN PRIVATE KEY-----\nMIIE...' }],
    });
    assert.equal(redactConfig(config).ApplePushSettings[0]?.ApplePushCertPrivate, '----…');
});
//# sourceMappingURL=redact-config.test.js.map