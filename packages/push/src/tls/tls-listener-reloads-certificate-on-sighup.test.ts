// The push service's native TLS listener: serves the configured certificate; SIGHUP (`herald push`
// as an operator runs it, a real process) swaps in the new certificate for new connections without
// a restart; a broken pair on reload keeps the previous certificate.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { X509Certificate } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LogCapture } from '../testing/start-stack.js';
import { httpsGet, throwawayCa } from './testing-certificates.js';

const HERALD = fileURLToPath(new URL('../../../cli/bin/herald.js', import.meta.url));
const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toUpperCase();

let dir: string;
let child: ChildProcess | undefined;
const out = new LogCapture();

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-push-tls-'));
});
after(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  await rm(dir, { recursive: true, force: true });
});

test('herald push with TLSCertFile/TLSKeyFile serves HTTPS; SIGHUP reloads the certificate', async () => {
  const ca = throwawayCa();
  const first = await ca.issue(dir, 'first');
  const second = await ca.issue(dir, 'second');
  const certFile = join(dir, 'push.crt');
  const keyFile = join(dir, 'push.key');
  await copyFile(first.certFile, certFile);
  await copyFile(first.keyFile, keyFile);
  const configPath = join(dir, 'push.json');
  await writeFile(configPath, JSON.stringify({ ListenAddress: '127.0.0.1:0', TLSCertFile: 'push.crt', TLSKeyFile: 'push.key', LogFormat: 'json' }));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.HERALD_LOG_LEVEL;
  child = spawn(process.execPath, [HERALD, 'push', '--config', configPath], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.setEncoding('utf8').on('data', (c: string) => out.write(c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => out.write(c));
  const line = await out.waitFor(/Push service on https:\/\/127\.0\.0\.1:\d+/, 15_000);
  const url = /(https:\/\/127\.0\.0\.1:\d+)/.exec(line)![1]!;

  const before = await httpsGet(`${url}/version`, ca.ca.certPem);
  assert.equal(before.status, 200);
  assert.equal(before.serial.toUpperCase(), serialOf(first.pair.certPem));

  // A broken pair (the second certificate with the first key): refused, the first stays.
  await copyFile(second.certFile, certFile);
  child.kill('SIGHUP');
  await out.waitFor(/reload failed, keeping the previous keys: .*TLSKeyFile/, 5000);
  assert.equal((await httpsGet(`${url}/version`, ca.ca.certPem)).serial.toUpperCase(), serialOf(first.pair.certPem));

  await copyFile(second.keyFile, keyFile);
  child.kill('SIGHUP');
  await out.waitFor(/reloaded the TLS certificate/, 5000);
  await sleep(20);
  const afterReload = await httpsGet(`${url}/version`, ca.ca.certPem);
  assert.equal(afterReload.status, 200);
  assert.equal(afterReload.serial.toUpperCase(), serialOf(second.pair.certPem));

  child.kill('SIGTERM');
  const code = await new Promise<number | null>((r) => child!.once('exit', (c) => r(c)));
  assert.equal(code, 0);
});
