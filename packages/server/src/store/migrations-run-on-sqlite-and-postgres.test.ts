import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from './open-store.js';
import { MIGRATION_NAMES } from './migrations.js';
import { ENGINES, freshPostgresUrl, tempDir, usePostgres } from '../testing/engines.js';

usePostgres();

for (const engine of ENGINES) {
  describe(`migrations on ${engine}`, () => {
    it('apply every migration at open, and reopening applies nothing twice', async () => {
      const dir = tempDir();
      const databaseUrl = engine === 'postgres' ? await freshPostgresUrl() : undefined;
      try {
        const first = await openStore({ dataDir: dir.path, databaseUrl });
        assert.equal(first.engine, engine);
        assert.deepEqual(await first.migrations(), MIGRATION_NAMES);
        await first.config.set('EmailSettings.SendPushNotifications', true);
        await first.close();
        const again = await openStore({ dataDir: dir.path, databaseUrl });
        assert.deepEqual(await again.migrations(), MIGRATION_NAMES);
        assert.equal(await again.config.get('EmailSettings.SendPushNotifications'), true, 'data survives a reopen');
        await again.close();
      } finally {
        dir.remove();
      }
    });
  });
}

describe('database URL', () => {
  it('is refused unless it is postgres://', async () => {
    const dir = tempDir();
    try {
      await assert.rejects(openStore({ dataDir: dir.path, databaseUrl: 'mysql://u:secret@h/db' }), (e: Error) => /postgres:\/\//.test(e.message) && !e.message.includes('secret'));
    } finally {
      dir.remove();
    }
  });
});
