// `herald server` as a user runs it: a real process on a free port, driven over HTTP, stopped by SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
