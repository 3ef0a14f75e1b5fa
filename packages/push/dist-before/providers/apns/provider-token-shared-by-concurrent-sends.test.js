// Sends that start together must share one provider token: APNs answers a second new token on the
// same connection within 20 minutes with TooManyProviderTokenUpdates, so a burst right after
// start-up that signed one token per send would fail every push until the 20 minutes were up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt } from 'jose';
import { ProviderTokenSigner, TOKEN_REFRESH_AFTER_SEC } from './apns-credentials.js';
const pem = () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
test('a thousand concurrent first sends get one and the same token', async () => {
    const signer = new ProviderTokenSigner(pem(), 'KEYID12345', 'TEAMID1234');
    const tokens = await Promise.all(Array.from({ length: 1000 }, () => signer.token()));
    assert.equal(new Set(tokens).size, 1);
    assert.equal(await signer.token(), tokens[0], 'later sends reuse the cached token');
});
test('concurrent sends at refresh time share the one new token', async () => {
    let now = 1_700_000_000;
    const signer = new ProviderTokenSigner(pem(), 'KEYID12345', 'TEAMID1234', () => now);
    const first = await signer.token();
    now += TOKEN_REFRESH_AFTER_SEC;
    const refreshed = await Promise.all(Array.from({ length: 100 }, () => signer.token()));
    assert.equal(new Set(refreshed).size, 1);
    assert.notEqual(refreshed[0], first);
    assert.equal(decodeJwt(refreshed[0]).iat, now);
});
test('a key replaced while a token is being signed is used for the next token', async () => {
    const signer = new ProviderTokenSigner(pem(), 'KEYID12345', 'TEAMID1234');
    const pending = signer.token();
    signer.replaceKey(pem());
    const old = await pending;
    const next = await signer.token();
    assert.notEqual(next, old, 'the token signed with the old key is not cached');
    assert.equal(await signer.token(), next);
});
//# sourceMappingURL=provider-token-shared-by-concurrent-sends.test.js.map