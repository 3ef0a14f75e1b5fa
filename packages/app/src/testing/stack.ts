// The whole Herald stack on loopback for browser tests: the provider sandbox (its Web Push service
// stands in for the browser's), the Herald push service wired to it, and the chat server serving
// the built web app, with an admin, team "demo" and two users (accounta, accountb) and push on
// through a manually entered push service location.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { SandboxClient, startSandbox, type RunningSandbox } from '@herald/sandbox';
import { startPushService, type RunningPushService } from '@herald/push';
import { createChatServer, generateLicenseKeys, issueLicense, type ChatServer, type LicenseKeys, type ServerConfig } from '@herald/server';
import { webAppBuilt, webAppDir } from '../index.js';

export const PASSWORD = 'correct-horse-9';
const quiet = { write: () => {} };

export interface TestUser {
  id: string;
  username: string;
  token: string;
}

export interface Stack {
  sandbox: RunningSandbox;
  sandboxClient: SandboxClient;
  push: RunningPushService;
  server: ChatServer;
  url: string;
  admin: TestUser;
  a: TestUser;
  b: TestUser;
  teamId: string;
  licenseKeys: LicenseKeys;
  /** A license file for this server (signed with licenseKeys). */
  licenseFile(): string;
  api<T = unknown>(user: TestUser | undefined, method: string, path: string, body?: unknown): Promise<T>;
  patchConfig(patch: Record<string, unknown>): Promise<ServerConfig>;
  close(): Promise<void>;
}

export async function startStack(): Promise<Stack> {
  if (!webAppBuilt()) throw new Error('packages/app/dist-web is missing: run `npm run build` first');
  const dir = await mkdtemp(join(tmpdir(), 'herald-app-'));
  const sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, adminPort: 0 });
  const cfg = JSON.parse(await readFile(sandbox.credentials.path('pushProxyConfig'), 'utf8')) as Record<string, unknown>;
  cfg.ThrottlePerSec = 0;
  const configPath = join(dir, 'push-proxy.json');
  await writeFile(configPath, JSON.stringify(cfg, null, 2));
  const push = await startPushService({
    configPath,
    env: { HERALD_APNS_URL: sandbox.origin, HERALD_FCM_URL: sandbox.origin },
    listen: '127.0.0.1:0',
    logLevel: 'error',
    logStream: quiet,
    retry: { maxTries: 2, baseDelayMs: 20, attemptTimeoutMs: 3000, totalTimeoutMs: 6000, jitter: 0 },
    extraCa: [sandbox.credentials.ca.certPem],
  });
  const licenseKeys = generateLicenseKeys();
  const server = await createChatServer({
    dataDir: join(dir, 'server'),
    port: 0,
    logger: pino({ level: 'debug' }, quiet),
    passwordCost: { log2N: 10, r: 8, p: 1 },
    push: { retry: { baseDelayMs: 50, maxDelayMs: 300, maxAttempts: 10 }, pollMs: 100 },
    licensePublicKey: licenseKeys.publicKeyPem,
    webAppDir: webAppDir(),
  });
  const url = server.url;

  async function api<T>(user: TestUser | undefined, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${url}/api/v4${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest', ...(user ? { authorization: `Bearer ${user.token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text}`);
    const json = (text ? JSON.parse(text) : undefined) as T;
    if (path === '/users/login') (json as { token?: string }).token = res.headers.get('token') ?? '';
    return json;
  }
  async function signUp(username: string): Promise<TestUser> {
    await api(undefined, 'POST', '/users', { username, email: `${username}@example.com`, password: PASSWORD });
    const u = await api<{ id: string; token: string }>(undefined, 'POST', '/users/login', { login_id: username, password: PASSWORD });
    return { id: u.id, username, token: u.token };
  }

  const admin = await signUp('admin');
  const patchConfig = (patch: Record<string, unknown>) => api<ServerConfig>(admin, 'PUT', '/config/patch', patch);
  await patchConfig({
    EmailSettings: { SendPushNotifications: true, PushNotificationServerType: 'custom', PushNotificationServer: push.url },
    LogSettings: { FileLevel: 'INFO', ConsoleLevel: 'INFO' },
  });
  const team = await api<{ id: string }>(admin, 'POST', '/teams', { name: 'demo', display_name: 'Demo', type: 'O' });
  const a = await signUp('accounta');
  const b = await signUp('accountb');
  for (const u of [a, b]) await api(admin, 'POST', `/teams/${team.id}/members`, { team_id: team.id, user_id: u.id });

  return {
    sandbox,
    sandboxClient: new SandboxClient(sandbox.adminUrl),
    push,
    server,
    url,
    admin,
    a,
    b,
    teamId: team.id,
    licenseKeys,
    licenseFile: () => issueLicense(licenseKeys.privateKey),
    api,
    patchConfig,
    async close() {
      await server.close().catch(() => {});
      await push.close().catch(() => {});
      await sandbox.close().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
