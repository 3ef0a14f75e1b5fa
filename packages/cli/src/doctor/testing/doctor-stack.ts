// Test helper: the whole push path in this process on loopback ports (the provider sandbox, the
// push service in test mode sending to it, the chat server with push on through TPNS and an admin),
// plus the broken hops the doctor must name: a TLS front with a given certificate, a closed port.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCheckedConfig, startPushService, type RunningPushService } from '@herald/push';
import { startSandbox, type KeyAndCert, type RunningSandbox } from '@herald/sandbox';
import { createChatServer, type ChatServer, type ServerConfig } from '@herald/server';

export interface DoctorStack {
  dir: string;
  sandbox: RunningSandbox;
  push: RunningPushService;
  server: ChatServer;
  admin: { username: string; password: string; token: string };
  pushConfigPath: string;
  /** PUT /api/v4/config/patch as the admin. */
  patchConfig(patch: Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

const quiet = { write: () => {} };

export async function startDoctorStack(): Promise<DoctorStack> {
  // The chat server's console log: quiet (its file log is what the doctor reads).
  process.env.HERALD_LOG_LEVEL = 'silent';
  const dir = await mkdtemp(join(tmpdir(), 'herald-doctor-'));
  const sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, adminPort: 0 });
  const pushConfigPath = sandbox.credentials.path('pushProxyConfig');
  const { config } = await loadCheckedConfig(pushConfigPath);
  config.Mode = 'test';
  config.ThrottlePerSec = 0;
  const push = await startPushService({
    config,
    listen: '127.0.0.1:0',
    env: { HERALD_APNS_URL: sandbox.origin, HERALD_FCM_URL: sandbox.origin },
    extraCa: [sandbox.credentials.ca.certPem],
    logLevel: 'error',
    logStream: quiet,
    retry: { maxTries: 1, baseDelayMs: 20, attemptTimeoutMs: 2000, totalTimeoutMs: 3000, jitter: 0 },
  });
  const server = await createChatServer({
    dataDir: join(dir, 'server'),
    port: 0,
    passwordCost: { log2N: 10, r: 8, p: 1 },
    push: { retry: { baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 5 }, pollMs: 50 },
    configDefaults: { pushServiceUrl: push.url },
    initialConfig: (d: ServerConfig) => ({ ...d, EmailSettings: { ...d.EmailSettings, SendPushNotifications: true, PushNotificationServerType: 'mtpns' } }),
  });
  const admin = { username: 'admin', password: 'doctor-admin-pw-1', token: '' };
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(`${server.url}/api/v4${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  };
  await call('POST', '/users', { username: admin.username, email: 'admin@doctor.test', password: admin.password });
  admin.token = (await call('POST', '/users/login', { login_id: admin.username, password: admin.password })).headers.get('token') ?? '';
  return {
    dir,
    sandbox,
    push,
    server,
    admin,
    pushConfigPath,
    async patchConfig(patch) {
      await call('PUT', '/config/patch', patch, admin.token);
    },
    async close() {
      await server.close();
      await push.close().catch(() => {});
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A copy of the push service's config whose apple_rn key is not a key (a damaged .p8). */
export async function pushConfigWithCorruptP8(stack: DoctorStack): Promise<string> {
  const cfg = JSON.parse(await readFile(stack.pushConfigPath, 'utf8')) as { ApplePushSettings: { Type: string; AppleAuthKeyFile: string }[] };
  const bad = join(stack.dir, 'corrupt.p8');
  await writeFile(bad, '-----BEGIN PRIVATE KEY-----\nTUlHSEFnRUFNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQkcwd2F3SUJBUVFn\n-----END PRIVATE KEY-----\n');
  for (const s of cfg.ApplePushSettings) if (s.Type === 'apple_rn') s.AppleAuthKeyFile = bad;
  const path = join(stack.dir, 'push-proxy-corrupt-key.json');
  await writeFile(path, JSON.stringify(cfg, null, 2));
  return path;
}

/** An HTTPS front with the given certificate, forwarding everything to `target` (a TLS proxy). */
export async function tlsFront(target: string, cert: KeyAndCert): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const front = https.createServer({ key: cert.keyPem, cert: cert.certPem }, (req, res) => {
    const up = http.request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: { ...req.headers, host: to.host } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
  return {
    url: `https://127.0.0.1:${(front.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        front.closeAllConnections();
        front.close(() => r());
      }),
  };
}

/** A loopback port nothing listens on. */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** An HTTP server that is not a chat server (a web page at every path). */
export async function notAChatServer(): Promise<{ url: string; close(): Promise<void> }> {
  const s = http.createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not Found</h1>'));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => s.close(() => r())) };
}
