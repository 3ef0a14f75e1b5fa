// The chat server's log: one pino logger (the `logger` passed around) writing Mattermost-style
// JSON lines ({"timestamp":"2016-04-21 03:16:44.123 Z","level":"debug","msg":…}) to two sinks
// with their own levels, both changeable at runtime from LogSettings (via ConfigSource.onChange):
//   - the console: stdout, or the stream of a logger handed in (tests, embedders); the handed-in
//     logger's level (or HERALD_LOG_LEVEL) is a floor the console never goes below;
//   - the file: DATA/herald.log, rotated to herald.log.1 past maxFileBytes; GET /logs reads its tail.
import { closeSync, fstatSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { ConfigSource, LogLevel, ServerConfig } from '../config/server-config.js';

export const LOG_FILE = 'herald.log';

const LEVEL_VALUES: Record<LogLevel, number> = { DEBUG: 20, INFO: 30, WARN: 40, ERROR: 50 };
const PINO_LABELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

export interface ServerLogOptions {
  dataDir: string;
  /** A logger whose destination becomes the console sink (its level is a floor). */
  console?: Logger | undefined;
  /** Floor for the console when no logger is handed in (e.g. HERALD_LOG_LEVEL). */
  consoleFloor?: string | undefined;
  maxFileBytes?: number;
}

export interface ServerLog {
  logger: Logger;
  filePath: string;
  /** Applies LogSettings now. */
  apply(settings: ServerConfig['LogSettings']): void;
  /** Applies the config's LogSettings now and on every change; returns the unsubscribe. */
  follow(config: ConfigSource): () => void;
  /** Mattermost's GET /logs: lines of the file log, page 0 being the newest `perPage`, oldest first. */
  tail(page: number, perPage: number): Promise<string[]>;
  close(): void;
}

function mmTimestamp(): string {
  // 2016-04-21T03:16:44.123Z -> 2016-04-21 03:16:44.123 Z
  const iso = new Date().toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)} Z`;
}

function levelValue(label: string | undefined): number | undefined {
  if (!label) return undefined;
  const v = pino.levels.values[label.toLowerCase()];
  return typeof v === 'number' ? v : label.toLowerCase() === 'silent' ? Infinity : undefined;
}

export function createServerLog(opts: ServerLogOptions): ServerLog {
  mkdirSync(opts.dataDir, { recursive: true });
  const filePath = join(opts.dataDir, LOG_FILE);
  const maxFileBytes = opts.maxFileBytes ?? 10 * 1024 * 1024;

  const external = opts.console;
  const consoleDest: DestinationStream = external
    ? ((external as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym] ?? pino.destination({ dest: 1, sync: true }))
    : pino.destination({ dest: 1, sync: true });
  const consoleFloor = () => (external ? external.levelVal : (levelValue(opts.consoleFloor) ?? 0));

  let fd: number | undefined;
  let fileSize = 0;
  let closed = false;
  const writeFile = (line: string) => {
    if (closed) return;
    try {
      const bytes = Buffer.byteLength(line);
      if (fd !== undefined && fileSize + bytes > maxFileBytes && fileSize > 0) {
        closeSync(fd);
        fd = undefined;
        renameSync(filePath, `${filePath}.1`);
      }
      if (fd === undefined) {
        fd = openSync(filePath, 'a', 0o600);
        fileSize = fstatSync(fd).size;
      }
      writeSync(fd, line);
      fileSize += bytes;
    } catch {
      // A full disk or a removed directory must not take the server down; the console still logs.
    }
  };

  const state = { console: 30, file: 30 };
  const sink = {
    [pino.symbols.needsMetadataGsym]: true as const,
    lastLevel: 0,
    write(line: string) {
      const level = this.lastLevel;
      if (level >= state.console) consoleDest.write(line);
      if (level >= state.file) writeFile(line);
    },
  };

  const logger = pino(
    {
      level: 'info',
      base: undefined,
      timestamp: () => `,"timestamp":"${mmTimestamp()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    sink,
  );

  const apply: ServerLog['apply'] = (s) => {
    const floor = consoleFloor();
    state.console = s.EnableConsole ? Math.max(LEVEL_VALUES[s.ConsoleLevel], floor) : Infinity;
    state.file = s.EnableFile ? LEVEL_VALUES[s.FileLevel] : Infinity;
    const min = Math.min(state.console, state.file);
    logger.level = Number.isFinite(min) ? (PINO_LABELS[min] ?? (min < 20 ? 'trace' : 'error')) : 'silent';
  };
  apply({ EnableConsole: true, ConsoleLevel: 'INFO', EnableFile: true, FileLevel: 'INFO' });

  return {
    logger,
    filePath,
    apply,
    follow(config) {
      const settings = (c: ServerConfig) => `${c.LogSettings.EnableConsole ? c.LogSettings.ConsoleLevel : 'off'}/${c.LogSettings.EnableFile ? c.LogSettings.FileLevel : 'off'}`;
      let last = settings(config.current());
      apply(config.current().LogSettings);
      return config.onChange((c) => {
        apply(c.LogSettings);
        const now = settings(c);
        if (now !== last) logger.info(`log levels changed: console/file ${last} -> ${now}`);
        last = now;
      });
    },
    tail: (page, perPage) => tailLines([filePath, `${filePath}.1`], page * perPage, perPage),
    close() {
      closed = true;
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

const CHUNK = 64 * 1024;
const MAX_LINE = 1024 * 1024;

/** The last `count` lines after skipping `skip` from the end, across files newest first; oldest first. */
export async function tailLines(files: readonly string[], skip: number, count: number): Promise<string[]> {
  const want = skip + count;
  const newestFirst: string[] = [];
  for (const f of files) {
    if (newestFirst.length >= want) break;
    let fh;
    try {
      fh = await open(f, 'r');
    } catch {
      continue;
    }
    try {
      let pos = (await fh.stat()).size;
      let carry = Buffer.alloc(0);
      while (pos > 0 && newestFirst.length < want) {
        const len = Math.min(CHUNK, pos);
        pos -= len;
        const buf = Buffer.alloc(len);
        await fh.read(buf, 0, len, pos);
        const data = carry.length ? Buffer.concat([buf, carry]) : buf;
        let end = data.length;
        for (let i = data.length - 1; i >= 0 && newestFirst.length < want; i--) {
          if (data[i] !== 0x0a) continue;
          if (i + 1 < end) newestFirst.push(data.subarray(i + 1, end).toString('utf8'));
          end = i;
        }
        // An overlong line is cut rather than buffered without bound.
        carry = end > MAX_LINE ? data.subarray(end - MAX_LINE, end) : data.subarray(0, end);
      }
      if (pos === 0 && carry.length > 0 && newestFirst.length < want) newestFirst.push(carry.toString('utf8'));
    } finally {
      await fh.close();
    }
  }
  return newestFirst.slice(skip, want).reverse();
}
