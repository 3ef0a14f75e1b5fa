// Login screen.
import { useState } from 'preact/hooks';
import { login } from '../actions.js';
import { navigate, useAppState } from '../state.js';

export function Login() {
  const s = useAppState();
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await login(loginId.trim(), password);
      navigate('/', true);
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="card" onSubmit={submit}>
      <h1>Log in</h1>
      <p class="muted">
        {s.serverUrl}{' '}
        <button type="button" class="link" onClick={() => navigate('/connect')}>
          Change server
        </button>
      </p>
      <label for="login-id">Email or username</label>
      <input id="login-id" name="login-id" autoComplete="username" value={loginId} onInput={(e) => setLoginId(e.currentTarget.value)} required />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} required />
      {error && (
        <div class="error" role="alert">
          {error}
        </div>
      )}
      <div class="row">
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </div>
    </form>
  );
}
