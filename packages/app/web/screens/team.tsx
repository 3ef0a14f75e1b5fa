// The team: sidebar (channels, direct messages, "More..."), the open channel or thread, post box.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Channel, Post, User } from '../api.js';
import { isAdmin } from '../api.js';
import { loadThread, logout, openChannel, openDirect, sendPost, teamUsers } from '../actions.js';
import { channelLabel, navigate, unread, useAppState, type AppState } from '../state.js';

function route(path: string): { channelId?: string; rootId?: string } {
  const m = /^\/channels\/([a-z0-9]{26})(?:\/thread\/([a-z0-9]{26}))?/.exec(path);
  return { channelId: m?.[1], rootId: m?.[2] };
}

function defaultChannel(s: AppState): Channel | undefined {
  const list = Object.values(s.channels);
  return list.find((c) => c.name === 'town-square') ?? list.find((c) => c.type === 'O') ?? list[0];
}

function SidebarLink({ s, c, active, onPick }: { s: AppState; c: Channel; active: boolean; onPick(): void }) {
  const u = unread(s, c.id);
  return (
    <a
      href={`/channels/${c.id}`}
      class={`${u.unread ? 'unread' : ''} ${active ? 'active' : ''}`}
      data-channel={c.id}
      onClick={(e) => {
        e.preventDefault();
        onPick();
        navigate(`/channels/${c.id}`);
      }}
    >
      <span>{channelLabel(s, c)}</span>
      {u.mentions > 0 && <span class="badge">{u.mentions}</span>}
    </a>
  );
}

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

function PostItem({ s, p, onThread }: { s: AppState; p: Post; onThread?: () => void }) {
  const who = s.users[p.user_id]?.username ?? '…';
  return (
    <div class="post" data-post={p.id}>
      <span class="who">@{who}</span>
      <span class="when">{new Date(p.create_at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}</span>
      <div class="text">{p.message}</div>
      {onThread && (
        <button class="link" onClick={onThread}>
          {p.reply_count > 0 ? `${p.reply_count} ${p.reply_count === 1 ? 'reply' : 'replies'}` : 'Reply'}
        </button>
      )}
    </div>
  );
}

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

function ChannelPosts({ s, channelId }: { s: AppState; channelId: string }) {
  const ids = s.channelPosts[channelId];
  const ref = useScrollToEnd(ids?.length);
  return (
    <div class="posts" ref={ref} data-loaded={ids ? 'true' : 'false'}>
      {!ids && <p class="muted">Loading…</p>}
      {ids?.length === 0 && <p class="muted">No messages yet.</p>}
      {ids?.map((id) => {
        const p = s.posts[id];
        return p && <PostItem key={id} s={s} p={p} onThread={() => navigate(`/channels/${channelId}/thread/${id}`)} />;
      })}
    </div>
  );
}

function ThreadPosts({ s, rootId }: { s: AppState; rootId: string }) {
  const ids = s.threads[rootId];
  const ref = useScrollToEnd(ids?.length);
  return (
    <div class="posts thread" ref={ref}>
      {!ids && <p class="muted">Loading…</p>}
      {ids?.map((id) => {
        const p = s.posts[id];
        return p && <PostItem key={id} s={s} p={p} />;
      })}
    </div>
  );
}

export function TeamView() {
  const s = useAppState();
  const [sidebar, setSidebar] = useState(false);
  const [menu, setMenu] = useState(false);
  const [more, setMore] = useState(false);
  const { channelId, rootId } = route(s.path);
  const channel = channelId ? s.channels[channelId] : undefined;

  useEffect(() => {
    if (!channelId) {
      const c = defaultChannel(s);
      if (c) navigate(`/channels/${c.id}`, true);
      return;
    }
    void openChannel(channelId);
  }, [channelId]);
  useEffect(() => {
    if (rootId) void loadThread(rootId);
  }, [rootId]);
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && channelId && void openChannel(channelId);
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, [channelId]);

  const all = Object.values(s.channels).sort((a, b) => channelLabel(s, a).localeCompare(channelLabel(s, b)));
  const pick = () => setSidebar(false);
  return (
    <div class="layout">
      <nav class={`sidebar ${sidebar ? 'open' : ''}`} aria-label="Channels">
        <div class="team">{s.team?.display_name ?? 'No team'}</div>
        <h2>Channels</h2>
        {all.filter((c) => c.type === 'O' || c.type === 'P').map((c) => <SidebarLink key={c.id} s={s} c={c} active={c.id === channelId} onPick={pick} />)}
        <h2>Direct Messages</h2>
        {all.filter((c) => c.type === 'D' || c.type === 'G').map((c) => <SidebarLink key={c.id} s={s} c={c} active={c.id === channelId} onPick={pick} />)}
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
        {channelId && !rootId && <ChannelPosts s={s} channelId={channelId} />}
        {channelId && rootId && <ThreadPosts s={s} rootId={rootId} />}
        {channelId && <PostBox key={`${channelId}:${rootId ?? ''}`} channelId={channelId} rootId={rootId} placeholder={rootId ? 'Reply to thread' : `Write to ${channel ? channelLabel(s, channel) : 'channel'}`} />}
      </div>
      {more && <MoreDirect onClose={() => setMore(false)} />}
    </div>
  );
}
