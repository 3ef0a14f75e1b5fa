// Test helper: a throwaway redis-server on 127.0.0.1 and a free port (no persistence), stopped by
// the test. A missing redis-server binary is a loud failure, never a skip: CI installs it
// (.ci/run), a developer installs Debian's `redis-server` package.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
export const REDIS_SERVER = process.env.HERALD_TEST_REDIS_SERVER ?? 'redis-server';
export async function freePort() {
    const srv = createServer();
    await new Promise((r) => srv.listen(0, '127.0.0.1', () => r()));
    const port = srv.address().port;
    await new Promise((r) => srv.close(() => r()));
    return port;
}
/** Resolves once something accepts TCP connections on the port, rejects after `timeoutMs`. */
async function waitForPort(port, child, output, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null || child.signalCode !== null) {
            throw new Error(`redis-server exited (${child.exitCode ?? child.signalCode}) before accepting connections:\n${output()}`);
        }
        const ok = await new Promise((resolve) => {
            const s = connect({ host: '127.0.0.1', port }, () => {
                s.destroy();
                resolve(true);
            });
            s.on('error', () => resolve(false));
        });
        if (ok)
            return;
        await sleep(20);
    }
    throw new Error(`redis-server did not accept connections on 127.0.0.1:${port} within ${timeoutMs} ms:\n${output()}`);
}
function launch(port, password) {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'];
    if (password)
        args.push('--requirepass', password);
    return new Promise((resolve, reject) => {
        const child = spawn(REDIS_SERVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d.toString()));
        child.stderr.on('data', (d) => (out += d.toString()));
        child.once('error', (e) => {
            reject(e.code === 'ENOENT'
                ? new Error(`${REDIS_SERVER} not found: the Redis throttle tests need a real redis-server. Install it (Debian: apt-get install -y redis-server); .ci/run installs it in CI.`)
                : e);
        });
        // Never leave a redis-server behind, even when the test process dies early.
        const onExit = () => child.kill('SIGKILL');
        process.once('exit', onExit);
        child.once('exit', () => process.off('exit', onExit));
        child.once('spawn', () => {
            waitForPort(port, child, () => out).then(() => resolve(child), (e) => {
                child.kill('SIGKILL');
                reject(e);
            });
        });
    });
}
async function kill(child) {
    if (child.exitCode !== null || child.signalCode !== null)
        return;
    const exited = new Promise((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(t);
}
/** Starts redis-server on a free port (retrying if another process grabs the port first). */
export async function startRedis(opts = {}) {
    let lastError;
    for (let attempt = 0; attempt < 3; attempt++) {
        const port = await freePort();
        let child;
        try {
            child = await launch(port, opts.password);
        }
        catch (e) {
            lastError = e;
            if (/not found/.test(lastError.message))
                throw lastError;
            continue;
        }
        const auth = opts.password ? `:${encodeURIComponent(opts.password)}@` : '';
        return {
            port,
            url: `redis://${auth}127.0.0.1:${port}`,
            stop: () => kill(child),
            async restart() {
                await kill(child);
                child = await launch(port, opts.password);
            },
        };
    }
    throw lastError ?? new Error('could not start redis-server');
}
//# sourceMappingURL=testing-redis-server.js.map