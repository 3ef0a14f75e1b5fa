// System Console (system admins): Mobile Push, Logging, Logs, License, Notification log.
import type { ComponentType } from 'preact';
import { isAdmin } from '../api.js';
import { navigate, useAppState } from '../state.js';
import { MobilePush } from './mobile-push.js';
import { Logging } from './logging.js';
import { Logs } from './logs.js';
import { LicensePage } from './license.js';
import { NotificationLog } from './notification-log.js';

const PAGES: { path: string; label: string; Page: ComponentType }[] = [
  { path: '/console/push', label: 'Mobile Push', Page: MobilePush },
  { path: '/console/logging', label: 'Logging', Page: Logging },
  { path: '/console/logs', label: 'Logs', Page: Logs },
  { path: '/console/license', label: 'License', Page: LicensePage },
  { path: '/console/notification-log', label: 'Notification log', Page: NotificationLog },
];

export function Console() {
  const s = useAppState();
  const page = PAGES.find((p) => s.path === p.path) ?? PAGES[0]!;
  return (
    <div class="main console">
      <div class="header">
        <button class="ghost" aria-label="Back" onClick={() => navigate('/')}>
          ‹
        </button>
        <span class="title">System Console</span>
      </div>
      {!isAdmin(s.me) ? (
        <section>
          <div class="error">You do not have permission to view the System Console.</div>
        </section>
      ) : (
        <>
          <nav>
            {PAGES.map((p) => (
              <a
                key={p.path}
                href={p.path}
                class={p === page ? 'active' : ''}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(p.path);
                }}
              >
                {p.label}
              </a>
            ))}
          </nav>
          <section>
            <page.Page />
          </section>
        </>
      )}
    </div>
  );
}
