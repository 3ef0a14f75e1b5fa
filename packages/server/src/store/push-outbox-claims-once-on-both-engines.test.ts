import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from './open-store.js';
import { ENGINES, freshPostgresUrl, tempDir, usePostgres } from '../testing/engines.js';
import { newId } from '../ids.js';

usePostgres();

for (const engine of ENGINES) {
  describe(`push outbox on ${engine}`, () => {
    it('concurrent claims never share a row; a lapsed lease is reclaimed; only the claimant finishes', async () => {
      const dir = tempDir();
      const store = await openStore({ dataDir: dir.path, databaseUrl: engine === 'postgres' ? await freshPostgresUrl() : undefined });
      try {
        const rows = Array.from({ length: 50 }, (_, i) => ({
          id: newId(), created_at: 1000 + i, user_id: 'u', session_id: 's', device_id: 'apple_rn:t', ack_id: newId(), type: 'message', post_id: '', payload: { n: i },
        }));
        await store.pushOutbox.enqueue(rows);
        const claims = await Promise.all(['n1', 'n2', 'n3', 'n4'].map((n) => store.pushOutbox.claim(n, 2000, 10_000, 20)));
        const ids = claims.flat().map((r) => r.id);
        assert.equal(ids.length, 50);
        assert.equal(new Set(ids).size, 50, 'no row claimed twice');
        const mine = claims[0]![0]!;
        assert.equal(await store.pushOutbox.finish(mine.id, 'other-node', 'done', 2001), false);
        assert.equal(await store.pushOutbox.finish(mine.id, 'n1', 'done', 2001), true);
        // n2 died: after its lease lapses its rows are claimable again (attempt 2).
        const again = await store.pushOutbox.claim('n5', 2000 + 10_001, 10_000, 100);
        assert.ok(again.length >= claims[1]!.length);
        assert.ok(again.every((r) => r.attempts === 2 && r.claimed_by === 'n5'));
        assert.ok(!again.some((r) => r.id === mine.id), 'a finished row is never claimed');
        assert.equal(await store.pushOutbox.removeDevice('apple_rn:t', 1), 0, 'nothing pending left');
      } finally {
        await store.close();
        dir.remove();
      }
    });
  });
}
