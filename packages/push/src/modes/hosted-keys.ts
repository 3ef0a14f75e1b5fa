// Hosted mode (HPNS): the server keys file. Each chat server gets a key bound to its server_id,
// issued by `herald push keys create`; only the key's SHA-256 is stored (keys are 256 random
// bits, so a fast hash is as good as a slow one and costs nothing per request). The file is JSON,
// owner-only, written atomically (temporary file + rename) so a running service never reads half
// of it; the service re-reads it when it changes (checked every second) and on SIGHUP.
import { createHash, randomBytes } from 'node:crypto';
import { watchFile, unwatchFile } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { HeraldConfig } from '../config/schema.js';

export interface HostedKeyRecord {
  /** Public id of the key (for list/revoke and logs), e.g. "k_3f9a1c2b7d4e". */
  id: string;
  server_id: string;
  /** "sha256:<hex>" of the key. */
  hash: string;
  /** Requests per second for this server; null = the config's HostedQuotaPerSec. */
  quota_per_sec: number | null;
  created_at: string;
  revoked_at?: string;
}

interface KeysFile {
  version: 1;
  keys: HostedKeyRecord[];
}

export const DEFAULT_KEYS_FILE = 'hosted-keys.json';
export const KEY_PREFIX = 'hpk_';

/** Where the keys live: HostedKeysFile, else hosted-keys.json next to the config file. */
export function hostedKeysPath(config: Pick<HeraldConfig, 'HostedKeysFile'>, configPath?: string): string {
  if (config.HostedKeysFile) return config.HostedKeysFile;
  if (!configPath) throw new Error('HostedKeysFile: must be set when the config does not come from a file');
  return join(dirname(configPath), DEFAULT_KEYS_FILE);
}

export function hashKey(key: string): string {
  return `sha256:${createHash('sha256').update(key, 'utf8').digest('hex')}`;
}

/** Parses "N" or "N/s" (a positive integer); undefined for undefined. */
export function parseQuota(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const m = /^\s*(\d{1,7})\s*(?:\/\s*s(?:ec)?)?\s*$/i.exec(text);
  if (!m || Number(m[1]) < 1) throw new Error(`--quota: expected requests per second such as 50/s, got "${text}"`);
  return Number(m[1]);
}

export async function readKeys(path: string): Promise<HostedKeyRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`hosted keys file ${path}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`hosted keys file ${path}: not valid JSON (${(e as Error).message})`);
  }
  const keys = (parsed as Partial<KeysFile>)?.keys;
  if (!Array.isArray(keys)) throw new Error(`hosted keys file ${path}: expected {"version":1,"keys":[…]}`);
  return keys.filter(
    (k): k is HostedKeyRecord =>
      typeof k === 'object' && k !== null && typeof k.id === 'string' && typeof k.server_id === 'string' && typeof k.hash === 'string' && k.hash.startsWith('sha256:'),
  );
}

async function writeKeys(path: string, keys: HostedKeyRecord[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, `${JSON.stringify({ version: 1, keys } satisfies KeysFile, null, 2)}\n`, { mode: 0o600 });
  await rename(tmp, path);
}

/** Issues a key for `serverId`; the key itself is returned once and never stored. */
export async function createKey(path: string, opts: { serverId: string; quotaPerSec?: number; now?: Date }): Promise<{ record: HostedKeyRecord; key: string }> {
  const serverId = opts.serverId.trim();
  if (!serverId || serverId.length > 128 || /[\s\x00-\x1f]/.test(serverId)) throw new Error(`--server-id: expected the chat server's server_id (1-128 characters, no spaces), got ${JSON.stringify(opts.serverId)}`);
  const keys = await readKeys(path);
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  const record: HostedKeyRecord = {
    id: `k_${randomBytes(6).toString('hex')}`,
    server_id: serverId,
    hash: hashKey(key),
    quota_per_sec: opts.quotaPerSec ?? null,
    created_at: (opts.now ?? new Date()).toISOString(),
  };
  keys.push(record);
  await writeKeys(path, keys);
  return { record, key };
}

/** Marks a key revoked (kept in the file for the record); undefined when no key has that id. */
export async function revokeKey(path: string, id: string, now = new Date()): Promise<HostedKeyRecord | undefined> {
  const keys = await readKeys(path);
  const found = keys.find((k) => k.id === id);
  if (!found) return undefined;
  found.revoked_at ??= now.toISOString();
  await writeKeys(path, keys);
  return found;
}

export type KeyLookup = { found: true; record: HostedKeyRecord } | { found: false; reason: 'unknown key' | 'revoked key' };

/** The service's in-memory view of the keys file, by hash. */
export class HostedKeyring {
  private byHash = new Map<string, HostedKeyRecord>();
  private listener: (() => void) | undefined;

  private constructor(
    readonly path: string,
    private readonly onReloadError: (e: Error) => void,
  ) {}

  static async open(path: string, onReloadError: (e: Error) => void = () => {}): Promise<HostedKeyring> {
    const ring = new HostedKeyring(path, onReloadError);
    await ring.reload();
    return ring;
  }

  async reload(): Promise<void> {
    const keys = await readKeys(this.path);
    this.byHash = new Map(keys.map((k) => [k.hash, k]));
  }

  recordById(id: string): HostedKeyRecord | undefined {
    for (const k of this.byHash.values()) if (k.id === id) return k;
    return undefined;
  }

  get size(): number {
    let n = 0;
    for (const k of this.byHash.values()) if (!k.revoked_at) n++;
    return n;
  }

  lookup(key: string): KeyLookup {
    const record = this.byHash.get(hashKey(key));
    if (!record) return { found: false, reason: 'unknown key' };
    if (record.revoked_at) return { found: false, reason: 'revoked key' };
    return { found: true, record };
  }

  /** Re-reads the file whenever it changes (a key created or revoked by the CLI). */
  watch(intervalMs = 1000): void {
    if (this.listener) return;
    this.listener = () => {
      this.reload().catch((e: Error) => this.onReloadError(e));
    };
    watchFile(this.path, { interval: intervalMs, persistent: false }, this.listener);
  }

  close(): void {
    if (this.listener) unwatchFile(this.path, this.listener);
    this.listener = undefined;
  }
}
