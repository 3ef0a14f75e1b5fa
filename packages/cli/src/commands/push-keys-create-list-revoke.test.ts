// `herald push keys create|list|revoke --config FILE` as an operator runs it: a real process; the
// key is printed once, stored only hashed next to the config, listed without it, and revoked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const root = new URL('../../../../', import.meta.url).pathname;
const herald = join(root, 'packages/cli/bin/herald.js');
const run = async (...args: string[]) => {
  try {
    const r = await promisify(execFile)(process.execPath, [herald, 'push', 'keys', ...args]);
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
};

test('keys create prints the key once and stores its hash; list hides it; revoke marks it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-cli-keys-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const config = join(dir, 'push.json');
  writeFileSync(config, JSON.stringify({ Mode: 'hosted', BehindTLSProxy: true }));

  const created = await run('create', '--config', config, '--server-id', 'srv-1', '--quota', '50/s', '--json');
  assert.equal(created.code, 0, created.stderr);
  const rec = JSON.parse(created.stdout) as { id: string; key: string; server_id: string; quota_per_sec: number };
  assert.match(rec.key, /^hpk_[A-Za-z0-9_-]{43}$/);
  assert.equal(rec.server_id, 'srv-1');
  assert.equal(rec.quota_per_sec, 50);
  const stored = readFileSync(join(dir, 'hosted-keys.json'), 'utf8');
  assert.ok(!stored.includes(rec.key), 'the key itself is not stored');
  assert.match(stored, /"hash": "sha256:[0-9a-f]{64}"/);

  const listed = await run('list', '--config', config);
  assert.equal(listed.code, 0);
  assert.match(listed.stdout, new RegExp(`${rec.id}  server_id=srv-1  quota=50/s`));
  assert.ok(!listed.stdout.includes(rec.key));

  const revoked = await run('revoke', '--config', config, rec.id);
  assert.equal(revoked.code, 0, revoked.stderr);
  assert.match((await run('list', '--config', config)).stdout, /REVOKED=/);

  const unknown = await run('revoke', '--config', config, 'k_nope');
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no key k_nope/);
  const badQuota = await run('create', '--config', config, '--server-id', 'x', '--quota', 'lots');
  assert.notEqual(badQuota.code, 0);
  assert.match(badQuota.stderr, /--quota: expected requests per second/);
});
