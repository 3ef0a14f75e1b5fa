// With HTTPS_PROXY set, every provider's traffic (APNs, FCM with its OAuth token exchange, Web
// Push) goes through a CONNECT tunnel of the proxy; NO_PROXY sends it direct; a proxy that refuses
// CONNECT gives a retryable FAIL naming the proxy, never a REMOVE. Real sockets: the push service,
// a local CONNECT proxy and the sandbox, all on 127.0.0.1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxClient, startSandbox } from '@herald/sandbox';
import { encodeSubscription } from '../providers/webpush/webpush-payload.js';
import { startPushService } from '../push-service.js';
import { startConnectProxy } from './testing-connect-proxy.js';
let dataDir;
let sandbox;
let client;
/** host:port of the sandbox, as a CONNECT request names it. */
let sandboxAuthority;
before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'herald-proxy-test-'));
    sandbox = await startSandbox({ dataDir, port: 0, adminPort: 0 });
    client = new SandboxClient(sandbox.adminUrl);
    sandboxAuthority = new URL(sandbox.origin).host;
});
after(async () => {
    await sandbox?.close();
    await rm(dataDir, { recursive: true, force: true });
});
async function startService(extraEnv) {
    return startPushService({
        configPath: sandbox.credentials.path('pushProxyConfig'),
        env: { HERALD_APNS_URL: sandbox.origin, HERALD_FCM_URL: sandbox.origin, ...extraEnv },
        listen: '127.0.0.1:0',
        logStream: { write() { } },
        extraCa: [sandbox.credentials.ca.certPem],
        // Three quick tries, so a refusing proxy is asked three times without slowing the test.
        retry: { maxTries: 3, baseDelayMs: 1, jitter: 0, attemptTimeoutMs: 5000, totalTimeoutMs: 15_000 },
    });
}
async function sendPush(service, body) {
    const res = await fetch(`${service.url}/api/v1/send_push`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ server_id: 'proxy-test', type: 'message', message: 'through the proxy', ack_id: 'ack-1', ...body }),
    });
    return { status: res.status, json: (await res.json()) };
}
const TARGETS = [
    { name: 'APNs', platform: 'apple_rn', device: async () => (await client.registerApns()).token },
    { name: 'FCM', platform: 'android_rn', device: async () => (await client.registerFcm()).token },
    {
        name: 'Web Push',
        platform: 'webpush',
        device: async () => {
            const { subscription } = await client.subscribeWebPush({ applicationServerKey: sandbox.credentials.vapid.publicKey });
            return encodeSubscription(subscription);
        },
    },
];
/** Sends one push to a fresh device of each provider and checks the sandbox got it. */
async function sendToEach(service, check) {
    for (const t of TARGETS) {
        const device = await t.device();
        const seq = await client.lastSeq();
        const reply = await sendPush(service, { platform: t.platform, device_id: device });
        assert.deepEqual(reply.json, { status: 'OK' }, `${t.name}: ${JSON.stringify(reply.json)}`);
        const delivered = await client.inbox({ after: seq, wait: 5000 });
        assert.ok(delivered.length >= 1, `${t.name}: the sandbox received the push`);
        check?.(t);
    }
}
test('APNs, FCM (and its OAuth exchange) and Web Push all go through the CONNECT tunnel', async () => {
    const proxy = await startConnectProxy();
    const service = await startService({ HTTPS_PROXY: proxy.url });
    try {
        const expected = {
            APNs: 1, // one HTTP/2 connection to APNs
            FCM: 3, // plus one to the OAuth token_uri and one to FCM
            'Web Push': 4, // plus one HTTPS connection to the push service
        };
        await sendToEach(service, (t) => {
            assert.equal(proxy.tunnels().length, expected[t.name], `${t.name}: tunnels so far ${JSON.stringify(proxy.requests)}`);
        });
        assert.ok(proxy.tunnels().every((r) => r.authority === sandboxAuthority), JSON.stringify(proxy.requests));
        assert.deepEqual(proxy.plainRequests, [], 'nothing was sent to the proxy as a plain request');
        // Connections are reused: a second round opens no new tunnel.
        await sendToEach(service);
        assert.equal(proxy.tunnels().length, 4);
    }
    finally {
        await service.close();
        await proxy.close();
    }
});
test('lower-case https_proxy and the HTTP_PROXY fallback are honoured too', async () => {
    for (const name of ['https_proxy', 'HTTP_PROXY']) {
        const proxy = await startConnectProxy();
        const service = await startService({ [name]: proxy.url });
        try {
            await sendToEach(service);
            assert.equal(proxy.tunnels().length, 4, name);
        }
        finally {
            await service.close();
            await proxy.close();
        }
    }
});
test('credentials in HTTPS_PROXY are sent as Proxy-Authorization', async () => {
    const proxy = await startConnectProxy({ auth: { user: 'herald', password: 'p@ss:word' } });
    const service = await startService({ HTTPS_PROXY: `http://herald:${encodeURIComponent('p@ss:word')}@127.0.0.1:${proxy.port}` });
    try {
        await sendToEach(service);
        assert.equal(proxy.tunnels().length, 4);
        assert.ok(proxy.requests.every((r) => r.status === 200));
    }
    finally {
        await service.close();
        await proxy.close();
    }
});
test('wrong proxy credentials: a retryable FAIL naming the proxy and its 407, never REMOVE', async () => {
    const proxy = await startConnectProxy({ auth: { user: 'herald', password: 'right' } });
    const service = await startService({ HTTPS_PROXY: `http://herald:wrong@127.0.0.1:${proxy.port}` });
    try {
        for (const t of TARGETS) {
            const reply = await sendPush(service, { platform: t.platform, device_id: await t.device() });
            assert.equal(reply.json.status, 'FAIL', `${t.name}: ${JSON.stringify(reply.json)}`);
            assert.match(reply.json.error ?? '', new RegExp(`proxy http://127\\.0\\.0\\.1:${proxy.port} refused CONNECT .*407`), t.name);
            assert.ok(!(reply.json.error ?? '').includes('wrong'), `${t.name}: the password is not in the error`);
        }
        assert.equal(proxy.tunnels().length, 0);
    }
    finally {
        await service.close();
        await proxy.close();
    }
});
test('NO_PROXY sends every provider direct', async () => {
    const port = new URL(sandbox.origin).port;
    for (const noProxy of ['127.0.0.1', `127.0.0.1:${port}`, '*', 'example.com, 127.0.0.0/8']) {
        const proxy = await startConnectProxy();
        const service = await startService({ HTTPS_PROXY: proxy.url, NO_PROXY: noProxy });
        try {
            await sendToEach(service);
            assert.deepEqual(proxy.requests, [], `NO_PROXY=${noProxy}: the proxy saw nothing`);
        }
        finally {
            await service.close();
            await proxy.close();
        }
    }
});
test('a NO_PROXY entry for another port does not bypass the proxy', async () => {
    const proxy = await startConnectProxy();
    const service = await startService({ HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1:1' });
    try {
        await sendToEach(service);
        assert.equal(proxy.tunnels().length, 4);
    }
    finally {
        await service.close();
        await proxy.close();
    }
});
for (const status of [403, 404, 410]) {
    test(`a proxy refusing CONNECT with ${status}: every provider answers a retryable FAIL naming the proxy, never REMOVE`, async () => {
        const proxy = await startConnectProxy({ refuseWith: status });
        const service = await startService({ HTTPS_PROXY: proxy.url });
        try {
            for (const t of TARGETS) {
                const before = proxy.requests.length;
                const reply = await sendPush(service, { platform: t.platform, device_id: await t.device() });
                assert.equal(reply.status, 200, t.name);
                assert.equal(reply.json.status, 'FAIL', `${t.name}: ${JSON.stringify(reply.json)}`);
                assert.match(reply.json.error ?? '', new RegExp(`proxy http://127\\.0\\.0\\.1:${proxy.port} refused CONNECT ${sandboxAuthority.replace(/\./g, '\\.')}: ${status}`), t.name);
                // Retryable: the service tried again (three tries in all), each time asking the proxy.
                assert.equal(proxy.requests.length - before, 3, `${t.name}: CONNECT attempts`);
            }
        }
        finally {
            await service.close();
            await proxy.close();
        }
    });
}
test('a proxy variable Herald cannot use stops start-up with an error naming it', async () => {
    await assert.rejects(startService({ HTTPS_PROXY: 'socks5://127.0.0.1:1080' }), /^Error: HTTPS_PROXY: unsupported proxy scheme "socks5"/);
    await assert.rejects(startService({ HTTP_PROXY: 'http://user:pw@[broken' }), (e) => /^HTTP_PROXY: not a URL/.test(e.message) && !e.message.includes('pw'));
});
//# sourceMappingURL=proxy-tunnels-all-providers.test.js.map