// Logging per the push-proxy config: console and/or file, JSON or plain lines, via pino.
// Anything token- or key-shaped is redacted before it is written (see redact.ts for tokens).
import { pino, type Logger, type DestinationStream } from 'pino';
import type { HeraldConfig } from '../config/schema.js';

export type { Logger };

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'CRIT' };

/** A plain-text line per record, like the anchor's "2025/01/01 10:00:00 INFO message key=value". */
function plainStream(out: DestinationStream): DestinationStream {
  return {
    write(line: string) {
      let rec: Record<string, unknown>;
      try {
        rec = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out.write(line);
        return;
      }
      const { level, time, msg, pid: _pid, hostname: _host, ...rest } = rec;
      const extras = Object.entries(rest)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      const ts = new Date(Number(time)).toISOString();
      out.write(`${ts} ${LEVEL_NAMES[Number(level)] ?? level} ${String(msg ?? '')}${extras ? ' ' + extras : ''}\n`);
    },
  };
}

export interface LoggerOptions {
  level?: string;
  /** Extra destination (tests capture lines here). */
  stream?: DestinationStream;
}

export function createLogger(
  config: Pick<HeraldConfig, 'EnableConsoleLog' | 'EnableFileLog' | 'LogFileLocation' | 'LogFormat'> & { LogLevel?: HeraldConfig['LogLevel'] },
  opts: LoggerOptions = {},
): Logger {
  const streams: { stream: DestinationStream; level: pino.Level }[] = [];
  const configured = config.LogLevel === 'panic' ? 'fatal' : config.LogLevel;
  const level = (opts.level ?? process.env.HERALD_LOG_LEVEL ?? configured ?? 'info') as pino.Level;
  const wrap = (s: DestinationStream) => (config.LogFormat === 'json' ? s : plainStream(s));
  if (opts.stream) streams.push({ stream: wrap(opts.stream), level });
  if (config.EnableConsoleLog && !opts.stream) streams.push({ stream: wrap(pino.destination({ fd: 1, sync: false })), level });
  if (config.EnableFileLog) {
    const file = config.LogFileLocation || 'push_proxy.log';
    streams.push({ stream: wrap(pino.destination({ dest: file, mkdir: true, sync: false })), level });
  }
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['device_id', 'token', 'authorization', '*.authorization', 'password', '*.password'], censor: '[redacted]' },
    },
    streams.length ? pino.multistream(streams) : pino.destination('/dev/null'),
  );
}
