// Test helper: a sandbox (APNs/FCM/Web Push stand-in) on a temp data dir and the push service
// wired to it through the sandbox's own mattermost-push-proxy config, over real sockets.
// The retry policy is shortened (20 ms backoff, no jitter) and every log line is captured.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxClient, startSandbox } from '@herald/sandbox';
import { startPushService } from '../push-service.js';
/** A pino destination that keeps every line written to it. */
export class LogCapture {
    lines = [];
    waiters = [];
    write(chunk) {
        for (const line of chunk.split('\n')) {
            if (line === '')
                continue;
            this.lines.push(line);
            this.waiters = this.waiters.filter((w) => {
                if (!w.re.test(line))
                    return true;
                w.resolve(line);
                return false;
            });
        }
    }
    text() {
        return this.lines.join('\n');
    }
    /** The lines that are JSON records (LogFormat "json"). */
    records() {
        const out = [];
        for (const l of this.lines) {
            try {
                out.push(JSON.parse(l));
            }
            catch {
                // a plain-format line
            }
        }
        return out;
    }
    /** The per-push record (LogFormat "json") of the push with this ack id. */
    push(ackId) {
        return this.records().find((r) => r.ack_id === ackId && r.result !== undefined);
    }
    /** Lines matching `re`. */
    grep(re) {
        return this.lines.filter((l) => re.test(l));
    }
    /** Resolves with the first line (already written or still to come) matching `re`. */
    waitFor(re, timeoutMs = 5000) {
        const found = this.lines.find((l) => re.test(l));
        if (found !== undefined)
            return Promise.resolve(found);
        return new Promise((resolve, reject) => {
            const t = setTimeout(() => reject(new Error(`no log line matching ${re} within ${timeoutMs} ms`)), timeoutMs);
            this.waiters.push({
                re,
                resolve: (l) => {
                    clearTimeout(t);
                    resolve(l);
                },
            });
        });
    }
}
/** One HTTP/1.1 request over a keep-alive agent. */
export function httpRequest(baseUrl, agent, r) {
    const body = r.body === undefined ? undefined : typeof r.body === 'string' || Buffer.isBuffer(r.body) ? r.body : JSON.stringify(r.body);
    const headers = { ...r.headers };
    if (body !== undefined && r.contentType !== null)
        headers['content-type'] = r.contentType ?? 'application/json';
    if (body !== undefined && !r.chunked)
        headers['content-length'] = Buffer.byteLength(body);
    return new Promise((resolve, reject) => {
        const req = request(new URL(r.path ?? '/', baseUrl), { method: r.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent }, (res) => {
            const chunks = [];
            res.on('data', (c) => chunks.push(c));
            res.on('error', reject);
            res.on('end', () => {
                const text = Buffer.concat(chunks).toString('utf8');
                let json;
                try {
                    json = JSON.parse(text);
                }
                catch {
                    json = undefined;
                }
                resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
            });
        });
        req.on('error', reject);
        if (body !== undefined)
            req.end(body);
        else
            req.end();
    });
}
/** Short backoff, no jitter; per-try and total bounds small enough that a hung try fails fast. */
export const TEST_RETRY = { maxTries: 3, baseDelayMs: 20, attemptTimeoutMs: 3000, totalTimeoutMs: 6000, jitter: 0 };
export async function startStack(opts = {}) {
    const dataDir = await mkdtemp(join(tmpdir(), 'herald-push-test-'));
    let sandbox;
    let service;
    const agent = new Agent({ keepAlive: true, maxSockets: 256 });
    const requests = [];
    try {
        sandbox = await startSandbox({
            dataDir: join(dataDir, 'sandbox'),
            port: 0,
            adminPort: 0,
            onRequest: (service, status, detail) => requests.push({ service, status, detail }),
            ...(opts.maxConcurrentStreams !== undefined ? { maxConcurrentStreams: opts.maxConcurrentStreams } : {}),
        });
        const config = JSON.parse(await readFile(sandbox.credentials.path('pushProxyConfig'), 'utf8'));
        // Tests send bursts from one address; throttling has tests of its own.
        config.ThrottlePerSec = 0;
        // JSON lines are easy to assert on; the plain format has a test of its own.
        config.LogFormat = 'json';
        opts.config?.(config);
        const configPath = join(dataDir, 'push-proxy.json');
        await writeFile(configPath, JSON.stringify(config, null, 2));
        const logs = new LogCapture();
        service = await startPushService({
            configPath,
            env: { HERALD_APNS_URL: sandbox.origin, HERALD_FCM_URL: sandbox.origin },
            listen: '127.0.0.1:0',
            logLevel: opts.logLevel ?? 'debug',
            logStream: logs,
            retry: opts.configTimeouts ? { baseDelayMs: TEST_RETRY.baseDelayMs, jitter: 0, ...opts.retry } : { ...TEST_RETRY, ...opts.retry },
            extraCa: [sandbox.credentials.ca.certPem],
        });
        const client = new SandboxClient(sandbox.adminUrl);
        const sb = sandbox;
        const svc = service;
        const apnsTopic = config.ApplePushSettings.find((s) => s.Type === 'apple_rn')?.ApplePushTopic;
        return {
            sandbox: sb,
            requests,
            client,
            service: svc,
            url: svc.url,
            logs,
            configPath,
            dataDir,
            sendPush: (body) => httpRequest(svc.url, agent, { path: '/api/v1/send_push', body }),
            request: (r) => httpRequest(svc.url, agent, r),
            apnsDevice: async (topic) => (await client.registerApns({ topic: topic ?? apnsTopic ?? 'com.mattermost.rn' })).token,
            fcmDevice: async () => (await client.registerFcm()).token,
            async close() {
                agent.destroy();
                try {
                    await svc.close();
                }
                finally {
                    await sb.close();
                    await rm(dataDir, { recursive: true, force: true });
                }
            },
        };
    }
    catch (e) {
        agent.destroy();
        await service?.close().catch(() => { });
        await sandbox?.close().catch(() => { });
        await rm(dataDir, { recursive: true, force: true });
        throw e;
    }
}
//# sourceMappingURL=start-stack.js.map