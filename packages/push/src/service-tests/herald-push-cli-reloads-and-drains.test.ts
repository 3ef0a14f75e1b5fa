// `herald push --config FILE` as an operator runs it: a real process trusting the sandbox CA via
// NODE_EXTRA_CA_CERTS. SIGHUP reloads keys without a restart; SIGTERM stops accepting, lets the
// send in flight finish (OK), and exits 0.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SandboxClient, startSandbox, type RunningSandbox } from '@herald/sandbox';
import { httpRequest, LogCapture } from '../testing/start-stack.js';
import { message } from './mattermost-bodies.js';

const HERALD = fileURLToPath(new URL('../../../cli/bin/herald.js', import.meta.url));

let dir: string;
let sb: RunningSandbox;
let client: SandboxClient;
let child: ChildProcess | undefined;
let out: LogCapture;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let url: string;
const agent = new Agent({ keepAlive: false });

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-push-cli-'));
  sb = await startSandbox({ dataDir: join(dir, 'sandbox'), port: 0, adminPort: 0 });
  client = new SandboxClient(sb.adminUrl);
  const config = JSON.parse(await readFile(sb.credentials.path('pushProxyConfig'), 'utf8')) as Record<string, unknown>;
  const configPath = join(dir, 'push-proxy.json');
  await writeFile(configPath, JSON.stringify(config));

  out = new LogCapture();
  const env: NodeJS.ProcessEnv = { ...process.env, ...sb.env };
  delete env.HERALD_LOG_LEVEL;
  child = spawn(process.execPath, [HERALD, 'push', '--config', configPath, '--listen', '127.0.0.1:0', '--log-level', 'debug'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.setEncoding('utf8').on('data', (c: string) => out.write(c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => out.write(c));
  exited = new Promise((resolve) => child!.once('exit', (code, signal) => resolve({ code, signal })));
  const line = await Promise.race([
    out.waitFor(/Push service on http:\/\/127\.0\.0\.1:\d+/, 15_000),
    exited.then((e) => Promise.reject(new Error(`herald push exited early (${JSON.stringify(e)}):\n${out.text()}`))),
  ]);
  url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!;
});

after(async () => {
  agent.destroy();
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sb?.close();
  await rm(dir, { recursive: true, force: true });
});

test('the process delivers through the sandbox, trusting its CA through NODE_EXTRA_CA_CERTS', async () => {
  const token = (await client.registerApns()).token;
  const r = await httpRequest(url, agent, { path: '/api/v1/send_push', body: message('apple_rn-v2', token) });
  assert.deepEqual(r.json, { status: 'OK' }, out.text());
  await client.next(token, { timeoutMs: 5000 });
});

test('SIGHUP reloads keys and certificates and the service keeps sending', async () => {
  child!.kill('SIGHUP');
  await out.waitFor(/reloaded/);
  const token = (await client.registerApns({ topic: 'com.mattermost.rnbeta' })).token;
  const r = await httpRequest(url, agent, { path: '/api/v1/send_push', body: message('apple_rnbeta-v2', token) });
  assert.deepEqual(r.json, { status: 'OK' });
  assert.equal(child!.exitCode, null, 'still running');
});

test('SIGTERM during a send: the send completes OK, new connections are refused, exit code 0', async () => {
  const token = (await client.registerApns()).token;
  await client.addFault({ kind: 'latency', service: 'apns', token, latencyMs: 500, times: 1 });
  // Resolves when the sandbox starts holding this push (the latency fault is taken).
  const held = new Promise<void>((resolve) => {
    const faults = sb.context.faults;
    const take = faults.take.bind(faults);
    faults.take = (service, t, skipLatency) => {
      const action = take(service, t, skipLatency);
      if (t === token && action.kind === 'latency') resolve();
      return action;
    };
  });
  const inFlight = httpRequest(url, agent, { path: '/api/v1/send_push', body: message('apple_rn-v2', token, { ack_id: 'in-flight' }) });
  await held;
  child!.kill('SIGTERM');
  await out.waitFor(/draining/);
  const late = await httpRequest(url, agent, { path: '/readyz' }).then(
    (r) => `HTTP ${r.status}`,
    (e: NodeJS.ErrnoException) => e.code ?? e.message,
  );
  assert.ok(['ECONNREFUSED', 'ECONNRESET', 'HTTP 503'].includes(late), `a request after SIGTERM got ${late}`);

  const r = await inFlight;
  assert.equal(r.status, 200);
  assert.deepEqual(r.json, { status: 'OK' }, 'the in-flight send finished');
  await client.next(token, { timeoutMs: 5000 });
  const { code, signal } = await exited;
  assert.equal(signal, null);
  assert.equal(code, 0, out.text());
  assert.match(out.text(), /stopped/);
});
