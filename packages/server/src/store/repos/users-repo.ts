import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from '../schema.js';
import type { NotifyProps, Props, UserRecord, UsersRepo } from '../store.js';
import { num, parseObject, toJson } from '../json-columns.js';

function toRecord(row: Selectable<UsersTable>): UserRecord {
  return { ...row, notify_props: parseObject<NotifyProps>(row.notify_props), props: parseObject<Props>(row.props) };
}

function toRow(patch: Partial<UserRecord>): Partial<UsersTable> {
  const { notify_props, props, ...rest } = patch;
  return { ...rest, ...(notify_props ? { notify_props: toJson(notify_props) } : {}), ...(props ? { props: toJson(props) } : {}) };
}

export function usersRepo(db: Kysely<Database>): UsersRepo {
  return {
    async create(user) {
      await db.insertInto('users').values(toRow(user) as UsersTable).execute();
    },
    async get(id) {
      const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('users').selectAll().where('id', 'in', [...ids]).execute();
      return rows.map(toRecord);
    },
    async getByUsername(username) {
      const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
      return row && toRecord(row);
    },
    async getByUsernames(usernames) {
      if (usernames.length === 0) return [];
      const rows = await db.selectFrom('users').selectAll().where('username', 'in', [...usernames]).execute();
      return rows.map(toRecord);
    },
    async getByEmail(email) {
      const row = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
      return row && toRecord(row);
    },
    async update(id, patch) {
      const row = toRow(patch);
      if (Object.keys(row).length === 0) return;
      await db.updateTable('users').set(row).where('id', '=', id).execute();
    },
    async count() {
      const r = await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return num(r.n);
    },
  };
}
