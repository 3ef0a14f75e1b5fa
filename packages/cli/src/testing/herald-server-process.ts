// `herald server` as a child process, as it is deployed: its own environment (e.g.
// NODE_EXTRA_CA_CERTS to trust a private CA, read only at process start), a free port, stopped by
// SIGTERM, or killed outright to play a node that dies.
import { spawn } from 'node:child_process';

const HERALD = new URL('../../bin/herald.js', import.meta.url).pathname;

export interface HeraldServerProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  /** 127.0.0.1:PORT (an upstream `server` line). */
  hostPort: string;
  /** stdout and stderr so far. */
  output(): string;
  /** SIGTERM (SIGKILL after 15 s); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a node that dies mid-flight. */
  kill(): Promise<void>;
}

export interface StartHeraldServerOptions {
  dataDir: string;
  /** Added to the environment; HERALD_DATABASE_URL is dropped (SQLite) unless given here. */
  env?: NodeJS.ProcessEnv;
  port?: number;
  timeoutMs?: number;
}

export async function startHeraldServerProcess(opts: StartHeraldServerOptions): Promise<HeraldServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, HERALD_LOG_LEVEL: 'warn' };
  delete env.HERALD_DATABASE_URL;
  Object.assign(env, opts.env);
  const child = spawn(process.execPath, [HERALD, 'server', '--port', String(opts.port ?? 0), '--data', opts.dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env });
  const killHard = () => child.kill('SIGKILL');
  process.on('exit', killHard);
  let out = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      process.off('exit', killHard);
      resolve(code);
    }),
  );
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`herald server did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const keep = (b: Buffer) => {
      out += b.toString('utf8');
      if (out.length > 2_000_000) out = out.slice(-1_000_000);
      const m = /Chat server on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && out.includes('Stop with Ctrl-C')) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    void exited.then((code) => (clearTimeout(timer), reject(new Error(`herald server exited (${code}) before it started:\n${out}`))));
  }).catch(async (e: unknown) => {
    killHard();
    await exited;
    throw e;
  });
  return {
    url,
    hostPort: new URL(url).host,
    output: () => out,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const hard = setTimeout(killHard, 15_000);
      const code = await exited;
      clearTimeout(hard);
      return code;
    },
    async kill() {
      killHard();
      await exited;
    },
  };
}
