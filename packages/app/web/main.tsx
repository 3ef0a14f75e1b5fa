// Entry point: routes by path, registers the service worker, restores a saved session.
import { render } from 'preact';
import { forgetSession, savedSession, setServer, start } from './actions.js';
import { registerServiceWorker } from './push.js';
import { navigate, update, useAppState } from './state.js';
import { Connect } from './screens/connect.js';
import { Login } from './screens/login.js';
import { TeamView } from './screens/team.js';
import { Settings } from './screens/settings.js';
import { Console } from './console/console.js';

/**
 * Routes a start: no server yet → connect; no session → login; else start() loads the team. Runs
 * as soon as the module does (not after the first render), so the first requests leave at once.
 */
function boot(): void {
  const saved = savedSession();
  const path = location.pathname;
  if (!saved) {
    if (!path.startsWith('/connect')) navigate('/connect', true);
    return;
  }
  if (!saved.token) {
    setServer(saved.serverUrl);
    if (path !== '/login' && !path.startsWith('/connect')) navigate('/login', true);
    return;
  }
  start().then(
    () => update({ startError: '' }),
    (e: Error & { status?: number }) => {
      // The server ended the session: forget it, so the next start does not try it again.
      if (e.status === 401) return void forgetSession();
      update({ startError: navigator.onLine ? `Cannot reach the server: ${e.message}` : "You're offline. Herald reconnects when the network is back." });
      addEventListener('online', () => boot(), { once: true });
    },
  );
}

function App() {
  const s = useAppState();
  if (s.path.startsWith('/connect')) return <Connect />;
  if (s.path === '/login') return <Login />;
  if (!s.me)
    return (
      <div class="splash">
        <div>
          <div>Herald</div>
          {s.startError ? <p class="start-error" role="status">{s.startError}</p> : s.loading && <p>Loading…</p>}
        </div>
      </div>
    );
  if (s.path.startsWith('/settings')) return <Settings />;
  if (s.path.startsWith('/console')) return <Console />;
  return <TeamView />;
}

boot();
// After the first screen's work: registering checks /sw.js for an update over the network.
addEventListener('load', () => setTimeout(() => void registerServiceWorker(), 1000), { once: true });
navigator.serviceWorker?.addEventListener('message', (e: MessageEvent<{ type?: string; url?: string }>) => {
  if (e.data?.type === 'open' && e.data.url) navigate(e.data.url);
});
render(<App />, document.getElementById('app')!);
