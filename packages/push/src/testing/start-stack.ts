// Test helper: a sandbox (APNs/FCM/Web Push stand-in) on a temp data dir and the push service
// wired to it through the sandbox's own mattermost-push-proxy config, over real sockets.
// The retry policy is shortened (20 ms backoff, no jitter) and every log line is captured.
import { rmSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxClient, startSandbox, type RunningSandbox } from '@herald/sandbox';
import type { RetryPolicy } from '../delivery/send-with-retry.js';
import { startPushService, type RunningPushService } from '../push-service.js';

/** A pino destination that keeps every line written to it. */
export class LogCapture {
  readonly lines: string[] = [];
  private waiters: { re: RegExp; resolve: (line: string) => void }[] = [];

  /** The end of the last chunk when it stopped mid-line (a child process's stdout). */
  private partial = '';

  write(chunk: string): void {
    const pieces = (this.partial + chunk).split('\n');
    this.partial = pieces.pop() ?? '';
    for (const line of pieces) {
      if (line === '') continue;
      this.lines.push(line);
      this.waiters = this.waiters.filter((w) => {
        if (!w.re.test(line)) return true;
        w.resolve(line);
        return false;
      });
    }
  }

  text(): string {
    return [...this.lines, ...(this.partial ? [this.partial] : [])].join('\n');
  }

  /** The lines that are JSON records (LogFormat "json"). */
  records(): Record<string, any>[] {
    const out: Record<string, any>[] = [];
    for (const l of this.lines) {
      try {
        out.push(JSON.parse(l) as Record<string, any>);
      } catch {
        // a plain-format line
      }
    }
    return out;
  }

  /** The per-push record (LogFormat "json") of the push with this ack id. */
  push(ackId: string): Record<string, any> | undefined {
    return this.records().find((r) => r.ack_id === ackId && r.result !== undefined);
  }

  /** Lines matching `re`. */
  grep(re: RegExp): string[] {
    return this.lines.filter((l) => re.test(l));
  }

  /** Resolves with the first line (already written or still to come) matching `re`. */
  waitFor(re: RegExp, timeoutMs = 5000): Promise<string> {
    const found = this.lines.find((l) => re.test(l));
    if (found !== undefined) return Promise.resolve(found);
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

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: any;
}

export interface RawRequest {
  method?: string;
  path?: string;
  /** A string or buffer is sent as is; anything else is JSON-encoded. */
  body?: unknown;
  /** Content type; null sends none. Default application/json. */
  contentType?: string | null;
  headers?: Record<string, string>;
  /** Send the body with chunked encoding instead of a content-length. */
  chunked?: boolean;
}

/** One HTTP/1.1 request over a keep-alive agent. */
export function httpRequest(baseUrl: string, agent: Agent, r: RawRequest): Promise<HttpAnswer> {
  const body = r.body === undefined ? undefined : typeof r.body === 'string' || Buffer.isBuffer(r.body) ? r.body : JSON.stringify(r.body);
  const headers: Record<string, string | number> = { ...r.headers };
  if (body !== undefined && r.contentType !== null) headers['content-type'] = r.contentType ?? 'application/json';
  if (body !== undefined && !r.chunked) headers['content-length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = request(new URL(r.path ?? '/', baseUrl), { method: r.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

export interface StackOptions {
  /**
   * Edits the sandbox's push-proxy.json before the service reads it. The helper has already set
   * ThrottlePerSec 0 and LogFormat "json"; set them back here to test them.
   */
  config?: (c: Record<string, any>) => void;
  retry?: Partial<RetryPolicy>;
  /**
   * Take the per-try and total bounds from RetryTimeoutSec / SendTimeoutSec in the config (only the
   * backoff stays shortened), instead of TEST_RETRY's.
   */
  configTimeouts?: boolean;
  /** Default "debug", so the per-push line is captured. */
  logLevel?: string;
  /** SETTINGS_MAX_CONCURRENT_STREAMS the sandbox announces. */
  maxConcurrentStreams?: number;
  /** Extra environment of the push service (e.g. HERALD_REDIS_URL, HTTPS_PROXY). */
  env?: Record<string, string>;
}

/** One request the sandbox answered (its onRequest hook), in order. */
export interface SandboxRequest {
  service: 'apns' | 'fcm' | 'webpush' | 'oauth';
  status: number;
  detail: string;
}

export interface Stack {
  sandbox: RunningSandbox;
  /** Every provider request the sandbox answered (status 0 = dropped). */
  requests: SandboxRequest[];
  client: SandboxClient;
  service: RunningPushService;
  /** http://127.0.0.1:port of the push service. */
  url: string;
  logs: LogCapture;
  /** The config file the service was started from. */
  configPath: string;
  dataDir: string;
  /** POST /api/v1/send_push with a JSON body. */
  sendPush(body: unknown): Promise<HttpAnswer>;
  request(r: RawRequest): Promise<HttpAnswer>;
  /** Registers an APNs device for the apple_rn topic (or `topic`). */
  apnsDevice(topic?: string): Promise<string>;
  fcmDevice(): Promise<string>;
  close(): Promise<void>;
}

/** Short backoff, no jitter; per-try and total bounds small enough that a hung try fails fast. */
export const TEST_RETRY: RetryPolicy = { maxTries: 3, baseDelayMs: 20, attemptTimeoutMs: 3000, totalTimeoutMs: 6000, jitter: 0 };

let credentialTemplate: Promise<string> | undefined;

/**
 * A sandbox data dir holding only credentials, made once per process: generating them (CA, TLS
 * and Apple certificates, RSA and EC keys) is most of a sandbox's start-up time, and every stack a
 * test file starts can copy them.
 */
function sandboxCredentials(): Promise<string> {
  credentialTemplate ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'herald-push-test-credentials-'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    const sb = await startSandbox({ dataDir: dir, port: 0, adminPort: 0 });
    await sb.close();
    return dir;
  })();
  return credentialTemplate;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-push-test-'));
  let sandbox: RunningSandbox | undefined;
  let service: RunningPushService | undefined;
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const requests: SandboxRequest[] = [];
  try {
    await cp(await sandboxCredentials(), join(dataDir, 'sandbox'), { recursive: true });
    sandbox = await startSandbox({
      dataDir: join(dataDir, 'sandbox'),
      port: 0,
      adminPort: 0,
      onRequest: (service, status, detail) => requests.push({ service, status, detail }),
      ...(opts.maxConcurrentStreams !== undefined ? { maxConcurrentStreams: opts.maxConcurrentStreams } : {}),
    });
    const config = JSON.parse(await readFile(sandbox.credentials.path('pushProxyConfig'), 'utf8')) as Record<string, any>;
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
      env: { HERALD_APNS_URL: sandbox.origin, HERALD_FCM_URL: sandbox.origin, ...opts.env },
      listen: '127.0.0.1:0',
      logLevel: opts.logLevel ?? 'debug',
      logStream: logs,
      retry: opts.configTimeouts ? { baseDelayMs: TEST_RETRY.baseDelayMs, jitter: 0, ...opts.retry } : { ...TEST_RETRY, ...opts.retry },
      extraCa: [sandbox.credentials.ca.certPem],
    });
    const client = new SandboxClient(sandbox.adminUrl);
    const sb = sandbox;
    const svc = service;
    const apnsTopic = (config.ApplePushSettings as { Type: string; ApplePushTopic: string }[]).find((s) => s.Type === 'apple_rn')?.ApplePushTopic;
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
        } finally {
          await sb.close();
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (e) {
    agent.destroy();
    await service?.close().catch(() => {});
    await sandbox?.close().catch(() => {});
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
}
