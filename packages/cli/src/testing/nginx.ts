// Real nginx for tests: Debian's /usr/sbin/nginx as a child (`nginx -p PREFIX -c CONF -e stderr`,
// `daemon off`), all its state in a temp prefix, given an http{}-level config (what a
// conf.d/sites-enabled file holds) wrapped in a minimal main context. Waits until every listen
// port accepts; reload() swaps the http-level config in with SIGHUP (checked with `nginx -t`
// first, so a bad config fails loudly instead of nginx quietly keeping the old one); stop() is
// SIGQUIT (graceful), then SIGKILL to the process group. No nginx binary is a loud failure.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NGINX_BIN = process.env.HERALD_NGINX_BIN || '/usr/sbin/nginx';

export interface NginxProcess {
  prefix: string;
  pid: number;
  /** Everything nginx wrote to stderr (its error log, at notice level). */
  log(): string;
  /** Access log lines: `addr "request" status upstream=ADDR upstream_status=S`. */
  accessLog(): string[];
  /** Replaces the http-level config and reloads; resolves once the old worker stopped accepting. */
  reload(httpConf: string): Promise<void>;
  stop(): Promise<void>;
}

export interface StartNginxOptions {
  /** The http{}-level config (server and upstream blocks). */
  httpConf: string;
  /** Ports the config listens on (127.0.0.1): start resolves once each accepts. */
  ports: number[];
  timeoutMs?: number;
}

export function requireNginx(): void {
  if (!existsSync(NGINX_BIN)) {
    throw new Error(`nginx not found at ${NGINX_BIN}: install Debian's nginx package (apt-get install nginx; .ci/run does), or set HERALD_NGINX_BIN`);
  }
}

/** A loopback port free at the time of asking. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/**
 * The main context around an http{}-level file. `user root` only when we run as root: nginx would
 * otherwise run its workers as `nobody`, who cannot enter the 0700 temp prefix to buffer bodies.
 * worker_shutdown_timeout bounds reloads and stops while WebSockets are open.
 */
export function mainConf(prefix: string, httpConfFile: string): string {
  const asRoot = process.getuid?.() === 0;
  return `# Written by packages/cli/src/testing/nginx.ts for a test: not for production.
daemon off;
master_process on;
worker_processes 1;
${asRoot ? 'user root;\n' : ''}pid ${prefix}/nginx.pid;
error_log stderr notice;
worker_shutdown_timeout 3s;
events { worker_connections 512; }
http {
    default_type application/octet-stream;
    log_format herald_test '$remote_addr "$request" $status upstream=$upstream_addr upstream_status=$upstream_status';
    access_log ${prefix}/access.log herald_test;
    client_body_temp_path ${prefix}/client_body;
    proxy_temp_path ${prefix}/proxy;
    fastcgi_temp_path ${prefix}/fastcgi;
    uwsgi_temp_path ${prefix}/uwsgi;
    scgi_temp_path ${prefix}/scgi;
    include ${httpConfFile};
}
`;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startNginx(opts: StartNginxOptions): Promise<NginxProcess> {
  requireNginx();
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const prefix = mkdtempSync(join(tmpdir(), 'herald-nginx-'));
  const httpFile = join(prefix, 'http.conf');
  const confFile = join(prefix, 'nginx.conf');
  const args = ['-p', `${prefix}/`, '-c', confFile, '-e', 'stderr'];
  const check = () => {
    const r = spawnSync(NGINX_BIN, ['-t', '-q', ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`nginx -t refused the config (${httpFile}):\n${r.stderr || r.error?.message}`);
  };
  writeFileSync(httpFile, opts.httpConf);
  writeFileSync(confFile, mainConf(prefix, httpFile));
  try {
    check();
  } catch (e) {
    rmSync(prefix, { recursive: true, force: true });
    throw e;
  }

  // Its own process group, so a hard stop takes the workers along with the master.
  const child: ChildProcess = spawn(NGINX_BIN, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let log = '';
  const keep = (b: Buffer) => {
    log += b.toString('utf8');
    if (log.length > 1_000_000) log = log.slice(-500_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) => child.on('exit', (code, signal) => ((exited = { code, signal }), resolve())));
  const killGroup = () => {
    try {
      if (!exited && child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  process.on('exit', killGroup);
  const cleanup = () => {
    process.off('exit', killGroup);
    rmSync(prefix, { recursive: true, force: true });
  };

  const deadline = Date.now() + timeoutMs;
  try {
    for (const port of opts.ports) {
      while (!(await canConnect(port))) {
        if (exited) throw new Error(`nginx exited (${exited.code ?? exited.signal}) before accepting on ${port}:\n${log}`);
        if (Date.now() > deadline) throw new Error(`nginx did not accept on 127.0.0.1:${port} within ${timeoutMs} ms:\n${log}`);
        await sleep(25);
      }
    }
  } catch (e) {
    killGroup();
    await exit;
    cleanup();
    throw e;
  }

  return {
    prefix,
    pid: child.pid!,
    log: () => log,
    accessLog() {
      const file = join(prefix, 'access.log');
      return existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
    },
    async reload(httpConf) {
      if (exited) throw new Error(`nginx is not running (exited ${exited.code ?? exited.signal}):\n${log}`);
      const previous = readFileSync(httpFile, 'utf8');
      writeFileSync(httpFile, httpConf);
      try {
        check();
      } catch (e) {
        writeFileSync(httpFile, previous);
        throw e;
      }
      const from = log.length;
      child.kill('SIGHUP');
      // The old worker logs this when the master, having started the new one, tells it to quit;
      // from then on only the new configuration accepts connections.
      const until = Date.now() + timeoutMs;
      while (!/gracefully shutting down/.test(log.slice(from))) {
        if (/\[(emerg|alert)\]/.test(log.slice(from))) throw new Error(`nginx refused the reload:\n${log.slice(from)}`);
        if (exited) throw new Error(`nginx exited during a reload:\n${log.slice(from)}`);
        if (Date.now() > until) throw new Error(`nginx did not finish reloading within ${timeoutMs} ms:\n${log.slice(from)}`);
        await sleep(20);
      }
    },
    async stop() {
      if (!exited) {
        child.kill('SIGQUIT');
        const graceful = await Promise.race([exit.then(() => true), sleep(10_000).then(() => false)]);
        if (!graceful) killGroup();
        await exit;
      }
      cleanup();
    },
  };
}
