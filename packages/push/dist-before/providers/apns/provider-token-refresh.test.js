// APNs provider tokens (ES256 JWT): one token is reused for every send (APNs answers
// TooManyProviderTokenUpdates to a connection that changes token within 20 minutes), refreshed
// after 40 minutes (Apple refuses tokens older than 60), and re-signed after ExpiredProviderToken
// once it is old enough to be refreshed.
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { sendWithRetry } from '../../delivery/send-with-retry.js';
import { parsePushRequest } from '../../request/push-request.js';
import { startStack } from '../../testing/start-stack.js';
import { ProviderTokenSigner, TOKEN_REFRESH_AFTER_SEC } from './apns-credentials.js';
import { ApnsProvider } from './apns-provider.js';
const MIN = 60;
describe('ProviderTokenSigner with an injected clock', () => {
    let stack;
    before(async () => {
        stack = await startStack();
    });
    after(async () => {
        await stack?.close();
    });
    function signer(clock) {
        const { keyId, teamId } = stack.sandbox.credentials.manifest.apns;
        return new ProviderTokenSigner(stack.sandbox.credentials.apnsAuthKeyPem, keyId, teamId, () => clock.now);
    }
    test('ES256 with kid = key id, iss = team id, iat = now', async () => {
        const clock = { now: 1_800_000_000 };
        const jwt = await signer(clock).token();
        const { keyId, teamId } = stack.sandbox.credentials.manifest.apns;
        assert.deepEqual(decodeProtectedHeader(jwt), { alg: 'ES256', kid: keyId });
        assert.deepEqual(decodeJwt(jwt), { iss: teamId, iat: 1_800_000_000 });
    });
    test('reused until 40 minutes old, then signed again', async () => {
        const clock = { now: 1_800_000_000 };
        const s = signer(clock);
        const first = await s.token();
        clock.now += TOKEN_REFRESH_AFTER_SEC - 1;
        assert.equal(await s.token(), first);
        assert.equal(TOKEN_REFRESH_AFTER_SEC, 40 * MIN);
        clock.now += 1;
        const second = await s.token();
        assert.notEqual(second, first);
        assert.equal(decodeJwt(second).iat, clock.now);
    });
    test('invalidate() is ignored for a token younger than 20 minutes, honoured after', async () => {
        const clock = { now: 1_800_000_000 };
        const s = signer(clock);
        const first = await s.token();
        clock.now += 19 * MIN;
        s.invalidate();
        assert.equal(await s.token(), first, 'a refresh this soon would earn TooManyProviderTokenUpdates');
        clock.now += 1 * MIN;
        s.invalidate();
        assert.notEqual(await s.token(), first);
    });
});
describe('against the APNs stand-in', () => {
    let stack;
    let push;
    before(async () => {
        stack = await startStack();
    });
    afterEach(async () => {
        await stack.client.clearFaults();
    });
    after(async () => {
        await stack?.close();
    });
    async function pushTo(token) {
        const r = parsePushRequest({ platform: 'apple_rn', server_id: 's', device_id: token, type: 'message', message: 'hi' });
        assert.ok(r.ok);
        return r.push;
    }
    test('300 sends (sequential and concurrent) reuse one token: no TooManyProviderTokenUpdates', async () => {
        const token = await stack.apnsDevice();
        for (let i = 0; i < 50; i++) {
            const r = await stack.sendPush({ platform: 'apple_rn', server_id: 's', device_id: token, type: 'update_badge', badge: i });
            assert.deepEqual(r.json, { status: 'OK' }, `send ${i}`);
        }
        const replies = await Promise.all(Array.from({ length: 250 }, (_, i) => stack.sendPush({ platform: 'apple_rn', server_id: 's', device_id: token, type: 'update_badge', badge: i }).then((r) => r.json.status)));
        assert.deepEqual(new Set(replies), new Set(['OK']));
        assert.deepEqual(stack.requests.filter((r) => r.service === 'apns' && r.status !== 200), []);
    });
    test('SIGHUP reload re-reads the key; sends keep working (a new token goes on a new connection)', async () => {
        const token = await stack.apnsDevice();
        const provider = stack.service.providers.get('apple_rn');
        assert.deepEqual((await stack.sendPush({ platform: 'apple_rn', server_id: 's', device_id: token, type: 'update_badge', badge: 1 })).json, { status: 'OK' });
        const opened = provider.connectionsOpened;
        await stack.service.reload();
        await stack.logs.waitFor(/reloaded/);
        for (let i = 0; i < 3; i++) {
            assert.deepEqual((await stack.sendPush({ platform: 'apple_rn', server_id: 's', device_id: token, type: 'update_badge', badge: i })).json, { status: 'OK' });
        }
        assert.equal(provider.connectionsOpened, opened + 1);
    });
    test('injected ExpiredProviderToken on a young token: retried (token kept), OK on the next try', async () => {
        const token = await stack.apnsDevice();
        await stack.client.addFault({ kind: 'status', service: 'apns', token, status: 403, reason: 'ExpiredProviderToken', times: 1 });
        const from = stack.requests.length;
        const r = await stack.sendPush({ platform: 'apple_rn', server_id: 's', device_id: token, type: 'message', message: 'x', ack_id: 'expired-1' });
        assert.deepEqual(r.json, { status: 'OK' });
        assert.equal(stack.logs.push('expired-1')?.tries, 2);
        assert.deepEqual(stack.requests.slice(from).filter((x) => x.service === 'apns').map((x) => x.status), [403, 200]);
    });
    test('a token APNs finds expired is FAIL retryable with refreshAuth; once 20+ minutes old by our clock it is re-signed and accepted', async () => {
        const token = await stack.apnsDevice();
        push = await pushTo(token);
        const real = () => Math.floor(Date.now() / 1000);
        // Our clock runs 80 minutes behind APNs': the token we sign is already expired for Apple.
        let skew = 80 * MIN;
        const settings = stack.service.config.ApplePushSettings.find((s) => s.Type === 'apple_rn');
        const provider = new ApnsProvider(settings, { origin: stack.sandbox.origin, extraCa: [stack.sandbox.credentials.ca.certPem], now: () => real() - skew });
        try {
            const first = await provider.send(push, { deviceToken: token, attemptTimeoutMs: 3000 });
            assert.equal(first.status, 'FAIL');
            assert.ok(first.status === 'FAIL' && first.retryable && first.refreshAuth, JSON.stringify(first));
            assert.equal(first.status === 'FAIL' && first.reason, 'ExpiredProviderToken');
            // 25 minutes later by our clock (55 behind Apple): old enough to refresh, and the fresh
            // token (55 minutes old for Apple) is accepted on the same connection.
            skew = 55 * MIN;
            const out = await sendWithRetry(provider, push, { maxTries: 3, baseDelayMs: 10, attemptTimeoutMs: 3000, totalTimeoutMs: 6000, jitter: 0 });
            assert.deepEqual(out.result, { status: 'OK' });
            assert.equal(out.tries, 2, 'the cached token fails once, is dropped, and the re-signed one succeeds');
            assert.equal(provider.connectionsOpened, 1);
        }
        finally {
            await provider.close();
        }
    });
});
//# sourceMappingURL=provider-token-refresh.test.js.map