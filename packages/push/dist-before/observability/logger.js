// Logging per the push-proxy config: console and/or file, JSON or plain lines, via pino.
// Anything token- or key-shaped is redacted before it is written (see redact.ts for tokens).
import { pino } from 'pino';
const LEVEL_NAMES = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'CRIT' };
/** A plain-text line per record, like the anchor's "2025/01/01 10:00:00 INFO message key=value". */
function plainStream(out) {
    return {
        write(line) {
            let rec;
            try {
                rec = JSON.parse(line);
            }
            catch {
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
export function createLogger(config, opts = {}) {
    const streams = [];
    const level = (opts.level ?? process.env.HERALD_LOG_LEVEL ?? 'info');
    const wrap = (s) => (config.LogFormat === 'json' ? s : plainStream(s));
    if (opts.stream)
        streams.push({ stream: wrap(opts.stream), level });
    if (config.EnableConsoleLog && !opts.stream)
        streams.push({ stream: wrap(pino.destination({ fd: 1, sync: false })), level });
    if (config.EnableFileLog) {
        const file = config.LogFileLocation || 'push_proxy.log';
        streams.push({ stream: wrap(pino.destination({ dest: file, mkdir: true, sync: false })), level });
    }
    return pino({
        level,
        base: undefined,
        redact: { paths: ['device_id', 'token', 'authorization', '*.authorization', 'password', '*.password'], censor: '[redacted]' },
    }, streams.length ? pino.multistream(streams) : pino.destination('/dev/null'));
}
//# sourceMappingURL=logger.js.map