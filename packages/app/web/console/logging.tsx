// System Console > General > Logging: File Log Level and Console Log Level.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../actions.js';

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
interface LogSettings {
  ConsoleLevel: string;
  FileLevel: string;
}

export function Logging() {
  const [s, setS] = useState<LogSettings>();
  const [msg, setMsg] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    api.get<{ LogSettings: LogSettings }>('/config').then((c) => setS(c.LogSettings), (e: Error) => setError(e.message));
  }, []);
  async function save(e: Event) {
    e.preventDefault();
    setMsg('');
    setError('');
    try {
      const c = await api.put<{ LogSettings: LogSettings }>('/config/patch', { LogSettings: { FileLevel: s!.FileLevel, ConsoleLevel: s!.ConsoleLevel } });
      setS(c.LogSettings);
      setMsg('Configuration saved.');
    } catch (err) {
      setError((err as Error).message);
    }
  }
  if (!s) return <p class="muted">{error || 'Loading…'}</p>;
  const select = (id: string, label: string, key: keyof LogSettings) => (
    <>
      <label for={id}>{label}</label>
      <select id={id} name={id} value={s[key]} onChange={(e) => setS({ ...s, [key]: e.currentTarget.value })}>
        {LEVELS.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <form onSubmit={save}>
      <h2>Logging</h2>
      {select('console-level', 'Console Log Level', 'ConsoleLevel')}
      {select('file-level', 'File Log Level', 'FileLevel')}
      <p class="muted">DEBUG logs one line per push notification; switch back to ERROR after troubleshooting to save disk space.</p>
      <div class="row">
        <button type="submit">Save</button>
      </div>
      {msg && (
        <div class="ok" role="status">
          {msg}
        </div>
      )}
      {error && <div class="error">{error}</div>}
    </form>
  );
}
