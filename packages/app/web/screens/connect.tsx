// Connect screen: the server URL, checked before the login screen.
import { useState } from 'preact/hooks';
import { setServer, savedSession } from '../actions.js';
import { checkServer, CONNECT_ERROR, type CheckResult } from '../server-check.js';
import { navigate } from '../state.js';

export function Connect() {
  const [url, setUrl] = useState(savedSession()?.serverUrl ?? location.origin);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Extract<CheckResult, { ok: false }>>();

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setFailure(undefined);
    const r = await checkServer(url);
    setBusy(false);
    if (!r.ok) return setFailure(r);
    setServer(r.url);
    navigate('/login');
  }

  return (
    <form class="card" onSubmit={submit}>
      <h1>Connect to a server</h1>
      <label for="server-url">Server URL</label>
      <input id="server-url" name="server-url" type="text" inputMode="url" autoCapitalize="none" spellcheck={false} autoComplete="url" value={url} onInput={(e) => setUrl(e.currentTarget.value)} required />
      {failure && (
        <div class="error" role="alert" data-cause={failure.cause}>
          <div>{CONNECT_ERROR}</div>
          <div class="cause">{failure.detail}</div>
        </div>
      )}
      <div class="row">
        <button type="submit" disabled={busy}>
          {busy ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  );
}
