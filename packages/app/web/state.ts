// The app's state: one object, replaced on every change; components subscribe with useAppState.
import { useEffect, useState } from 'preact/hooks';
import type { Channel, ChannelMember, Post, Team, User } from './api.js';

export interface AppState {
  serverUrl: string;
  token: string;
  me: User | undefined;
  team: Team | undefined;
  channels: Record<string, Channel>;
  members: Record<string, ChannelMember>;
  users: Record<string, User>;
  posts: Record<string, Post>;
  /** Post ids of a channel's root-level list, oldest first (loaded channels only). */
  channelPosts: Record<string, string[]>;
  /** Post ids of a thread (root first). */
  threads: Record<string, string[]>;
  path: string;
  realtime: 'connecting' | 'online' | 'offline';
  /** Web Push in this browser: on, ask (permission not given yet), denied, unsupported, off (server), error. */
  push: string;
  pushDetail: string;
  loading: boolean;
  /** Why the app could not start (e.g. offline); it retries when the network returns. */
  startError: string;
}

export let state: AppState = {
  serverUrl: '',
  token: '',
  me: undefined,
  team: undefined,
  channels: {},
  members: {},
  users: {},
  posts: {},
  channelPosts: {},
  threads: {},
  path: location.pathname,
  realtime: 'offline',
  push: '',
  pushDetail: '',
  loading: false,
  startError: '',
};

const listeners = new Set<() => void>();

export function update(patch: Partial<AppState> | ((s: AppState) => Partial<AppState>)): void {
  state = { ...state, ...(typeof patch === 'function' ? patch(state) : patch) };
  for (const l of listeners) l();
}

export function useAppState(): AppState {
  const [, setTick] = useState(0);
  useEffect(() => {
    const l = () => setTick((t) => t + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return state;
}

export function navigate(path: string, replace = false): void {
  if (path === location.pathname) return update({ path });
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  update({ path });
}

addEventListener('popstate', () => update({ path: location.pathname }));

/** The channel the app opens at `/`: Town Square, else the first open channel. */
export function defaultChannel(s: AppState): Channel | undefined {
  const list = Object.values(s.channels);
  return list.find((c) => c.name === 'town-square') ?? list.find((c) => c.type === 'O') ?? list[0];
}

/** The name a channel shows: the other user's @username for a direct message. */
export function channelLabel(s: Pick<AppState, 'me' | 'users'>, c: Channel): string {
  if (c.type !== 'D') return c.display_name;
  const other = c.name.split('__').find((id) => id !== s.me?.id) ?? s.me?.id ?? '';
  const u = s.users[other];
  return u ? `@${u.username}` : 'Direct message';
}

export function unread(s: Pick<AppState, 'channels' | 'members'>, channelId: string): { unread: boolean; mentions: number } {
  const c = s.channels[channelId];
  const m = s.members[channelId];
  if (!c || !m) return { unread: false, mentions: 0 };
  return { unread: c.total_msg_count > m.msg_count, mentions: m.mention_count };
}
