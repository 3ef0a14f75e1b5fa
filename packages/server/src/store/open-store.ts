// Opens the Store: SQLite in the data dir by default, PostgreSQL when given a postgres:// URL.
// Migrations run before the Store is returned.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
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

function sqliteDb(dataDir: string): { db: Kysely<Database>; stopCheckpointer: () => Promise<void> } {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, SQLITE_FILE);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const stopCheckpointer = checkpointInWorker(sqlite, file);
  return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }), stopCheckpointer };
}

/**
 * WAL checkpoints copy pages into the database file and sync both files: on the connection that
 * commits, that stalls the event loop for milliseconds (tens on a busy disk) several times a
 * second under load. A worker thread checkpoints on its own connection instead; should it fail,
 * the main connection checkpoints automatically again.
 */
function checkpointInWorker(sqlite: BetterSqlite3.Database, file: string, intervalMs = 200): () => Promise<void> {
  const worker = new Worker(new URL('./sqlite-checkpointer.js', import.meta.url), { workerData: { file, intervalMs } });
  worker.unref();
  sqlite.pragma('wal_autocheckpoint = 0');
  let stopping = false;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const fallback = () => {
    if (!stopping && sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  };
  worker.once('error', fallback);
  worker.once('exit', fallback);
  return async () => {
    stopping = true;
    worker.ref(); // keep the process alive until it has closed its connection
    worker.postMessage('close');
    await exited;
  };
}

/**
 * Kysely's SQLite driver prepares every query anew, which costs as much CPU as running it; the
 * same few hundred SQL texts recur, so their prepared statements are kept (bounded, oldest out).
 * Safe because the driver runs each statement to completion (`all`/`run`, no streaming) on one
 * connection, and SQLite re-prepares a statement itself after a schema change.
 */
function withStatementCache(sqlite: BetterSqlite3.Database, max = 500) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (stmt) {
        cache.delete(sql);
      } else {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, stmt);
      return stmt;
    },
    close() {
      cache.clear();
      sqlite.close();
    },
  };
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
  const { db, stopCheckpointer } = usePg ? { db: postgresDb(opts.databaseUrl!, opts.poolSize ?? 10), stopCheckpointer: undefined } : sqliteDb(opts.dataDir);
  try {
    await migrateToLatest(db);
  } catch (e) {
    await stopCheckpointer?.();
    await db.destroy();
    throw e;
  }
  const store = kyselyStore(db, usePg ? 'postgres' : 'sqlite');
  if (stopCheckpointer) {
    const close = store.close;
    store.close = async () => {
      await stopCheckpointer();
      await close();
    };
  }
  return store;
}
