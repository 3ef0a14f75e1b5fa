// Test helper for the push pipeline end to end: the provider sandbox, the Herald push service
// wired to it (its own mattermost-push-proxy config, the sandbox CA trusted), and helpers to
// restart the push service on the same port (push service down / back).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import { SandboxClient, startSandbox, type RunningSandbox } from '@herald/sandbox';
import { startPushService, type RunningPushService } from '@herald/push';
import type { Client4 } from './client4.js';
import { clientFetch } from './client4.js';

export interface PushStack {
  sandbox: RunningSandbox;
  client: SandboxClient;
  /** http://127.0.0.1:port of the push service (stable across restarts). */
  url: string;
  service(): RunningPushService | undefined;
  /** A new APNs device for the apple_rn app; returns its token. */
  apnsDevice(): Promise<string>;
  stopService(): Promise<void>;
  startService(): Promise<void>;
  close(): Promise<void>;
}

const quiet = { write: () => {} };

export async function startPushStack(): Promise<PushStack> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-server-push-'));
  const sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, adminPort: 0 });
  const config = JSON.parse(await readFile(sandbox.credentials.path('pushProxyConfig'), 'utf8')) as Record<string, any>;
  config.ThrottlePerSec = 0;
  const configPath = join(dir, 'push-proxy.json');
  await writeFile(configPath, JSON.stringify(config, null, 2));
  const topic = (config.ApplePushSettings as { Type: string; ApplePushTopic: string }[]).find((s) => s.Type === 'apple_rn')?.ApplePushTopic;
  let service: RunningPushService | undefined;
  let listen = '127.0.0.1:0';
  const start = async () => {
    service = await startPushService({
      configPath,
      env: { HERALD_APNS_URL: sandbox.origin, HERALD_FCM_URL: sandbox.origin },
      listen,
      logLevel: 'error',
      logStream: quiet,
      retry: { maxTries: 2, baseDelayMs: 20, attemptTimeoutMs: 3000, totalTimeoutMs: 6000, jitter: 0 },
      extraCa: [sandbox.credentials.ca.certPem],
    });
    listen = new URL(service.url).host;
  };
  await start();
  const url = service!.url;
  const client = new SandboxClient(sandbox.adminUrl);
  return {
    sandbox,
    client,
    url,
    service: () => service,
    apnsDevice: async () => (await client.registerApns({ topic: topic ?? 'com.mattermost.rn' })).token,
    async stopService() {
      await service?.close();
      service = undefined;
    },
    startService: start,
    async close() {
      await service?.close().catch(() => {});
      await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A pino logger at DEBUG that keeps its lines (the console sink of the chat server's log). */
export function capturingLogger(): { logger: Logger; lines: string[]; waitFor(re: RegExp, timeoutMs?: number): Promise<string> } {
  const lines: string[] = [];
  let waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        lines.push(line);
        waiters = waiters.filter((w) => (w.re.test(line) ? (w.resolve(line), false) : true));
      }
      cb();
    },
  });
  return {
    logger: pino({ level: 'debug' }, stream),
    lines,
    waitFor(re, timeoutMs = 5000) {
      const hit = lines.find((l) => re.test(l));
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no log line matching ${re} within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ re, resolve: (l) => (clearTimeout(t), resolve(l)) });
      });
    },
  };
}

export function attachDevice(c: Client4, deviceId: string) {
  return clientFetch(c, `${c.getUsersRoute()}/sessions/device`, { method: 'put', body: JSON.stringify({ device_id: deviceId }) });
}
