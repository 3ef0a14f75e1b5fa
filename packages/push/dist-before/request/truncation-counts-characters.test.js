// message is cut to 2046 characters and channel_name to 64, counting characters
// (code points) rather than bytes, never splitting a surrogate pair.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CHANNEL_NAME_CHARS, MAX_MESSAGE_CHARS, parsePushRequest } from './push-request.js';
import { charLength, shrinkToFit, truncateChars } from './text.js';
const BASE = { platform: 'android', server_id: 's', device_id: 'd' };
function parsed(body) {
    const r = parsePushRequest({ ...BASE, ...body });
    assert.ok(r.ok);
    return r.push;
}
test('limits are the anchor\'s', () => {
    assert.equal(MAX_MESSAGE_CHARS, 2046);
    assert.equal(MAX_CHANNEL_NAME_CHARS, 64);
});
test('ASCII message and channel_name are cut at the limits; shorter ones are untouched', () => {
    assert.equal(parsed({ message: 'a'.repeat(5000) }).message, 'a'.repeat(2046));
    assert.equal(parsed({ message: 'a'.repeat(2046) }).message, 'a'.repeat(2046));
    assert.equal(parsed({ message: 'a'.repeat(2047) }).message?.length, 2046);
    assert.equal(parsed({ channel_name: 'c'.repeat(65) }).channelName, 'c'.repeat(64));
    assert.equal(parsed({ message: 'short' }).message, 'short');
});
test('multi-byte characters count as one each', () => {
    const cjk = '漢'.repeat(3000);
    assert.equal(parsed({ message: cjk }).message, '漢'.repeat(2046));
    assert.equal(parsed({ channel_name: 'é'.repeat(100) }).channelName, 'é'.repeat(64));
});
test('emoji outside the BMP are never split', () => {
    const msg = parsed({ message: '😀'.repeat(3000) }).message ?? '';
    assert.equal(charLength(msg), 2046);
    assert.equal(msg.length, 4092);
    assert.equal(msg, '😀'.repeat(2046));
    const mixed = 'a' + '😀'.repeat(63) + 'zz';
    assert.equal(parsed({ channel_name: mixed }).channelName, 'a' + '😀'.repeat(63));
});
test('truncateChars keeps lone surrogates as one character each', () => {
    assert.equal(truncateChars('\ud800\ud800x', 2), '\ud800\ud800');
    assert.equal(truncateChars('ab', 0), '');
});
test('shrinkToFit keeps the longest prefix that fits and marks the cut', () => {
    assert.equal(shrinkToFit('hello world', (s) => s.length <= 100), 'hello world');
    assert.equal(shrinkToFit('hello world', (s) => s.length <= 6), 'hello…');
    assert.equal(shrinkToFit('😀😀😀😀', (s) => Buffer.byteLength(s) <= 11), '😀😀…');
    assert.equal(shrinkToFit('abc', () => false), '');
});
//# sourceMappingURL=truncation-counts-characters.test.js.map