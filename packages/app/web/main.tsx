// Entry point: routes by path, registers the service worker, restores a saved session.
import { render } from 'preact';
import { useEffect } from 'preact/hooks';
import { savedSession, setServer, start } from './actions.js';
import { registerServiceWorker } from './push.js';
import { navigate, update, useAppState } from './state.js';
import { Connect } from './screens/connect.js';
import { Login } from './screens/login.js';
import { TeamView } from './screens/team.js';
import { Settings } from './screens/settings.js';
import { Console } from './console/console.js';

function App() {
  const s = useAppState();
  useEffect(() => {
    const saved = savedSession();
    if (!saved) {
      if (!s.path.startsWith('/connect')) navigate('/connect', true);
      return;
    }
    if (!saved.token) {
      setServer(saved.serverUrl);
      if (s.path !== '/login' && !s.path.startsWith('/connect')) navigate('/login', true);
      return;
    }
    const boot = () =>
      start().then(
        () => update({ startError: '' }),
        (e: Error & { status?: number }) => {
          if (e.status === 401) return navigate('/login', true);
          update({ startError: navigator.onLine ? `Cannot reach the server: ${e.message}` : "You're offline. Herald reconnects when the network is back." });
          addEventListener('online', () => void boot(), { once: true });
        },
      );
    void boot();
  }, []);

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

void registerServiceWorker();
navigator.serviceWorker?.addEventListener('message', (e: MessageEvent<{ type?: string; url?: string }>) => {
  if (e.data?.type === 'open' && e.data.url) navigate(e.data.url);
});
render(<App />, document.getElementById('app')!);
