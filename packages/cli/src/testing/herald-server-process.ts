// `herald server` as a child process, as it is deployed: its own environment (e.g.
// NODE_EXTRA_CA_CERTS to trust a private CA, HERALD_DATABASE_URL + HERALD_REDIS_URL to be one node
// of several), a free port, stopped by SIGTERM, or killed outright to play a node that dies.
import { heraldEnv, startHeraldProcess, type HeraldProcess } from './herald-process.js';

export interface HeraldServerProcess extends HeraldProcess {
  /** The cluster node id it announced (with HERALD_REDIS_URL), else undefined. */
  nodeId: string | undefined;
}

export interface StartHeraldServerOptions {
  dataDir: string;
  /** Added to the environment; HERALD_DATABASE_URL is dropped (SQLite) unless given here. */
  env?: NodeJS.ProcessEnv;
  port?: number;
  timeoutMs?: number;
}

export async function startHeraldServerProcess(opts: StartHeraldServerOptions): Promise<HeraldServerProcess> {
  const p = await startHeraldProcess({
    args: ['server', '--port', String(opts.port ?? 0), '--data', opts.dataDir],
    env: heraldEnv(opts.env),
    ready: /Chat server on (http:\/\/127\.0\.0\.1:\d+)[\s\S]*Stop with Ctrl-C/,
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  });
  return { ...p, nodeId: /Cluster node (\S+)/.exec(p.output())?.[1] };
}
