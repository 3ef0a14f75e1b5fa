// System Console > Notification log: recent pushes by ack id and their state (GET /notifications/log).
import { useEffect, useState } from 'preact/hooks';
import { api } from '../actions.js';

interface Row {
  ack_id: string;
  type: string;
  username: string;
  platform: string;
  device: string;
  state: string;
  attempts: number;
  last_error: string;
  created_at: number;
  sent_at: number;
  received_at: number;
}

export function NotificationLog() {
  const [rows, setRows] = useState<Row[]>();
  const [error, setError] = useState('');
  const load = () => api.get<Row[]>('/notifications/log?limit=100').then(setRows, (e: Error) => setError(e.message));
  useEffect(() => {
    void load();
  }, []);
  const time = (t: number) => (t ? new Date(t).toLocaleTimeString() : '');
  return (
    <div>
      <h2>Notification log</h2>
      <div class="row" style="margin:0 0 10px">
        <button onClick={() => void load()}>Reload</button>
      </div>
      {error && <div class="error">{error}</div>}
      {rows?.length === 0 && <p class="muted">No push notifications yet.</p>}
      {rows && rows.length > 0 && (
        <div style="overflow-x:auto">
          <table>
            <thead>
              <tr>
                <th>Ack id</th>
                <th>Type</th>
                <th>User</th>
                <th>Device</th>
                <th>State</th>
                <th>Created</th>
                <th>Sent</th>
                <th>Received</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.ack_id + r.created_at} data-ack={r.ack_id} data-state={r.state}>
                  <td>{r.ack_id}</td>
                  <td>{r.type}</td>
                  <td>@{r.username}</td>
                  <td>
                    {r.platform} {r.device}
                  </td>
                  <td title={r.last_error}>
                    {r.state}
                    {r.attempts > 1 ? ` (${r.attempts} tries)` : ''}
                  </td>
                  <td>{time(r.created_at)}</td>
                  <td>{time(r.sent_at)}</td>
                  <td>{time(r.received_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
