import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pino } from 'pino';
import { tempDir } from '../testing/engines.js';
import { createServerLog, tailLines } from './server-log.js';

test('the file log rotates past its size and the tail reads across the rotated file', (t) => {
  const dir = tempDir('herald-log-');
  t.after(() => dir.remove());
  const log = createServerLog({ dataDir: dir.path, console: pino({ level: 'silent' }), maxFileBytes: 4096 });
  t.after(() => log.close());
  for (let i = 0; i < 60; i++) log.logger.info(`entry-${String(i).padStart(3, '0')}`);
  assert.ok(existsSync(`${log.filePath}.1`));
  return log.tail(0, 50).then((lines) => {
    const msgs = lines.map((l) => (JSON.parse(l) as { msg: string }).msg);
    assert.equal(msgs.at(-1), 'entry-059');
    assert.ok(msgs.length > 20, `got ${msgs.length} lines`);
    for (let i = 1; i < msgs.length; i++) assert.ok(msgs[i]! > msgs[i - 1]!, 'oldest first, no gaps in order');
  });
});

test('tailLines handles lines across chunk boundaries, a missing final newline, empty and missing files', async (t) => {
  const dir = tempDir('herald-tail-');
  t.after(() => dir.remove());
  const f = join(dir.path, 'x.log');
  const long = 'y'.repeat(70_000);
  writeFileSync(f, `a\n${long}\n\nb\nc`);
  assert.deepEqual(await tailLines([f], 0, 2), ['b', 'c']);
  assert.deepEqual(await tailLines([f], 2, 10), ['a', long]);
  assert.deepEqual(await tailLines([join(dir.path, 'missing.log')], 0, 5), []);
  writeFileSync(f, '');
  assert.deepEqual(await tailLines([f], 0, 5), []);
});
