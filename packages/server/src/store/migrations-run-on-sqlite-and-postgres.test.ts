import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore, SQLITE_FILE } from './open-store.js';
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

// Before migration 005 a retried post was stored twice with one pending_post_id: the migration
// must still build its unique index on such a database (the first post keeps the key).
for (const engine of ENGINES) {
  it(`on ${engine}, the pending_post_id index is built over posts a retry stored twice`, async () => {
    const dir = tempDir();
    const databaseUrl = engine === 'postgres' ? await freshPostgresUrl() : undefined;
    const raw = async (sqlText: string) => {
      if (engine === 'postgres') {
        const c = new pg.Client({ connectionString: databaseUrl });
        await c.connect();
        try {
          await c.query(sqlText);
        } finally {
          await c.end();
        }
      } else {
        const db = new Database(join(dir.path, SQLITE_FILE));
        try {
          db.exec(sqlText);
        } finally {
          db.close();
        }
      }
    };
    try {
      const store = await openStore({ dataDir: dir.path, databaseUrl });
      await store.close();
      // Back to the schema before 005, then two posts of one retry (foreign keys off for this
      // connection: the rows they point at do not matter here).
      await raw(`DROP INDEX posts_user_id_pending_post_id; DELETE FROM kysely_migration WHERE name = '005_posts_pending_post_id'`);
      const post = (id: string, at: number) =>
        `INSERT INTO posts (id, create_at, update_at, edit_at, delete_at, user_id, channel_id, root_id, message, type, props, hashtags, pending_post_id, reply_count, last_reply_at) VALUES ('${id}', ${at}, ${at}, 0, 0, 'u1', 'c1', '', 'Hello', '', '{}', '', 'u1:123', 0, 0)`;
      const noFk = engine === 'postgres' ? 'SET session_replication_role = replica' : 'PRAGMA foreign_keys = OFF';
      await raw(`${noFk}; ${post('a0000000000000000000000000', 1)}; ${post('b0000000000000000000000000', 2)}`);
      const upgraded = await openStore({ dataDir: dir.path, databaseUrl });
      try {
        assert.deepEqual(await upgraded.migrations(), MIGRATION_NAMES);
        assert.equal((await upgraded.posts.getByPendingPostId('u1', 'u1:123'))?.id, 'a0000000000000000000000000');
        assert.equal((await upgraded.posts.get('b0000000000000000000000000'))?.pending_post_id, '', 'the duplicate lost its key, not its content');
      } finally {
        await upgraded.close();
      }
    } finally {
      dir.remove();
    }
  });
}
