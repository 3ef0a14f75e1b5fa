// `herald start` (what `npm start` runs): starts the stack, says what it started, stops on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const herald = new URL('../../bin/herald.js', import.meta.url).pathname;

test('herald start runs the stack on embedded defaults and exits 0 on SIGTERM', async (t) => {
  const data = mkdtempSync(join(tmpdir(), 'herald-start-'));
  t.after(() => rmSync(data, { recursive: true, force: true }));
  const child = spawn(process.execPath, [herald, 'start', '--data', data, '--sandbox-port', '0', '--push-port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => child.kill('SIGKILL'));
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('Herald is running')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`exited early (${code}): ${out}`)));
  });
  assert.match(out, /Sandbox providers \(APNs, FCM, Web Push\) on https:\/\/127\.0\.0\.1:\d+/);
  assert.ok(out.includes(join(data, 'sandbox', 'ca.pem')));
  const pushUrl = /Push service \(test mode, sending to the sandbox\) on (http:\/\/\S+):/.exec(out)?.[1];
  assert.ok(pushUrl, 'push service URL printed');
  const version = (await (await fetch(`${pushUrl}/version`)).json()) as { mode: string };
  assert.equal(version.mode, 'test');
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  child.kill('SIGTERM');
  assert.equal(await exited, 0);
});
