// `herald sandbox` as a user runs it: a real process, its printed environment, the actions that
// drive it, the node-apn example from the README, and a clean stop on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = new URL('../../../../', import.meta.url).pathname;
const herald = join(root, 'packages/cli/bin/herald.js');
const run = promisify(execFile);

function startSandbox(data: string) {
  const child = spawn(process.execPath, [herald, 'sandbox', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Stop with Ctrl-C')) resolve(out);
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited early (${code}): ${out}`)));
  });
  return { child, ready, output: () => out };
}

test('herald sandbox prints its environment, is driven by its actions and stops cleanly on SIGTERM', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'herald-cli-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const sb = startSandbox(data);
  t.after(() => sb.child.kill('SIGKILL'));
  const out = await sb.ready;

  assert.match(out, /HERALD_APNS_URL=https:\/\/127\.0\.0\.1:\d+/);
  assert.match(out, /HERALD_FCM_URL=https:\/\/127\.0\.0\.1:\d+/);
  assert.ok(out.includes(`NODE_EXTRA_CA_CERTS=${join(data, 'ca.pem')}`));
  for (const f of ['ca.pem', 'apns-auth-key.p8', 'apple-push-cert.p12', 'firebase-service-account.json', 'vapid.json', 'push-proxy.json', 'running.json']) {
    assert.ok(existsSync(join(data, f)), `${f} exists`);
  }

  const reg = await run(process.execPath, [herald, 'sandbox', 'register', 'fcm', '--data', data]);
  const device = JSON.parse(reg.stdout) as { token: string; project: string };
  assert.equal(device.project, 'herald-sandbox');

  // The README's third-party client example, against this sandbox.
  const example = await run(process.execPath, [join(root, 'packages/sandbox/examples/send-with-node-apn.mjs'), '--data', data]);
  assert.match(example.stdout, /APNs accepted it/);
  assert.match(example.stdout, /"body":"Hello from node-apn"/);

  const inbox = await run(process.execPath, [herald, 'sandbox', 'inbox', '--service', 'apns', '--data', data]);
  const deliveries = JSON.parse(inbox.stdout) as { service: string }[];
  assert.equal(deliveries.length, 1);

  const fault = await run(process.execPath, [herald, 'sandbox', 'fault', 'add', '--kind', 'status', '--service', 'apns', '--status', '503', '--reason', 'ServiceUnavailable', '--times', '1', '--data', data]);
  assert.equal((JSON.parse(fault.stdout) as { remaining: number }).remaining, 1);

  const exited = new Promise<number | null>((r) => sb.child.on('exit', (code) => r(code)));
  sb.child.kill('SIGTERM');
  assert.equal(await exited, 0);
  assert.ok(!existsSync(join(data, 'running.json')), 'running.json removed on stop');
});

test('herald sandbox restarts on the same data dir with the same credentials', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'herald-cli-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  let first = '';
  for (let i = 0; i < 2; i++) {
    const sb = startSandbox(data);
    await sb.ready;
    const exited = new Promise((r) => sb.child.on('exit', r));
    sb.child.kill('SIGTERM');
    await exited;
    if (i === 0) first = readFileSync(join(data, 'apns-auth-key.p8'), 'utf8') + readFileSync(join(data, 'ca.pem'), 'utf8');
  }
  assert.equal(readFileSync(join(data, 'apns-auth-key.p8'), 'utf8') + readFileSync(join(data, 'ca.pem'), 'utf8'), first);
});

test('herald rejects bad usage with a message naming the problem', async () => {
  await assert.rejects(run(process.execPath, [herald, 'sandbox', '--port', 'x']), (e: { code: number; stderr: string }) => {
    assert.equal(e.code, 2);
    assert.match(e.stderr, /--port: expected an integer/);
    return true;
  });
  await assert.rejects(run(process.execPath, [herald, 'nosuch']), (e: { code: number; stderr: string }) => {
    assert.equal(e.code, 2);
    assert.match(e.stderr, /unknown command "nosuch"/);
    return true;
  });
  const help = await run(process.execPath, [herald, 'sandbox', '--help']);
  assert.match(help.stdout, /herald sandbox register apns/);
  const top = await run(process.execPath, [herald, '--help']);
  assert.match(top.stdout, /sandbox/);
});
