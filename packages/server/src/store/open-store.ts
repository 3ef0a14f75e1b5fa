// Opens the Store: SQLite in the data dir by default, PostgreSQL when given a postgres:// URL.
// Migrations run before the Store is returned.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import type { Store } from './store.js';
import { kyselyStore, migrateToLatest } from './kysely-store.js';

export interface StoreOptions {
  /** Directory for the embedded SQLite file (herald.db). */
  dataDir: string;
  /** postgres://… to use PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** Max pooled PostgreSQL connections (default 10). */
  poolSize?: number;
}

export const SQLITE_FILE = 'herald.db';

const INT8_OID = 20;

function postgresDb(url: string, poolSize: number): Kysely<Database> {
  // Millisecond times and counters are bigint columns; read them as numbers (safe below 2^53).
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      oid === INT8_OID ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

function sqliteDb(dataDir: string): Kysely<Database> {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new BetterSqlite3(join(dataDir, SQLITE_FILE));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//.test(url);
}

export async function openStore(opts: StoreOptions): Promise<Store> {
  const url = opts.databaseUrl ?? '';
  if (url !== '' && !isPostgresUrl(url)) {
    throw new Error(`database URL must start with postgres:// or postgresql:// (got "${url.replace(/\/\/[^@]*@/, '//***@')}")`);
  }
  const usePg = isPostgresUrl(opts.databaseUrl);
  const db = usePg ? postgresDb(opts.databaseUrl!, opts.poolSize ?? 10) : sqliteDb(opts.dataDir);
  try {
    await migrateToLatest(db);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return kyselyStore(db, usePg ? 'postgres' : 'sqlite');
}
