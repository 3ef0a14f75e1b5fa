// Account Settings > Notifications: Mobile push notifications (notify_props.push), this
// browser's push status, and "Send a test notification".
import { useState } from 'preact/hooks';
import type { User } from '../api.js';
import { api, refreshPush } from '../actions.js';
import { navigate, update, useAppState } from '../state.js';

const PUSH_OPTIONS = [
  { value: 'all', label: 'For all activity' },
  { value: 'mention', label: 'For mentions and direct messages' },
  { value: 'none', label: 'Never' },
] as const;

const PUSH_STATUS: Record<string, string> = {
  on: 'Push notifications are on for this browser.',
  ask: 'Allow notifications to get pushes in this browser.',
  denied: 'Notifications are blocked for this site.',
  unsupported: 'This browser does not support push notifications.',
  off: 'Push notifications are not available on this server.',
  error: 'Push notifications could not be set up.',
};

export function Settings() {
  const s = useAppState();
  const current = s.me?.notify_props.push || 'mention';
  const [push, setPush] = useState(current);
  const [saved, setSaved] = useState('');
  const [error, setError] = useState('');
  const [test, setTest] = useState('');

  async function save(e: Event) {
    e.preventDefault();
    setError('');
    setSaved('');
    try {
      const me = await api.put<User>('/users/me/patch', { notify_props: { ...s.me!.notify_props, push } });
      update({ me, users: { ...s.users, [me.id]: me } });
      setSaved('Settings saved.');
    } catch (err) {
      setError((err as Error).message);
    }
  }

  async function sendTest() {
    setTest('');
    try {
      await api.post('/notifications/test');
      setTest('Test notification sent.');
    } catch (err) {
      setTest(`Could not send: ${(err as Error).message}`);
    }
  }

  return (
    <div class="main">
      <div class="header">
        <button class="ghost" aria-label="Back" onClick={() => navigate('/')}>
          ‹
        </button>
        <span class="title">Account Settings</span>
      </div>
      <form class="card" onSubmit={save}>
        <h1>Notifications</h1>
        <fieldset style="border:none;padding:0">
          <legend>
            <b>Mobile push notifications</b>
          </legend>
          {PUSH_OPTIONS.map((o) => (
            <label class="opt" key={o.value}>
              <input type="radio" name="push" value={o.value} checked={push === o.value} onChange={() => setPush(o.value)} />
              {o.label}
            </label>
          ))}
        </fieldset>
        <div class="row">
          <button type="submit">Save</button>
        </div>
        {saved && (
          <div class="ok" role="status">
            {saved}
          </div>
        )}
        {error && <div class="error">{error}</div>}
        <h2 style="font-size:16px;margin-top:24px">This browser</h2>
        <p class="muted" data-push={s.push}>
          {PUSH_STATUS[s.push] ?? 'Checking push notifications…'} {s.pushDetail}
        </p>
        <div class="row">
          {s.push !== 'on' && (
            <button type="button" class="ghost" onClick={() => void refreshPush(true)}>
              Enable push notifications
            </button>
          )}
          <button type="button" class="ghost" onClick={() => void sendTest()}>
            Send a test notification
          </button>
        </div>
        {test && (
          <p class="muted" role="status">
            {test}
          </p>
        )}
      </form>
    </div>
  );
}
