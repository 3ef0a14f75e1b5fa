// A Herald deployment of several nodes on loopback, as deploy/nginx/README.md describes it: the
// provider sandbox (in this process), one redis-server, `herald push` nodes (children, sending to
// the sandbox, sharing their throttle through Redis), `herald server` nodes (children, one
// PostgreSQL database and one Redis: a cluster), and nginx with TLS in front of both kinds.
// Each node is its own process so a test can SIGKILL it. stop() takes everything down (killed
// nodes included) and removes the temp dir.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type TestRedis } from '@herald/push';
import { SandboxClient, startSandbox, type RunningSandbox } from '@herald/sandbox';
import type { HeraldProcess } from './herald-process.js';
import { startHeraldNginx, type HeraldNginx } from './herald-nginx.js';
import { startHeraldPushProcess } from './herald-push-process.js';
import { startHeraldServerProcess, type HeraldServerProcess } from './herald-server-process.js';
import { writeThrowawayTls, type ThrowawayTls } from './throwaway-tls.js';

export interface HeraldFleetOptions {
  chatNodes: number;
  pushNodes: number;
  /** The chat nodes' shared PostgreSQL database (an empty one). */
  databaseUrl: string;
  /** HERALD_OUTBOX_LEASE_SECONDS of the chat nodes (default: theirs, 30). */
  leaseSeconds?: number;
  /** Node start timeout (a loaded machine starts processes slowly). */
  startTimeoutMs?: number;
}

export interface HeraldFleet {
  tls: ThrowawayTls;
  sandbox: RunningSandbox;
  sandboxClient: SandboxClient;
  /** The APNs topic of the sandbox's apple_rn app. */
  apnsTopic: string;
  redis: TestRedis;
  chat: HeraldServerProcess[];
  push: HeraldProcess[];
  front: HeraldNginx;
  stop(): Promise<void>;
}

export async function startHeraldFleet(opts: HeraldFleetOptions): Promise<HeraldFleet> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-fleet-'));
  const stops: (() => Promise<unknown>)[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    // Front first (no new traffic), then the nodes, then what they use.
    for (const s of stops.reverse()) await s().catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const tls = writeThrowawayTls(join(dir, 'tls'));
    const sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, adminPort: 0 });
    stops.push(() => sandbox.close());
    const redis = await startRedis();
    stops.push(() => redis.stop());

    // The sandbox's mattermost-push-proxy config, as behind a load balancer (README step 6).
    const config = JSON.parse(readFileSync(sandbox.credentials.path('pushProxyConfig'), 'utf8')) as Record<string, unknown> & { ApplePushSettings: { Type: string; ApplePushTopic: string }[] };
    config.ThrottleVaryByHeader = 'X-Forwarded-For';
    const configFile = join(dir, 'push-proxy.json');
    writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
    const apnsTopic = config.ApplePushSettings.find((s) => s.Type === 'apple_rn')?.ApplePushTopic ?? 'com.mattermost.rn';

    const timeout = opts.startTimeoutMs !== undefined ? { timeoutMs: opts.startTimeoutMs } : {};
    const push: HeraldProcess[] = [];
    for (let i = 0; i < opts.pushNodes; i++) {
      const node = await startHeraldPushProcess({ configFile, env: { ...sandbox.env, HERALD_REDIS_URL: redis.url }, ...timeout });
      stops.push(() => node.stop());
      push.push(node);
    }
    // One after the other: the first creates the schema, the others find it.
    const chat: HeraldServerProcess[] = [];
    for (let i = 0; i < opts.chatNodes; i++) {
      const node = await startHeraldServerProcess({
        dataDir: join(dir, `chat-${i + 1}`),
        env: {
          HERALD_DATABASE_URL: opts.databaseUrl,
          HERALD_REDIS_URL: redis.url,
          // The chat nodes reach the push front over HTTPS with the throwaway CA's certificate.
          NODE_EXTRA_CA_CERTS: tls.caFile,
          ...(opts.leaseSeconds !== undefined ? { HERALD_OUTBOX_LEASE_SECONDS: String(opts.leaseSeconds) } : {}),
        },
        ...timeout,
      });
      stops.push(() => node.stop());
      chat.push(node);
    }
    const front = await startHeraldNginx({ chat: chat.map((n) => n.hostPort), push: push.map((n) => n.hostPort), tls });
    stops.push(() => front.stop());
    return { tls, sandbox, sandboxClient: new SandboxClient(sandbox.adminUrl), apnsTopic, redis, chat, push, front, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
