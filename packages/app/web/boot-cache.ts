// What the app remembers between starts (localStorage), so that a start asks for everything at
// once instead of waiting for one answer before asking the next: the team and the channel `/`
// opens (its posts are asked for together with who-am-I), and the profiles of the people seen
// (posts show their authors without another round trip; the cached profiles are refreshed in the
// background and by user_updated events). Only ids and public profile fields; cleared at logout.
import type { User } from './api.js';
import { BOOT_STORAGE_KEY as BOOT, type Boot } from './first-requests.js';

const USERS = 'herald.users';
const MAX_USERS = 500;

function read<T>(key: string): T | undefined {
  try {
    return (JSON.parse(localStorage.getItem(key) ?? 'null') as T | null) ?? undefined;
  } catch {
    return undefined;
  }
}

export function readBoot(serverUrl: string): Boot | undefined {
  const b = read<Boot>(BOOT);
  return b && b.serverUrl === serverUrl ? b : undefined;
}

export function saveBoot(b: Boot): void {
  localStorage.setItem(BOOT, JSON.stringify(b));
}

export function cachedUsers(serverUrl: string): Record<string, User> {
  const c = read<{ serverUrl: string; users: User[] }>(USERS);
  if (!c || c.serverUrl !== serverUrl || !Array.isArray(c.users)) return {};
  return Object.fromEntries(c.users.map((u) => [u.id, u]));
}

/** Keeps up to 500 profiles (a few ms: it runs when profiles arrived, a few times a session). */
export function saveUsers(serverUrl: string, users: Record<string, User>): void {
  const list = Object.values(users)
    .slice(-MAX_USERS)
    .map((u) => ({ id: u.id, username: u.username, first_name: u.first_name ?? '', last_name: u.last_name ?? '', roles: '', notify_props: {} }));
  try {
    localStorage.setItem(USERS, JSON.stringify({ serverUrl, users: list }));
  } catch {
    // Storage full: the cache is only a shortcut.
  }
}

export function forgetBoot(): void {
  localStorage.removeItem(BOOT);
  localStorage.removeItem(USERS);
}
