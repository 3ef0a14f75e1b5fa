// A `herald …` command as a child process, as it is deployed: its own environment (e.g.
// NODE_EXTRA_CA_CERTS, read only at process start), started once its output announces the URL it
// listens on, stopped by SIGTERM, or killed outright to play a node that dies.
import { spawn } from 'node:child_process';

const HERALD = new URL('../../bin/herald.js', import.meta.url).pathname;

export interface HeraldProcess {
  /** The URL the ready line announced, e.g. http://127.0.0.1:PORT */
  url: string;
  /** 127.0.0.1:PORT (an upstream `server` line). */
  hostPort: string;
  pid: number;
  /** stdout and stderr so far (the last megabyte or two). */
  output(): string;
  /** SIGTERM (SIGKILL after 15 s); resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a node that dies mid-flight. Resolves once it is gone. */
  kill(): Promise<void>;
}

export interface StartHeraldProcessOptions {
  /** Arguments after `herald`, e.g. ['push', '--config', FILE]. */
  args: string[];
  /** The full environment of the child. */
  env: NodeJS.ProcessEnv;
  /** Matches the output once the process serves; group 1 is its URL. */
  ready: RegExp;
  timeoutMs?: number;
}

export async function startHeraldProcess(opts: StartHeraldProcessOptions): Promise<HeraldProcess> {
  const name = `herald ${opts.args[0] ?? ''}`.trim();
  const child = spawn(process.execPath, [HERALD, ...opts.args], { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env });
  const killHard = () => child.kill('SIGKILL');
  process.on('exit', killHard);
  let out = '';
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      process.off('exit', killHard);
      resolve(code);
    }),
  );
  const keep = (b: Buffer) => {
    out += b.toString('utf8');
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      const m = opts.ready.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      child.stderr.off('data', check);
      resolve(m[1]!);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    void exited.then((code) => (clearTimeout(timer), reject(new Error(`${name} exited (${code}) before it started:\n${out}`))));
  }).catch(async (e: unknown) => {
    killHard();
    await exited;
    throw e;
  });
  return {
    url,
    hostPort: new URL(url).host,
    pid: child.pid!,
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

/** This process's environment plus `extra`, with the Herald variables a test must set itself removed. */
export function heraldEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HERALD_LOG_LEVEL: 'warn' };
  for (const k of ['HERALD_DATABASE_URL', 'HERALD_REDIS_URL', 'HERALD_OUTBOX_LEASE_SECONDS', 'HERALD_APNS_URL', 'HERALD_FCM_URL']) delete env[k];
  return Object.assign(env, extra);
}
