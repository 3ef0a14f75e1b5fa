// Loading from disk: clear errors for a missing file and for invalid JSON (with
// line and column), and the parsed config on success.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from './load-config.js';
import { ConfigError } from './parse-config.js';
async function withDir(fn) {
    const dir = await mkdtemp(join(tmpdir(), 'herald-config-'));
    try {
        await fn(dir);
    }
    finally {
        await rm(dir, { recursive: true, force: true });
    }
}
async function loadError(path) {
    try {
        await loadConfigFile(path);
    }
    catch (err) {
        assert.ok(err instanceof ConfigError, String(err));
        return err;
    }
    assert.fail('expected a ConfigError');
}
test('a missing file is a clear error naming the absolute path', async () => {
    await withDir(async (dir) => {
        const err = await loadError(join(dir, 'nope.json'));
        assert.equal(err.message, `config file ${join(dir, 'nope.json')}: file not found`);
    });
});
test('a directory is not a config file', async () => {
    await withDir(async (dir) => {
        await mkdir(join(dir, 'sub'));
        assert.match((await loadError(join(dir, 'sub'))).message, /is a directory/);
    });
});
test('invalid JSON reports line and column', async () => {
    await withDir(async (dir) => {
        const path = join(dir, 'bad.json');
        await writeFile(path, '{\n  "ListenAddress": ":8066",\n  "ThrottlePerSec": 300,\n}\n');
        const err = await loadError(path);
        assert.deepEqual(err.issues, ['invalid JSON at line 4, column 1: expected a double-quoted property name, found "}"']);
    });
});
test('an empty file is invalid JSON at line 1, column 1', async () => {
    await withDir(async (dir) => {
        const path = join(dir, 'empty.json');
        await writeFile(path, '');
        assert.deepEqual((await loadError(path)).issues, ['invalid JSON at line 1, column 1: unexpected end of input (expected a JSON value)']);
    });
});
test('a bad value in a file names the file and the key path', async () => {
    await withDir(async (dir) => {
        const path = join(dir, 'c.json');
        await writeFile(path, JSON.stringify({ ApplePushSettings: [{ Type: 'apple', AppleAuthKeyID: 1 }] }));
        const err = await loadError(path);
        assert.equal(err.message, `config file ${path}: ApplePushSettings[0].AppleAuthKeyID: expected string, got number 1`);
    });
});
test('a valid file loads, with a byte order mark tolerated', async () => {
    await withDir(async (dir) => {
        const path = join(dir, 'ok.json');
        await writeFile(path, '\uFEFF{"ListenAddress": ":9999", "Unknown": 1}');
        const loaded = await loadConfigFile(path);
        assert.equal(loaded.path, path);
        assert.equal(loaded.config.ListenAddress, ':9999');
        assert.deepEqual(loaded.warnings, ['file starts with a byte order mark (ignored)', 'Unknown: unknown key (ignored)']);
    });
});
//# sourceMappingURL=load-config.test.js.map