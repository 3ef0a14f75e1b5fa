// `herald server` as a user runs it: a real process on a free port, driven over HTTP, stopped by SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis } from '@herald/push';

const root = new URL('../../../../', import.meta.url).pathname;
const herald = join(root, 'packages/cli/bin/herald.js');

test('herald server serves the API on SQLite in its data dir and stops cleanly on SIGTERM', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'herald-cli-server-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, HERALD_LOG_LEVEL: 'warn' };
  delete env.HERALD_DATABASE_URL;
  const child = spawn(process.execPath, [herald, 'server', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'], env });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /Chat server on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && out.includes('Stop with Ctrl-C')) resolve(m[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited early (${code}): ${out}`)));
  });
  assert.ok(existsSync(join(data, 'herald.db')));
  const ping = await fetch(`${url}/api/v4/system/ping`);
  assert.equal(ping.status, 200);
  assert.equal(((await ping.json()) as { status: string }).status, 'OK');
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});

test('herald server --help documents HERALD_REDIS_URL', async () => {
  const child = spawn(process.execPath, [herald, 'server', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  assert.equal(await new Promise((resolve) => child.on('exit', resolve)), 0);
  assert.match(out, /HERALD_REDIS_URL\s+redis:\/\//);
});

test('herald server with HERALD_REDIS_URL joins the cluster through Redis, and refuses a Redis it cannot reach', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const data = mkdtempSync(join(tmpdir(), 'herald-cli-server-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, HERALD_LOG_LEVEL: 'warn', HERALD_REDIS_URL: redis.url };
  delete env.HERALD_DATABASE_URL;
  const child = spawn(process.execPath, [herald, 'server', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'], env });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Stop with Ctrl-C')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`server exited early (${code}): ${out}`)));
  });
  assert.match(out, /Cluster node \S+ \(server id [a-z0-9]{26}\), sharing events through Redis/);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);

  await redis.stop();
  const bad = spawn(process.execPath, [herald, 'server', '--port', '0', '--data', data], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, HERALD_REDIS_URL: `redis://:s3cret@127.0.0.1:${redis.port}` },
  });
  let err = '';
  bad.stderr.on('data', (b: Buffer) => (err += b.toString()));
  assert.equal(await new Promise((resolve) => bad.on('exit', resolve)), 1);
  assert.match(err, /HERALD_REDIS_URL: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ for the cluster/);
  assert.ok(!err.includes('s3cret'), 'the password stays out of the error');
});

test('herald server refuses an HERALD_OUTBOX_LEASE_SECONDS shorter than a push can take, naming it', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'herald-cli-server-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  for (const value of ['5', 'soon']) {
    const env: NodeJS.ProcessEnv = { ...process.env, HERALD_LOG_LEVEL: 'warn', HERALD_OUTBOX_LEASE_SECONDS: value };
    delete env.HERALD_DATABASE_URL;
    const child = spawn(process.execPath, [herald, 'server', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let err = '';
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.notEqual(code, 0);
    assert.match(err, new RegExp(`HERALD_OUTBOX_LEASE_SECONDS: expected whole seconds from 15 to 3600, got "${value}"`));
  }
});

test('herald server refuses a HERALD_TRUSTED_PROXIES entry that is not an address or CIDR, naming it', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'herald-cli-server-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = { ...process.env, HERALD_LOG_LEVEL: 'warn', HERALD_TRUSTED_PROXIES: '127.0.0.1, nginx.local' };
  delete env.HERALD_DATABASE_URL;
  const child = spawn(process.execPath, [herald, 'server', '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let err = '';
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  assert.notEqual(code, 0);
  assert.match(err, /HERALD_TRUSTED_PROXIES: "nginx.local" is not an IP address or CIDR/);
});
