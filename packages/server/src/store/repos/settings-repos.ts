// Small key-value style repositories: preferences, server config, license, systems.
import type { Kysely } from 'kysely';
import type { Database } from '../schema.js';
import type { ConfigRepo, LicenseRepo, PreferencesRepo, SystemsRepo } from '../store.js';

export function preferencesRepo(db: Kysely<Database>): PreferencesRepo {
  return {
    async list(userId) {
      return db.selectFrom('preferences').selectAll().where('user_id', '=', userId).orderBy('category').orderBy('name').execute();
    },
    async save(prefs) {
      for (const p of prefs) {
        await db
          .insertInto('preferences')
          .values(p)
          .onConflict((oc) => oc.columns(['user_id', 'category', 'name']).doUpdateSet({ value: p.value }))
          .execute();
      }
    },
  };
}

export function configRepo(db: Kysely<Database>): ConfigRepo {
  const decode = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  return {
    async get(key) {
      const row = await db.selectFrom('config').select('value').where('key', '=', key).executeTakeFirst();
      return row ? decode(row.value) : undefined;
    },
    async set(key, value) {
      const text = JSON.stringify(value ?? null);
      await db
        .insertInto('config')
        .values({ key, value: text })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: text }))
        .execute();
    },
    async all() {
      const rows = await db.selectFrom('config').selectAll().orderBy('key').execute();
      return Object.fromEntries(rows.map((r) => [r.key, decode(r.value)]));
    },
  };
}

const CURRENT = 'current';

export function licenseRepo(db: Kysely<Database>): LicenseRepo {
  return {
    async get() {
      const row = await db.selectFrom('licenses').select(['raw', 'uploaded_at']).where('id', '=', CURRENT).executeTakeFirst();
      return row;
    },
    async set(license) {
      await db
        .insertInto('licenses')
        .values({ id: CURRENT, ...license })
        .onConflict((oc) => oc.column('id').doUpdateSet({ raw: license.raw, uploaded_at: license.uploaded_at }))
        .execute();
    },
    async clear() {
      await db.deleteFrom('licenses').where('id', '=', CURRENT).execute();
    },
  };
}

export function systemsRepo(db: Kysely<Database>): SystemsRepo {
  const get = async (name: string) => (await db.selectFrom('systems').select('value').where('name', '=', name).executeTakeFirst())?.value;
  return {
    get,
    async getOrCreate(name, value) {
      // Two nodes starting together: one insert wins, both read the winner's value.
      await db.insertInto('systems').values({ name, value }).onConflict((oc) => oc.column('name').doNothing()).execute();
      const stored = await get(name);
      if (stored === undefined) throw new Error(`systems row ${name} vanished right after it was written`);
      return stored;
    },
  };
}
