// Relative file paths in the config resolve against the config file's directory,
// so the service works from any working directory; a path that only exists
// relative to the working directory (how the anchor resolved it) still works, with a warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from './load-config.js';
import { parseConfig } from './parse-config.js';
const CONFIG = {
    LogFileLocation: 'logs/push.log',
    ApplePushSettings: [
        {
            Type: 'apple',
            ApplePushTopic: 't',
            ApplePushCertPrivate: 'certs/apple.pem',
            AppleAuthKeyFile: '/abs/AuthKey.p8',
            AppleAuthKeyID: 'K',
            AppleTeamID: 'T',
        },
    ],
    AndroidPushSettings: [{ Type: 'android', ServiceFileLocation: './firebase.json' }],
    WebPushSettings: [{ VapidPublicKey: 'p', VapidPrivateKeyFile: '../keys/vapid.pem', Subject: 'mailto:a@b.c' }],
};
test('parseConfig with baseDir resolves every path key and leaves absolute ones alone', () => {
    const { config } = parseConfig(structuredClone(CONFIG), { baseDir: '/etc/herald' });
    assert.equal(config.LogFileLocation, '/etc/herald/logs/push.log');
    assert.equal(config.ApplePushSettings[0]?.ApplePushCertPrivate, '/etc/herald/certs/apple.pem');
    assert.equal(config.ApplePushSettings[0]?.AppleAuthKeyFile, '/abs/AuthKey.p8');
    assert.equal(config.AndroidPushSettings[0]?.ServiceFileLocation, '/etc/herald/firebase.json');
    assert.equal(config.WebPushSettings[0]?.VapidPrivateKeyFile, '/etc/keys/vapid.pem');
});
test('without baseDir, and for empty values, paths are left as written', () => {
    const { config } = parseConfig({ LogFileLocation: '', AndroidPushSettings: [{ Type: 'a', ServiceFileLocation: 'rel.json' }] });
    assert.equal(config.LogFileLocation, '');
    assert.equal(config.AndroidPushSettings[0]?.ServiceFileLocation, 'rel.json');
});
test('loadConfigFile resolves against the file directory, not the working directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-paths-'));
    try {
        await mkdir(join(dir, 'conf'));
        const path = join(dir, 'conf', 'push.json');
        await writeFile(path, JSON.stringify(CONFIG));
        const { config, warnings } = await loadConfigFile(path);
        assert.equal(config.AndroidPushSettings[0]?.ServiceFileLocation, join(dir, 'conf', 'firebase.json'));
        assert.equal(config.WebPushSettings[0]?.VapidPrivateKeyFile, join(dir, 'keys', 'vapid.pem'));
        assert.ok(!warnings.some((w) => w.includes('working directory')));
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
});
test('a file that only exists relative to the working directory is used with a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-cwd-'));
    const cwd = process.cwd();
    try {
        await mkdir(join(dir, 'config'));
        await writeFile(join(dir, 'config', 'firebase.json'), '{}');
        const path = join(dir, 'config', 'push.json');
        // The anchor's layout: paths written relative to the install dir, config in ./config/.
        await writeFile(path, JSON.stringify({ AndroidPushSettings: [{ Type: 'android', ServiceFileLocation: './config/firebase.json' }] }));
        process.chdir(dir);
        const { config, warnings } = await loadConfigFile(path);
        assert.equal(config.AndroidPushSettings[0]?.ServiceFileLocation, join(dir, 'config', 'firebase.json'));
        assert.ok(warnings.some((w) => w.startsWith('AndroidPushSettings[0].ServiceFileLocation: "./config/firebase.json" found relative to the working directory')));
    }
    finally {
        process.chdir(cwd);
        await rm(dir, { recursive: true, force: true });
    }
});
//# sourceMappingURL=relative-paths-resolve-against-config-dir.test.js.map