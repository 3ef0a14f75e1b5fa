// Test helper for a cluster: a real redis-server (the push package's helper) and chat-server
// nodes created in-process over one PostgreSQL database, each with its own data dir (logs), on
// free loopback ports. Presence timings are shortened so a silent node drops out in about a second.
import { spawn } from 'node:child_process';
import { pino, type Logger } from 'pino';
import { startRedis, type TestRedis } from '@herald/push';
import { createChatServer, type ChatServer, type ChatServerOptions } from '../chat-server.js';
import { freshPostgresUrl, tempDir } from './engines.js';

export { startRedis, type TestRedis };

export const FAST_CLUSTER: NonNullable<ChatServerOptions['cluster']> = { heartbeatMs: 150, presenceTtlMs: 1000 };

export interface TestCluster {
  redis: TestRedis;
  databaseUrl: string;
  nodes: ChatServer[];
  /** Starts one more node over the same database and Redis. */
  startNode(extra?: Partial<ChatServerOptions>): Promise<ChatServer>;
  /** Closes every node, then stops Redis. */
  close(): Promise<void>;
}

export async function startTestCluster(count: number, extra: Partial<ChatServerOptions> = {}, logger?: (i: number) => Logger): Promise<TestCluster> {
  const redis = await startRedis();
  const databaseUrl = await freshPostgresUrl();
  const dirs: { remove(): void }[] = [];
  const nodes: ChatServer[] = [];
  const startNode = async (more: Partial<ChatServerOptions> = {}) => {
    const dir = tempDir('herald-node-');
    dirs.push(dir);
    const node = await createChatServer({
      dataDir: dir.path,
      databaseUrl,
      redisUrl: redis.url,
      cluster: FAST_CLUSTER,
      port: 0,
      host: '127.0.0.1',
      logger: logger?.(nodes.length) ?? pino({ level: process.env.HERALD_TEST_LOG_LEVEL ?? 'silent' }),
      passwordCost: { log2N: 10, r: 8, p: 1 },
      ...extra,
      ...more,
    });
    nodes.push(node);
    return node;
  };
  try {
    for (let i = 0; i < count; i++) await startNode();
  } catch (e) {
    for (const n of nodes) await n.close();
    await redis.stop();
    throw e;
  }
  return {
    redis,
    databaseUrl,
    nodes,
    startNode,
    async close() {
      for (const n of nodes) await n.close();
      await redis.stop();
      for (const d of dirs) d.remove();
    },
  };
}

/** Polls `check` every 20 ms until it is true; throws `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A node in a child process, so a test can SIGKILL it: a node that dies without leaving. */
export async function spawnNode(opts: { databaseUrl: string; redisUrl: string }): Promise<{ url: string; nodeId: string; kill(): Promise<void> }> {
  const dir = tempDir('herald-node-');
  const main = new URL('./cluster-node-main.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [main, JSON.stringify({ ...opts, dataDir: dir.path, cluster: FAST_CLUSTER })], { stdio: ['ignore', 'pipe', 'pipe'] });
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  let out = '';
  child.stderr.on('data', (b: Buffer) => (out += b.toString()));
  const started = await new Promise<{ url: string; nodeId: string }>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { url: string; nodeId: string });
    });
    child.once('exit', (code) => reject(new Error(`the node process exited early (${code}): ${out}`)));
  });
  return {
    ...started,
    async kill() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      process.off('exit', onExit);
      dir.remove();
    },
  };
}
