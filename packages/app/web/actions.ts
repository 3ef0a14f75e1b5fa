// What the screens do: connect, log in, load the team, channels, posts and threads, post,
// keep up with the WebSocket and catch up after a reconnect.
import { Api, type Channel, type ChannelMember, type Post, type PostList, type Team, type User } from './api.js';
import { enablePush, shareSession } from './push.js';
import { Realtime, type WsEvent } from './realtime.js';
import { navigate, state, update } from './state.js';

const SESSION = 'herald.session';
export let api = new Api('');
let realtime: Realtime | undefined;

export function savedSession(): { serverUrl: string; token: string } | undefined {
  try {
    const s = JSON.parse(localStorage.getItem(SESSION) ?? 'null') as { serverUrl?: string; token?: string } | null;
    return s?.serverUrl ? { serverUrl: s.serverUrl, token: s.token ?? '' } : undefined;
  } catch {
    return undefined;
  }
}

export function setServer(serverUrl: string): void {
  api = new Api(serverUrl);
  localStorage.setItem(SESSION, JSON.stringify({ serverUrl, token: '' }));
  update({ serverUrl, token: '' });
}

export async function login(loginId: string, password: string): Promise<void> {
  const user = await api.req<User & { token: string }>('POST', '/users/login', { login_id: loginId, password });
  api.token = user.token;
  localStorage.setItem(SESSION, JSON.stringify({ serverUrl: api.base, token: user.token }));
  update({ token: user.token });
  await start();
}

export async function logout(): Promise<void> {
  realtime?.close();
  realtime = undefined;
  await api.post('/users/logout').catch(() => undefined);
  api.token = '';
  localStorage.setItem(SESSION, JSON.stringify({ serverUrl: api.base, token: '' }));
  await shareSession(undefined);
  update({ token: '', me: undefined, team: undefined, channels: {}, members: {}, posts: {}, channelPosts: {}, threads: {} });
  navigate('/login');
}

function byId<T extends { id: string }>(list: T[]): Record<string, T> {
  return Object.fromEntries(list.map((x) => [x.id, x]));
}

async function loadUsers(ids: Iterable<string>): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => id && !state.users[id]);
  if (missing.length === 0) return;
  const users = await api.post<User[]>('/users/ids', missing);
  update((s) => ({ users: { ...s.users, ...byId(users) } }));
}

async function loadChannels(): Promise<void> {
  const team = state.team;
  if (!team) return;
  const [channels, members] = await Promise.all([
    api.get<Channel[]>(`/users/me/teams/${team.id}/channels`),
    api.get<ChannelMember[]>(`/users/me/teams/${team.id}/channels/members`),
  ]);
  update({ channels: byId(channels), members: Object.fromEntries(members.map((m) => [m.channel_id, m])) });
  await loadUsers(channels.filter((c) => c.type === 'D').flatMap((c) => c.name.split('__')));
}

/** After login or with a saved session: who am I, my team, its channels, the WebSocket, push. */
export async function start(): Promise<void> {
  const saved = savedSession();
  if (saved && !api.base) {
    api = new Api(saved.serverUrl, saved.token);
    update({ serverUrl: saved.serverUrl, token: saved.token });
  }
  update({ loading: true });
  try {
    const me = await api.get<User>('/users/me');
    const teams = await api.get<Team[]>('/users/me/teams');
    update({ me, team: teams[0], users: { ...state.users, [me.id]: me } });
    await loadChannels();
  } finally {
    update({ loading: false });
  }
  await shareSession({ serverUrl: api.base, token: api.token, userId: state.me!.id });
  realtime?.close();
  realtime = new Realtime(api.base, api.token, {
    event: onEvent,
    status: (realtime) => update({ realtime }),
    reconnected: () => void catchUp(),
  });
  void refreshPush(false);
}

export async function refreshPush(ask: boolean): Promise<void> {
  const r = await enablePush(api, ask);
  update({ push: r.status, pushDetail: r.detail });
}

/** After a reconnect: channels, unread counts and the open channel's posts may all have moved. */
export async function catchUp(): Promise<void> {
  await loadChannels();
  const open = currentChannelId();
  if (open) await loadPosts(open);
}

export function currentChannelId(): string | undefined {
  const m = /^\/channels\/([a-z0-9]{26})/.exec(state.path);
  return m?.[1];
}

function addPosts(posts: Post[]): Record<string, Post> {
  return { ...state.posts, ...byId(posts) };
}

export async function loadPosts(channelId: string): Promise<void> {
  const list = await api.get<PostList>(`/channels/${channelId}/posts?page=0&per_page=60`);
  const posts = Object.values(list.posts);
  const all = addPosts(posts);
  // Posts that arrived while the page was loading (own sends, WebSocket events) are kept too.
  const oldest = list.order.length >= 60 ? Math.min(...list.order.map((id) => list.posts[id]?.create_at ?? Infinity)) : 0;
  const order = Object.values(all)
    .filter((p) => p.channel_id === channelId && !p.root_id && p.create_at >= oldest)
    .sort((a, b) => a.create_at - b.create_at)
    .map((p) => p.id);
  update({ posts: all, channelPosts: { ...state.channelPosts, [channelId]: order } });
  await loadUsers(posts.map((p) => p.user_id));
}

let viewTimer: ReturnType<typeof setTimeout> | undefined;
export function markViewed(channelId: string): void {
  clearTimeout(viewTimer);
  viewTimer = setTimeout(() => {
    void api.post('/channels/members/me/view', { channel_id: channelId }).catch(() => undefined);
  }, 150);
  update((s) => {
    const m = s.members[channelId];
    const c = s.channels[channelId];
    return m && c ? { members: { ...s.members, [channelId]: { ...m, msg_count: c.total_msg_count, mention_count: 0 } } } : {};
  });
}

export async function openChannel(channelId: string): Promise<void> {
  markViewed(channelId);
  if (!state.channelPosts[channelId]) await loadPosts(channelId);
}

export async function loadThread(rootId: string): Promise<void> {
  const list = await api.get<PostList>(`/posts/${rootId}/thread`);
  const posts = Object.values(list.posts).sort((a, b) => a.create_at - b.create_at);
  update({ posts: addPosts(posts), threads: { ...state.threads, [rootId]: posts.map((p) => p.id) } });
  await loadUsers(posts.map((p) => p.user_id));
}

export async function sendPost(channelId: string, message: string, rootId = ''): Promise<void> {
  const pending = `${state.me!.id}:${Date.now()}`;
  const post = await api.post<Post>('/posts', { channel_id: channelId, message, root_id: rootId, pending_post_id: pending });
  addPost(post);
}

function addPost(post: Post): void {
  update((s) => {
    const next: Partial<typeof s> = { posts: { ...s.posts, [post.id]: post } };
    if (!post.root_id) {
      const list = s.channelPosts[post.channel_id];
      if (list && !list.includes(post.id)) next.channelPosts = { ...s.channelPosts, [post.channel_id]: [...list, post.id] };
    } else {
      const t = s.threads[post.root_id];
      if (t && !t.includes(post.id)) next.threads = { ...s.threads, [post.root_id]: [...t, post.id] };
      const root = s.posts[post.root_id];
      if (root) next.posts![root.id] = { ...root, reply_count: root.reply_count + (s.posts[post.id] ? 0 : 1) };
    }
    return next;
  });
}

export async function openDirect(userId: string): Promise<string> {
  const c = await api.post<Channel>('/channels/direct', [state.me!.id, userId]);
  await loadChannels();
  return c.id;
}

export async function teamUsers(): Promise<User[]> {
  const members = await api.get<{ user_id: string }[]>(`/teams/${state.team!.id}/members?page=0&per_page=200`);
  await loadUsers(members.map((m) => m.user_id));
  return members.map((m) => state.users[m.user_id]).filter((u): u is User => !!u);
}

function onEvent(e: WsEvent): void {
  switch (e.event) {
    case 'posted': {
      const post = JSON.parse(String(e.data.post)) as Post;
      void loadUsers([post.user_id]);
      const isOwn = post.user_id === state.me?.id;
      const exists = !!state.posts[post.id];
      addPost(post);
      const c = state.channels[post.channel_id];
      if (!c) {
        void loadChannels();
        return;
      }
      if (!exists) update((s) => ({ channels: { ...s.channels, [c.id]: { ...c, total_msg_count: c.total_msg_count + 1, last_post_at: post.create_at } } }));
      const viewing = currentChannelId() === c.id && document.visibilityState === 'visible';
      if (viewing || isOwn) {
        markViewed(c.id);
        return;
      }
      const mentions = typeof e.data.mentions === 'string' ? (JSON.parse(e.data.mentions) as string[]) : [];
      if (c.type === 'D' || mentions.includes(state.me!.id)) {
        update((s) => {
          const m = s.members[c.id];
          return m ? { members: { ...s.members, [c.id]: { ...m, mention_count: m.mention_count + 1 } } } : {};
        });
      }
      return;
    }
    case 'channel_viewed': {
      const id = String(e.data.channel_id ?? '');
      const c = state.channels[id];
      const m = state.members[id];
      if (c && m) update((s) => ({ members: { ...s.members, [id]: { ...m, msg_count: c.total_msg_count, mention_count: 0 } } }));
      return;
    }
    case 'direct_added':
    case 'user_added':
    case 'added_to_team':
      void loadChannels();
      return;
    case 'user_updated': {
      const u = e.data.user as User | undefined;
      if (u) update((s) => ({ users: { ...s.users, [u.id]: u }, ...(u.id === s.me?.id ? { me: { ...s.me, ...u } } : {}) }));
      return;
    }
  }
}
