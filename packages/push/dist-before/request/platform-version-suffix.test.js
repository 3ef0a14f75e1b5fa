// "-vN" after the app type carries the app version: apple_rn-v2 -> apple_rn, 2.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BUILTIN_PLATFORMS, knownPlatforms, parsePlatform } from './platform.js';
const known = knownPlatforms();
test('every built-in type parses bare and with a version suffix', () => {
    for (const type of BUILTIN_PLATFORMS) {
        assert.deepEqual(parsePlatform(type, known), { type, appVersion: 1 });
        assert.deepEqual(parsePlatform(`${type}-v2`, known), { type, appVersion: 2 });
        assert.deepEqual(parsePlatform(`${type}-v10`, known), { type, appVersion: 10 });
    }
});
test('a non-numeric suffix after a known type falls back to version 1 with a warning, like the anchor', () => {
    assert.deepEqual(parsePlatform('apple_rn-vbeta', known), {
        type: 'apple_rn',
        appVersion: 1,
        warning: 'platform "apple_rn-vbeta": app version "beta" is not a number, using 1',
    });
});
test('unknown types are rejected even with a suffix', () => {
    assert.equal(parsePlatform('ios', known), undefined);
    assert.equal(parsePlatform('ios-v2', known), undefined);
    assert.equal(parsePlatform('', known), undefined);
    assert.equal(parsePlatform('-v2', known), undefined);
    assert.equal(parsePlatform('APPLE', known), undefined);
});
test('a configured type that itself contains "-v" is used whole', () => {
    const custom = knownPlatforms(['acme-voip', 'acme-v2']);
    assert.deepEqual(parsePlatform('acme-voip', custom), { type: 'acme-voip', appVersion: 1 });
    assert.deepEqual(parsePlatform('acme-v2', custom), { type: 'acme-v2', appVersion: 1 });
    assert.deepEqual(parsePlatform('acme-voip-v3', custom), { type: 'acme-voip', appVersion: 3 });
});
//# sourceMappingURL=platform-version-suffix.test.js.map