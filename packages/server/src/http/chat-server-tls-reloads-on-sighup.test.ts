// The chat server's native TLS listener: `herald server --tls-cert --tls-key` (a real process)
// serves HTTPS with the certificate of a throwaway CA; SIGHUP swaps in a new certificate for new
// connections, and a broken pair keeps the previous one. createChatServer({ tls }) refuses a key
// that does not match its certificate.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCertificateAuthority, issueServerCertificate } from '@herald/sandbox';
import { createChatServer } from '../chat-server.js';

const HERALD = fileURLToPath(new URL('../../../cli/bin/herald.js', import.meta.url));
const serialOf = (pem: string) => new X509Certificate(pem).serialNumber.toUpperCase();

let dir: string;
let child: ChildProcess | undefined;
const ca = createCertificateAuthority('Herald chat TLS test CA');

function ping(url: string): Promise<{ status: number; serial: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v4/system/ping`, { ca: ca.certPem, agent: false }, (res) => {
      const serial = (res.socket as TLSSocket).getPeerCertificate().serialNumber.toUpperCase();
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, serial }));
    });
    req.on('error', reject);
    req.end();
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'herald-chat-tls-'));
});
after(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGKILL');
  }
  await rm(dir, { recursive: true, force: true });
});

test('herald server --tls-cert --tls-key: HTTPS; SIGHUP reloads the certificate; a broken pair keeps the old one', async () => {
  const first = issueServerCertificate(ca, ['127.0.0.1', 'localhost']);
  const second = issueServerCertificate(ca, ['127.0.0.1', 'localhost']);
  const certFile = join(dir, 'chat.crt');
  const keyFile = join(dir, 'chat.key');
  await writeFile(certFile, first.certPem);
  await writeFile(keyFile, first.keyPem);
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.HERALD_DATABASE_URL;
  child = spawn(process.execPath, [HERALD, 'server', '--data', join(dir, 'data'), '--port', '0', '--tls-cert', certFile, '--tls-key', keyFile], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (out += c));
  const waitFor = async (re: RegExp, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!re.test(out)) {
      if (Date.now() > deadline) throw new Error(`no ${re} in:\n${out}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    return re.exec(out)!;
  };
  const url = (await waitFor(/Chat server on (https:\/\/127\.0\.0\.1:\d+)/))[1]!;
  const one = await ping(url);
  assert.equal(one.status, 200);
  assert.equal(one.serial, serialOf(first.certPem));

  await writeFile(certFile, second.certPem); // key still the first one's: a broken pair
  child.kill('SIGHUP');
  await waitFor(/TLS reload failed, keeping the previous certificate/);
  assert.equal((await ping(url)).serial, serialOf(first.certPem));

  await writeFile(keyFile, second.keyPem);
  child.kill('SIGHUP');
  await waitFor(/reloaded the TLS certificate/);
  const two = await ping(url);
  assert.equal(two.status, 200);
  assert.equal(two.serial, serialOf(second.certPem));

  child.kill('SIGTERM');
  const code = await new Promise<number | null>((r) => child!.once('exit', (c) => r(c)));
  assert.equal(code, 0);
});

test('createChatServer({ tls }) with a key that does not match the certificate does not start', async () => {
  const a = issueServerCertificate(ca, ['127.0.0.1']);
  const b = issueServerCertificate(ca, ['127.0.0.1']);
  await writeFile(join(dir, 'a.crt'), a.certPem);
  await writeFile(join(dir, 'b.key'), b.keyPem);
  await copyFile(join(dir, 'a.crt'), join(dir, 'a2.crt'));
  await assert.rejects(
    createChatServer({ dataDir: join(dir, 'bad'), port: 0, tls: { certFile: join(dir, 'a2.crt'), keyFile: join(dir, 'b.key') } }),
    /TLS key: .*b\.key does not go with/,
  );
});
