// connectTunnel: the tunnel is a plain socket to the target that stays usable however long it
// idles (the connect timeout bounds only the CONNECT exchange), and every way a proxy can fail is
// an error naming the proxy (never its password).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectTunnel } from './proxy.js';
import { startConnectProxy } from './testing-connect-proxy.js';
async function listen(server) {
    await new Promise((r) => server.listen(0, '127.0.0.1', () => r()));
    return server.address().port;
}
function close(server, sockets) {
    for (const s of sockets)
        s.destroy();
    return new Promise((r) => server.close(() => r()));
}
function tracked(onSocket) {
    const sockets = new Set();
    const server = createServer((s) => {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => { });
        onSocket(s);
    });
    return { server, sockets };
}
function echoOnce(socket, text) {
    return new Promise((resolve, reject) => {
        socket.once('data', (d) => resolve(d.toString()));
        socket.once('error', reject);
        socket.once('close', () => reject(new Error('tunnel closed')));
        socket.write(text);
    });
}
test('an idle tunnel is not cut when the connect timeout would have expired', async () => {
    const echo = tracked((s) => s.pipe(s));
    const echoPort = await listen(echo.server);
    const proxy = await startConnectProxy();
    try {
        const tunnel = await connectTunnel(new URL(proxy.url), '127.0.0.1', echoPort, 50);
        assert.equal(await echoOnce(tunnel, 'first'), 'first');
        await sleep(200); // four connect timeouts of idleness
        assert.equal(tunnel.destroyed, false);
        assert.equal(await echoOnce(tunnel, 'still open'), 'still open');
        assert.deepEqual(proxy.tunnels().map((t) => t.authority), [`127.0.0.1:${echoPort}`]);
        tunnel.destroy();
    }
    finally {
        await proxy.close();
        await close(echo.server, echo.sockets);
    }
});
test('IPv6 targets are asked for in brackets', async () => {
    const proxy = await startConnectProxy({ refuseWith: 403 });
    try {
        await assert.rejects(connectTunnel(new URL(proxy.url), '::1', 443), /refused CONNECT \[::1\]:443: 403 Forbidden/);
        assert.equal(proxy.requests[0]?.authority, '[::1]:443');
    }
    finally {
        await proxy.close();
    }
});
test('a proxy that never answers CONNECT: an error naming the proxy and the timeout', async () => {
    const silent = tracked(() => { });
    const port = await listen(silent.server);
    try {
        await assert.rejects(connectTunnel(new URL(`http://user:secret@127.0.0.1:${port}`), 'api.push.apple.com', 443, 100), (e) => e.message === `proxy http://127.0.0.1:${port}: CONNECT api.push.apple.com:443 got no answer within 100 ms`);
    }
    finally {
        await close(silent.server, silent.sockets);
    }
});
test('a proxy that is not listening: an error naming the proxy', async () => {
    const gone = tracked(() => { });
    const port = await listen(gone.server);
    await close(gone.server, gone.sockets);
    await assert.rejects(connectTunnel(new URL(`http://127.0.0.1:${port}`), 'fcm.googleapis.com', 443), new RegExp(`^Error: proxy http://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
});
test('407 from the proxy points at the credentials, without showing them', async () => {
    const proxy = await startConnectProxy({ auth: { user: 'u', password: 'right' } });
    try {
        await assert.rejects(connectTunnel(new URL(`http://u:wrong@127.0.0.1:${proxy.port}`), 'h', 443), (e) => {
            assert.match(e.message, /refused CONNECT h:443: 407 Proxy Authentication Required \(check the user:password in HTTPS_PROXY\)/);
            assert.ok(!e.message.includes('wrong'));
            return true;
        });
        assert.equal(proxy.requests[0]?.authorization, `Basic ${Buffer.from('u:wrong').toString('base64')}`);
    }
    finally {
        await proxy.close();
    }
});
test('a proxy that closes the connection mid-CONNECT: an error naming the proxy', async () => {
    const rude = tracked((s) => s.once('data', () => s.destroy()));
    const port = await listen(rude.server);
    try {
        await assert.rejects(connectTunnel(new URL(`http://127.0.0.1:${port}`), 'h', 443), new RegExp(`^Error: proxy http://127\\.0\\.0\\.1:${port}: `));
    }
    finally {
        await close(rude.server, rude.sockets);
    }
});
//# sourceMappingURL=connect-tunnel-outlives-connect-timeout.test.js.map