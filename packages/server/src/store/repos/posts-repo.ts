import type { Kysely, Selectable } from 'kysely';
import type { Database, PostsTable } from '../schema.js';
import type { PostRecord, PostsRepo, Props } from '../store.js';
import { parseObject, toJson } from '../json-columns.js';

function toRecord(row: Selectable<PostsTable>): PostRecord {
  return { ...row, props: parseObject<Props>(row.props) };
}

export function postsRepo(db: Kysely<Database>): PostsRepo {
  return {
    async create(post) {
      await db.insertInto('posts').values({ ...post, props: toJson(post.props) }).execute();
    },
    async get(id) {
      const row = await db.selectFrom('posts').selectAll().where('id', '=', id).where('delete_at', '=', 0).executeTakeFirst();
      return row && toRecord(row);
    },
    async getByPendingPostId(userId, pendingPostId) {
      if (pendingPostId === '') return undefined;
      // The `<> ''` repeats the partial index's condition: SQLite uses the index only then.
      const row = await db.selectFrom('posts').selectAll().where('user_id', '=', userId).where('pending_post_id', '=', pendingPostId).where('pending_post_id', '<>', '').executeTakeFirst();
      return row && toRecord(row);
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('posts').selectAll().where('id', 'in', [...ids]).where('delete_at', '=', 0).execute();
      return rows.map(toRecord);
    },
    async listForChannel(channelId, offset, limit) {
      const rows = await db
        .selectFrom('posts')
        .selectAll()
        .where('channel_id', '=', channelId)
        .where('delete_at', '=', 0)
        .orderBy('create_at', 'desc')
        .orderBy('id', 'desc')
        .offset(offset)
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },
    async listChangedSince(channelId, since, limit) {
      // The (channel_id, create_at) index narrows it to the channel's rows; update_at has none.
      const rows = await db
        .selectFrom('posts')
        .selectAll()
        .where('channel_id', '=', channelId)
        .where('update_at', '>', since)
        .where('delete_at', '=', 0)
        .orderBy('create_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toRecord);
    },
    async thread(rootId) {
      const rows = await db
        .selectFrom('posts')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', rootId), eb('root_id', '=', rootId)]))
        .where('delete_at', '=', 0)
        .orderBy('create_at', 'asc')
        .orderBy('id', 'asc')
        .execute();
      return rows.map(toRecord);
    },
    async recordReply(rootId, at) {
      await db
        .updateTable('posts')
        .set((eb) => ({ reply_count: eb('reply_count', '+', 1), last_reply_at: at }))
        .where('id', '=', rootId)
        .execute();
    },
  };
}
