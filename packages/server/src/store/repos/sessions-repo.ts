import type { Kysely, Selectable } from 'kysely';
import type { Database, SessionsTable } from '../schema.js';
import type { Props, SessionRecord, SessionsRepo } from '../store.js';
import { parseObject, toJson } from '../json-columns.js';

function toRecord(row: Selectable<SessionsTable>): SessionRecord {
  return { ...row, props: parseObject<Props>(row.props) };
}

export function sessionsRepo(db: Kysely<Database>): SessionsRepo {
  return {
    async create(s) {
      await db.insertInto('sessions').values({ ...s, props: toJson(s.props) }).execute();
    },
    async get(id) {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async getByTokenHash(tokenHash) {
      const row = await db.selectFrom('sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
      return row && toRecord(row);
    },
    async listForUser(userId) {
      const rows = await db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('create_at', 'desc').execute();
      return rows.map(toRecord);
    },
    async listWithDevice(userId, now) {
      const rows = await db
        .selectFrom('sessions')
        .selectAll()
        .where('user_id', '=', userId)
        .where('device_id', '!=', '')
        .where('expires_at', '>', now)
        .execute();
      return rows.map(toRecord);
    },
    async update(id, patch) {
      const { props, ...rest } = patch;
      const row = { ...rest, ...(props ? { props: toJson(props) } : {}) };
      if (Object.keys(row).length === 0) return;
      await db.updateTable('sessions').set(row).where('id', '=', id).execute();
    },
    async idsWithDevice(deviceId, exceptSessionId) {
      const rows = await db.selectFrom('sessions').select('id').where('device_id', '=', deviceId).where('id', '!=', exceptSessionId).execute();
      return rows.map((r) => r.id);
    },
    async delete(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteForUser(userId) {
      const rows = await db.deleteFrom('sessions').where('user_id', '=', userId).returning('id').execute();
      return rows.map((r) => r.id);
    },
  };
}
