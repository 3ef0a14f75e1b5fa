// Runs a suite on SQLite and on PostgreSQL. The PostgreSQL cluster is started once per test file
// (lazily, on first use) and stopped after the file; HERALD_TEST_POSTGRES_URL=postgres://… points
// the tests at an existing server instead (each test still gets its own database).
import { after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import pg from 'pg';
import { startPostgresCluster, type PostgresCluster } from './postgres-cluster.js';
import { createChatServer, type ChatServer, type ChatServerOptions } from '../chat-server.js';

export type TestEngine = 'sqlite' | 'postgres';
export const ENGINES: readonly TestEngine[] = ['sqlite', 'postgres'];

let cluster: Promise<PostgresCluster> | undefined;
let registered = false;

/** Call at the top level of a test file that uses PostgreSQL, so the cluster stops after it. */
export function usePostgres(): void {
  if (registered) return;
  registered = true;
  after(async () => {
    if (cluster) (await cluster).stop();
  });
}

async function externalDatabase(adminUrl: string): Promise<string> {
  const name = `herald_test_${process.pid}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty PostgreSQL database URL. */
export async function freshPostgresUrl(): Promise<string> {
  const external = process.env.HERALD_TEST_POSTGRES_URL;
  if (external) return externalDatabase(external);
  if (!registered) throw new Error('call usePostgres() at the top level of the test file first');
  cluster ??= startPostgresCluster();
  return (await cluster).createDatabase();
}

export function tempDir(prefix = 'herald-server-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestServer extends ChatServer {
  engine: TestEngine;
}

/** A chat server on a free loopback port over an empty database of the given engine. */
export async function startTestServer(engine: TestEngine, extra: Partial<ChatServerOptions> = {}): Promise<TestServer> {
  const dir = tempDir();
  const databaseUrl = engine === 'postgres' ? await freshPostgresUrl() : undefined;
  const server = await createChatServer({
    dataDir: dir.path,
    databaseUrl,
    port: 0,
    host: '127.0.0.1',
    logger: pino({ level: process.env.HERALD_TEST_LOG_LEVEL ?? 'silent' }),
    passwordCost: { log2N: 10, r: 8, p: 1 },
    ...extra,
  });
  const close = server.close;
  return Object.assign(server, {
    engine,
    close: async () => {
      await close();
      dir.remove();
    },
  });
}

/** Runs fn against a fresh server and always closes it. */
export async function withServer<T>(engine: TestEngine, fn: (s: TestServer) => Promise<T>, extra: Partial<ChatServerOptions> = {}): Promise<T> {
  const s = await startTestServer(engine, extra);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
