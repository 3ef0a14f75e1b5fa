import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from './open-store.js';
import { ENGINES, freshPostgresUrl, tempDir, usePostgres } from '../testing/engines.js';

usePostgres();

for (const engine of ENGINES) {
  describe(`systems rows on ${engine}`, () => {
    it('the first of several racing writers wins, everyone reads its value, and it survives a reopen', async () => {
      const dir = tempDir();
      const databaseUrl = engine === 'postgres' ? await freshPostgresUrl() : undefined;
      // Two stores over one database: two nodes starting together.
      const [a, b] = [await openStore({ dataDir: dir.path, databaseUrl }), await openStore({ dataDir: dir.path, databaseUrl })];
      try {
        assert.equal(await a.systems.get('server_id'), undefined);
        const got = await Promise.all(['one', 'two', 'three', 'four'].map((v, i) => (i % 2 ? b : a).systems.getOrCreate('server_id', v)));
        assert.equal(new Set(got).size, 1, `every writer reads the winner: ${got.join(', ')}`);
        assert.equal(await b.systems.getOrCreate('server_id', 'later'), got[0]);
        await a.close();
        const again = await openStore({ dataDir: dir.path, databaseUrl });
        assert.equal(await again.systems.get('server_id'), got[0]);
        await again.close();
      } finally {
        await b.close();
        dir.remove();
      }
    });
  });
}
