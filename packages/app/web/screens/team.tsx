// The team: sidebar (channels, direct messages, "More..."), the open channel or thread, post box.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Post, User } from '../api.js';
import { isAdmin } from '../api.js';
import { loadThread, logout, openChannel, openDirect, sendPost, teamUsers } from '../actions.js';
import { channelLabel, defaultChannel, navigate, unread, update, useAppState, type AppState } from '../state.js';
import { memo } from '../memo.js';
import { formatTime, learnTimeFormat } from '../time-format.js';

// One collator for the sidebar, made when it is first sorted (localeCompare builds a new ICU
// object on each call, and the first one loads ICU's data: kept off the way to the first screen).
let collator: Intl.Collator | undefined;

function route(path: string): { channelId?: string; rootId?: string } {
  const m = /^\/channels\/([a-z0-9]{26})(?:\/thread\/([a-z0-9]{26}))?/.exec(path);
  return { channelId: m?.[1], rootId: m?.[2] };
}

const SidebarLink = memo(function SidebarLink({ id, label, isUnread, mentions, active, onPick }: { id: string; label: string; isUnread: boolean; mentions: number; active: boolean; onPick(): void }) {
  return (
    <a
      href={`/channels/${id}`}
      class={`${isUnread ? 'unread' : ''} ${active ? 'active' : ''}`}
      data-channel={id}
      onClick={(e) => {
        e.preventDefault();
        onPick();
        navigate(`/channels/${id}`);
      }}
    >
      <span>{label}</span>
      {mentions > 0 && <span class="badge">{mentions}</span>}
    </a>
  );
});

/**
 * The drawer's channel list, sorted. Memoized on what it shows, so a change elsewhere (new posts,
 * the connection status) does not rebuild it; empty until `ready` (see useAfterFirstScreen).
 */
const ChannelList = memo(function ChannelList({ ready, channels, members, users, me, activeId, onPick }: Pick<AppState, 'channels' | 'members' | 'users' | 'me'> & { ready: boolean; activeId: string | undefined; onPick(): void }) {
  if (!ready) return null;
  const s = { channels, members, users, me };
  const all = Object.values(channels)
    .map((c) => ({ c, label: channelLabel(s, c) }))
    .sort((a, b) => (collator ??= new Intl.Collator()).compare(a.label, b.label));
  const links = (types: string) =>
    all
      .filter(({ c }) => types.includes(c.type))
      .map(({ c, label }) => {
        const u = unread(s, c.id);
        return <SidebarLink key={c.id} id={c.id} label={label} isUnread={u.unread} mentions={u.mentions} active={c.id === activeId} onPick={onPick} />;
      });
  return (
    <>
      <h2>Channels</h2>
      {links('OP')}
      <h2>Direct Messages</h2>
      {links('DG')}
    </>
  );
});

function MoreDirect({ onClose }: { onClose(): void }) {
  const s = useAppState();
  const [users, setUsers] = useState<User[]>();
  const [filter, setFilter] = useState('');
  const [error, setError] = useState('');
  useEffect(() => {
    teamUsers().then(setUsers, (e: Error) => setError(e.message));
  }, []);
  const shown = (users ?? []).filter((u) => u.id !== s.me?.id && u.username.includes(filter.toLowerCase()));
  return (
    <div class="modal" onClick={onClose}>
      <div role="dialog" aria-label="Direct Messages" onClick={(e) => e.stopPropagation()}>
        <h3>Direct Messages</h3>
        <input placeholder="Search users" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        {error && <div class="error">{error}</div>}
        <ul>
          {shown.map((u) => (
            <li key={u.id}>
              <button
                class="link"
                data-user={u.username}
                onClick={async () => {
                  const id = await openDirect(u.id);
                  onClose();
                  navigate(`/channels/${id}`);
                }}
              >
                @{u.username}
              </button>
            </li>
          ))}
        </ul>
        {users && shown.length === 0 && <p class="muted">No other users in this team.</p>}
      </div>
    </div>
  );
}

const PostItem = memo(function PostItem({ p, who, when, channelId }: { p: Post; who: string; when: string; channelId?: string }) {
  return (
    <div class="post" data-post={p.id}>
      <span class="who">@{who}</span>
      <span class="when">{when}</span>
      <div class="text">{p.message}</div>
      {channelId && (
        <button class="link" onClick={() => navigate(`/channels/${channelId}/thread/${p.id}`)}>
          {p.reply_count > 0 ? `${p.reply_count} ${p.reply_count === 1 ? 'reply' : 'replies'}` : 'Reply'}
        </button>
      )}
    </div>
  );
});

const authorOf = (s: Pick<AppState, 'users'>, p: Post) => s.users[p.user_id]?.username ?? '…';

function PostBox({ channelId, rootId, placeholder }: { channelId: string; rootId?: string; placeholder: string }) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  async function send() {
    const message = text.trim();
    if (!message) return;
    setText('');
    setError('');
    try {
      await sendPost(channelId, message, rootId);
    } catch (e) {
      setText(message);
      setError((e as Error).message);
    }
  }
  return (
    <div>
      {error && <div class="error">{error}</div>}
      <form
        class="postbox"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <textarea
          aria-label={placeholder}
          placeholder={placeholder}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && !e.shiftKey) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <button type="submit">Send</button>
      </form>
    </div>
  );
}

function useScrollToEnd(dep: unknown) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.scrollTop = ref.current.scrollHeight;
  }, [dep]);
  return ref;
}

/** Rows a channel shows at first (a phone screen holds eight or so); the older ones follow when idle. */
const FIRST_ROWS = 12;
/** A time whose text changes when the learnt time format does (the memoized rows then re-render). */
const TIME_SAMPLE = Date.UTC(2020, 0, 1, 21, 5);

function ChannelPosts({ s, channelId }: { s: AppState; channelId: string }) {
  const ids = s.channelPosts[channelId];
  // Opening a channel builds its newest rows first, so they paint sooner; the rest of the page
  // (above, off screen) is added in the next idle moment.
  const [all, setAll] = useState(false);
  useEffect(() => {
    if (!ids || all) return;
    afterFirstScreen();
    const h = idle(() => setAll(true));
    return () => cancelIdle(h);
  }, [!!ids]);
  const shown = useMemo(() => (ids && !all ? ids.slice(-FIRST_ROWS) : ids), [ids, all]);
  const ref = useScrollToEnd(shown?.length);
  return (
    <div class="posts" ref={ref} data-loaded={ids ? 'true' : 'false'}>
      {!ids && <p class="muted">Loading…</p>}
      {ids?.length === 0 && <p class="muted">No messages yet.</p>}
      {shown && <PostRows ids={shown} posts={s.posts} users={s.users} channelId={channelId} timeFormat={formatTime(TIME_SAMPLE)} />}
    </div>
  );
}

/**
 * The rows, memoized on what they show: a change elsewhere (the connection status, another
 * channel) does not walk them, and a new post renders only its own row.
 */
const PostRows = memo(function PostRows({ ids, posts, users, channelId }: { ids: string[]; posts: AppState['posts']; users: AppState['users']; channelId: string; timeFormat: string }) {
  const s = { users };
  return (
    <>
      {ids.map((id) => {
        const p = posts[id];
        return p && <PostItem key={id} p={p} who={authorOf(s, p)} when={formatTime(p.create_at)} channelId={channelId} />;
      })}
    </>
  );
});

// What the first screen does not need waits until it shows (a channel's posts) and the page is idle:
// the drawer's channel list (sorting it loads ICU's collation data) and the locale's time format.
let firstScreenShown = false;
const firstScreenWaiters = new Set<() => void>();
const hasIdle = typeof requestIdleCallback === 'function';
const idle = (fn: () => void): number => (hasIdle ? requestIdleCallback(fn, { timeout: 1000 }) : (setTimeout(fn, 50) as unknown as number));
const cancelIdle = (h: number) => (hasIdle ? cancelIdleCallback(h) : clearTimeout(h));
function afterFirstScreen() {
  if (firstScreenShown) return;
  firstScreenShown = true;
  idle(() => {
    for (const w of firstScreenWaiters) w();
    firstScreenWaiters.clear();
    learnTimeFormat(() => update({}));
  });
}
/** False until the first screen has shown (always true on a wide screen, where the sidebar is in view). */
function useAfterFirstScreen(): boolean {
  const [ready, setReady] = useState(() => firstScreenShown || matchMedia('(min-width: 701px)').matches);
  useEffect(() => {
    if (ready) return;
    const w = () => setReady(true);
    firstScreenWaiters.add(w);
    return () => void firstScreenWaiters.delete(w);
  }, []);
  return ready;
}

function ThreadPosts({ s, rootId }: { s: AppState; rootId: string }) {
  const ids = s.threads[rootId];
  const ref = useScrollToEnd(ids?.length);
  return (
    <div class="posts thread" ref={ref}>
      {!ids && <p class="muted">Loading…</p>}
      {ids?.map((id) => {
        const p = s.posts[id];
        return p && <PostItem key={id} p={p} who={authorOf(s, p)} when={formatTime(p.create_at)} />;
      })}
    </div>
  );
}

export function TeamView() {
  const s = useAppState();
  const [sidebar, setSidebar] = useState(false);
  const [menu, setMenu] = useState(false);
  const [more, setMore] = useState(false);
  const sidebarReady = useAfterFirstScreen() || sidebar;
  const { channelId, rootId } = route(s.path);
  const channel = channelId ? s.channels[channelId] : undefined;

  // At `/` the default channel opens as soon as the channel list is there (it may load after
  // this view first renders).
  const haveChannels = Object.keys(s.channels).length > 0;
  useEffect(() => {
    if (channelId) return;
    const c = defaultChannel(s);
    if (c) navigate(`/channels/${c.id}`, true);
  }, [channelId, haveChannels]);
  useEffect(() => {
    if (channelId) void openChannel(channelId);
  }, [channelId]);
  useEffect(() => {
    if (rootId) void loadThread(rootId);
  }, [rootId]);
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && channelId && void openChannel(channelId);
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [channelId]);

  const pick = useCallback(() => setSidebar(false), []);
  return (
    <div class="layout">
      <nav class={`sidebar ${sidebar ? 'open' : ''}`} aria-label="Channels">
        <div class="team">{s.team?.display_name ?? 'No team'}</div>
        <ChannelList ready={sidebarReady} channels={s.channels} members={s.members} users={s.users} me={s.me} activeId={channelId} onPick={pick} />
        <button class="more" onClick={() => setMore(true)}>
          More...
        </button>
      </nav>
      <div class="main">
        <div class="header">
          <button class="ghost only-mobile" aria-label="Channels" onClick={() => setSidebar(!sidebar)}>
            ☰
          </button>
          {rootId && (
            <button class="ghost" aria-label="Back" onClick={() => navigate(`/channels/${channelId}`)}>
              ‹
            </button>
          )}
          <span class="title">{rootId ? 'Thread' : channel ? channelLabel(s, channel) : ''}</span>
          <span class="status" data-realtime={s.realtime}>
            {s.realtime === 'online' ? '' : s.realtime === 'connecting' ? 'Connecting…' : 'Offline'}
          </span>
          <button class="ghost" aria-label="Main menu" onClick={() => setMenu(!menu)}>
            ⋮
          </button>
          {menu && (
            <div class="menu" onClick={() => setMenu(false)}>
              <button onClick={() => navigate('/settings')}>Account Settings</button>
              {isAdmin(s.me) && <button onClick={() => navigate('/console/push')}>System Console</button>}
              <button onClick={() => void logout()}>Log Out</button>
            </div>
          )}
        </div>
        {channelId && !rootId && <ChannelPosts key={channelId} s={s} channelId={channelId} />}
        {channelId && rootId && <ThreadPosts s={s} rootId={rootId} />}
        {channelId && <PostBox key={`${channelId}:${rootId ?? ''}`} channelId={channelId} rootId={rootId} placeholder={rootId ? 'Reply to thread' : `Write to ${channel ? channelLabel(s, channel) : 'channel'}`} />}
      </div>
      {more && <MoreDirect onClose={() => setMore(false)} />}
    </div>
  );
}
