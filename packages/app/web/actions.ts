// What the screens do: connect, log in, load the team, channels, posts and threads, post,
// keep up with the WebSocket and catch up after a reconnect.
import { Api, type Channel, type ChannelMember, type Post, type PostList, type Team, type User } from './api.js';
import { enablePush, shareSession } from './push.js';
import { Realtime, type WsEvent } from './realtime.js';
import { defaultChannel, navigate, state, update } from './state.js';
import { cachedUsers, forgetBoot, readBoot, saveBoot, saveUsers } from './boot-cache.js';
import { channelInPath, channelsPath, channelToOpen, ME, membersPath, MY_TEAMS, postsPath, postsSincePath, POSTS_PER_PAGE, SESSION_STORAGE_KEY as SESSION } from './first-requests.js';

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
  await forgetSession();
}

/**
 * Forgets the session without asking the server: after logout, or when the server has ended it
 * (a 401 at start), so later starts neither prefetch with the dead token nor collect 401s.
 */
export async function forgetSession(): Promise<void> {
  realtime?.close();
  realtime = undefined;
  api.token = '';
  localStorage.setItem(SESSION, JSON.stringify({ serverUrl: api.base, token: '' }));
  await shareSession(undefined);
  forgetBoot();
  update({ token: '', me: undefined, team: undefined, channels: {}, members: {}, users: {}, posts: {}, channelPosts: {}, threads: {} });
  navigate('/login');
}

function byId<T extends { id: string }>(list: T[]): Record<string, T> {
  return Object.fromEntries(list.map((x) => [x.id, x]));
}

async function loadUsers(ids: Iterable<string>): Promise<void> {
  const missing = [...new Set(ids)].filter((id) => id && !state.users[id]);
  if (missing.length === 0) return;
  const users = await api.post<User[]>('/users/ids', missing);
  setUsers(users);
}

function setUsers(users: User[]): void {
  // An answer that comes after logout is not kept (nor remembered again in localStorage).
  if (!api.token) return;
  update((s) => ({ users: { ...s.users, ...byId(users) } }));
  saveUsers(api.base, state.users);
}

type ChannelLists = { channels: Record<string, Channel>; members: Record<string, ChannelMember> };
async function fetchChannels(teamId: string): Promise<ChannelLists> {
  const [channels, members] = await Promise.all([
    api.get<Channel[]>(channelsPath(teamId)),
    api.get<ChannelMember[]>(membersPath(teamId)),
  ]);
  return { channels: byId(channels), members: Object.fromEntries(members.map((m) => [m.channel_id, m])) };
}

const directUserIds = (channels: Record<string, Channel>) =>
  Object.values(channels)
    .filter((c) => c.type === 'D')
    .flatMap((c) => c.name.split('__'));

async function loadChannels(): Promise<void> {
  const team = state.team;
  if (!team) return;
  const lists = await fetchChannels(team.id);
  update(lists);
  await loadUsers(directUserIds(lists.channels));
}

// Events that arrive while the app loads are applied after the load, in order: the WebSocket is
// opened first so that nothing posted meanwhile is missed.
let held: WsEvent[] | undefined;
function onEventOrHold(e: WsEvent): void {
  if (held) held.push(e);
  else onEvent(e);
}

/**
 * After login or with a saved session: who am I, my team, its channels, the WebSocket, push. With
 * what the last start remembered (team, the channel `/` opens, profiles), the first screen's
 * requests all leave at once: one round trip to the first page instead of five.
 */
export async function start(): Promise<void> {
  const saved = savedSession();
  if (saved && !api.base) {
    api = new Api(saved.serverUrl, saved.token);
    update({ serverUrl: saved.serverUrl, token: saved.token });
  }
  const boot = readBoot(api.base);
  update({ loading: true, users: { ...cachedUsers(api.base), ...state.users } });
  held = [];
  realtime?.close();
  realtime = new Realtime(api.base, api.token, {
    event: onEventOrHold,
    status: (realtime) => update({ realtime }),
    reconnected: () => void catchUp(),
    // Back in front: the open channel first, alone (one small request); the WebSocket reopens
    // after it, and the channel list and unread counts follow with its catch-up.
    resumed: () => {
      const open = currentChannelId();
      return open ? catchUpPosts(open).catch(() => undefined) : undefined;
    },
  });
  try {
    const openId = channelToOpen(state.path, boot);
    // Posts of the channel about to open, before knowing who we are: a stale guess only costs an error.
    if (openId) loadPosts(openId).catch(() => undefined);
    const guess = boot ? fetchChannels(boot.teamId).catch(() => undefined) : undefined;
    const [me, teams] = await Promise.all([api.get<User>(ME), api.get<Team[]>(MY_TEAMS)]);
    const team = teams[0];
    const lists = team ? ((team.id === boot?.teamId ? await guess : undefined) ?? (await fetchChannels(team.id))) : { channels: {}, members: {} };
    update({ me, team, users: { ...state.users, [me.id]: me }, ...lists });
    await loadUsers(directUserIds(lists.channels));
    const first = defaultChannel(state);
    if (team && first) saveBoot({ serverUrl: api.base, userId: me.id, teamId: team.id, defaultChannelId: first.id });
  } catch (e) {
    realtime?.close();
    realtime = undefined;
    throw e;
  } finally {
    // Early answers not taken by now are not for this start (e.g. the team changed).
    delete window.__heraldPrefetch;
    update({ loading: false });
    const events = held ?? [];
    held = undefined;
    for (const e of events) onEvent(e);
  }
  await shareSession({ serverUrl: api.base, token: api.token, userId: state.me!.id });
  void refreshPush(false);
  setTimeout(() => void refreshCachedUsers(), 3000);
}

/** Profiles came from the cache: ask for them again, in the background, in case one changed. */
async function refreshCachedUsers(): Promise<void> {
  if (!api.token) return; // logged out since (it runs 3 s after a start)
  const ids = Object.keys(state.users).filter((id) => id !== state.me?.id);
  if (ids.length) setUsers(await api.post<User[]>('/users/ids', ids).catch(() => []));
}

export async function refreshPush(ask: boolean): Promise<void> {
  const r = await enablePush(api, ask);
  update({ push: r.status, pushDetail: r.detail });
}

/**
 * After a reconnect: channels, unread counts and the open channel's posts may all have moved; all
 * are asked for at once. (Coming back to the front, the open channel's posts were already asked
 * for without waiting for the WebSocket; asking again now closes the gap until it was back.)
 */
export async function catchUp(): Promise<void> {
  const open = currentChannelId();
  await Promise.all([loadChannels(), open ? catchUpPosts(open) : undefined]);
}

/**
 * A `since` a little before the newest post shown: a post whose time was taken just before that
 * one's but that was saved (and sent) after it, or on a node whose clock is a little behind, is
 * not missed. Posts already known come again and are merged.
 */
const SINCE_MARGIN_MS = 1000;

/**
 * What the channel missed (back in front, after a reconnect). With a list shown, only the posts
 * made or changed since its newest (Mattermost's `?since=`; usually a tiny answer, and nothing
 * re-renders when nothing changed); more than a page of them, or no list yet: its newest page.
 * The request leaves at once, in the caller's task.
 */
export function catchUpPosts(channelId: string): Promise<void> {
  const known = state.channelPosts[channelId];
  const newest = known?.length ? state.posts[known[known.length - 1]!] : undefined;
  if (!newest) return loadPosts(channelId, true);
  const since = Math.max(0, Math.max(newest.create_at, newest.update_at ?? 0) - SINCE_MARGIN_MS);
  const p = fetchChangedSince(channelId, since).finally(() => {
    if (postsInFlight.get(channelId) === p) postsInFlight.delete(channelId);
  });
  postsInFlight.set(channelId, p);
  return p;
}

async function fetchChangedSince(channelId: string, since: number): Promise<void> {
  const list = await api.get<PostList>(postsSincePath(channelId, since));
  if (list.order.length > POSTS_PER_PAGE) return fetchPosts(channelId, POSTS_PER_PAGE);
  const changed = Object.values(list.posts);
  const had = state.posts;
  const fresh = changed.filter((p) => had[p.id]?.update_at !== p.update_at || had[p.id]?.reply_count !== p.reply_count);
  const known = state.channelPosts[channelId] ?? [];
  const inList = new Set(known);
  const added = changed.filter((p) => p.channel_id === channelId && !p.root_id && !inList.has(p.id)).map((p) => p.id);
  // Nothing new: no state change, no re-render. Else the list keeps its identity unless a row joins it.
  if (fresh.length === 0 && added.length === 0) return;
  const all = fresh.length ? addPosts(fresh) : had;
  const channelPosts = added.length ? { ...state.channelPosts, [channelId]: [...known, ...added].sort((a, b) => all[a]!.create_at - all[b]!.create_at) } : state.channelPosts;
  update({ posts: all, channelPosts });
  await loadUsers(fresh.map((p) => p.user_id));
}

export function currentChannelId(): string | undefined {
  return channelInPath(state.path);
}

function addPosts(posts: Post[]): Record<string, Post> {
  return { ...state.posts, ...byId(posts) };
}

// One request per channel at a time (the start's early request, then the view opening it).
const postsInFlight = new Map<string, Promise<void>>();

/** The channel's newest page of posts; `fresh` asks again even when a request is under way. */
export function loadPosts(channelId: string, fresh = false, perPage = POSTS_PER_PAGE): Promise<void> {
  const pending = postsInFlight.get(channelId);
  if (pending && !fresh) return pending;
  const p = fetchPosts(channelId, perPage).finally(() => {
    if (postsInFlight.get(channelId) === p) postsInFlight.delete(channelId);
  });
  postsInFlight.set(channelId, p);
  return p;
}

async function fetchPosts(channelId: string, perPage: number): Promise<void> {
  const list = await api.get<PostList>(postsPath(channelId, perPage));
  const posts = Object.values(list.posts);
  // The list shows the page and anything newer: posts that arrived while it was loading (own
  // sends, WebSocket events) are kept too. A full page starts where it starts; a shorter one
  // (the whole channel) from the beginning.
  const full = list.order.length >= perPage;
  const oldest = full ? Math.min(...list.order.map((id) => list.posts[id]?.create_at ?? Infinity)) : 0;
  const known = state.channelPosts[channelId];
  const all = addPosts(posts);
  // Once the channel has a list, what arrives meanwhile is appended to it; before, it is only in posts.
  const pool = known ? [...new Set([...known, ...list.order])].map((id) => all[id]).filter((p): p is Post => !!p) : Object.values(all);
  const order = pool
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
  const m = state.members[channelId];
  const c = state.channels[channelId];
  // Already read: no change, no re-render (e.g. coming back to the front).
  if (!m || !c || (m.msg_count === c.total_msg_count && m.mention_count === 0)) return;
  update((s) => ({ members: { ...s.members, [channelId]: { ...m, msg_count: c.total_msg_count, mention_count: 0 } } }));
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
      if (u) {
        update((s) => ({ users: { ...s.users, [u.id]: u }, ...(u.id === s.me?.id ? { me: { ...s.me, ...u } } : {}) }));
        saveUsers(api.base, state.users);
      }
      return;
    }
  }
}
