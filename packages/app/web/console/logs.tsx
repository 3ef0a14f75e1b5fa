// System Console > Logs: the tail of the server log file, Reload to refresh.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../actions.js';

const SHORT: Record<string, string> = { debug: 'DEBG', info: 'INFO', warn: 'WARN', error: 'EROR', fatal: 'CRIT', trace: 'TRCE' };

/** `[2016/04/21 03:16:44 UTC] [DEBG] msg` from one JSON log line, as the seed shows them. */
export function formatLine(line: string): string {
  try {
    const j = JSON.parse(line) as { timestamp?: string; time?: number; level?: string; msg?: string; [k: string]: unknown };
    const t = j.timestamp ?? (j.time ? new Date(j.time).toISOString() : '');
    const extra = Object.entries(j)
      .filter(([k]) => !['timestamp', 'time', 'level', 'msg', 'pid', 'hostname'].includes(k))
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `[${t}] [${SHORT[String(j.level)] ?? String(j.level ?? '').toUpperCase()}] ${j.msg ?? ''}${extra ? ` ${extra}` : ''}`;
  } catch {
    return line;
  }
}

export function Logs() {
  const [lines, setLines] = useState<string[]>();
  const [error, setError] = useState('');
  const ref = useRef<HTMLPreElement>(null);
  async function reload() {
    setError('');
    try {
      setLines(await api.get<string[]>('/logs?page=0&logs_per_page=500'));
    } catch (e) {
      setError((e as Error).message);
    }
  }
  useEffect(() => {
    void reload();
  }, []);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [lines]);
  return (
    <div>
      <h2>Server Logs</h2>
      <div class="row" style="margin:0 0 10px">
        <button onClick={() => void reload()}>Reload</button>
      </div>
      {error && <div class="error">{error}</div>}
      <pre class="logs" ref={ref}>
        {(lines ?? []).map(formatLine).join('\n')}
      </pre>
    </div>
  );
}
