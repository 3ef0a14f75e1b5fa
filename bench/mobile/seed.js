// The benchmark's data: a team of 12 users with 50 channels (Town Square, Off-Topic and 48 more)
// and 10,000 posts, 200 per channel, about one in seven a thread reply, spread over four weeks.
// Accounts, the team, channels and memberships go through the HTTP API (the normal paths, a few
// hundred calls); the posts are written through the server's store in one transaction, with the
// same bookkeeping the posts service does (channel counts and last post time, reply counts), which
// takes a second instead of the minute 10,000 POSTs would. The viewer has read half the channels.
import { randomBytes } from 'node:crypto';

export const PASSWORD = 'correct-horse-9';
const CHANNELS = 50;
const POSTS = 10_000;
const AUTHORS = 10;

// Deterministic text (mulberry32): the same posts every run.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const WORDS = 'release build deploy review the a to of and is on for we it this that with staging server push notification channel mobile app fix test merge branch tomorrow today meeting latency ticket customer please thanks looks good ship done blocked waiting on-call alert dashboard metrics query index database cache'.split(' ');

// Mattermost-style ids: 26 characters of the server's base32 alphabet, random.
const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';
const newId = () => Array.from(randomBytes(26), (b) => ALPHABET[b & 31]).join('');

/** Calls the API of `url` as `token` (or anonymously); JSON in and out; throws on an error status. */
export function apiClient(url) {
  return async function api(token, method, path, body) {
    const res = await fetch(`${url}/api/v4${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    const json = text ? JSON.parse(text) : undefined;
    if (path === '/users/login') json.token = res.headers.get('token');
    return json;
  };
}

async function inBatches(items, size, fn) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

/**
 * Seeds `server` (a running in-process ChatServer). Returns the viewer (who the phone logs in
 * as), a poster (who posts while the phone is away), the team and, per channel, the id of its
 * newest root post (the last one its list shows).
 */
export async function seedTeam(server) {
  const api = apiClient(server.url);
  const signUp = async (username) => {
    await api(undefined, 'POST', '/users', { username, email: `${username}@example.com`, password: PASSWORD });
    return api(undefined, 'POST', '/users/login', { login_id: username, password: PASSWORD });
  };
  const admin = await signUp('admin');
  const viewer = await signUp('alice');
  const poster = await signUp('bob');
  const authors = [poster];
  for (let i = 1; i < AUTHORS; i++) {
    const username = `user${i}`;
    authors.push(await api(undefined, 'POST', '/users', { username, email: `${username}@example.com`, password: PASSWORD }));
  }
  const team = await api(admin.token, 'POST', '/teams', { name: 'mobile', display_name: 'Mobile Bench', type: 'O' });
  await inBatches([viewer, ...authors], 4, (u) => api(admin.token, 'POST', `/teams/${team.id}/members`, { team_id: team.id, user_id: u.id }));
  // Town Square and Off-Topic come with the team; 48 more.
  const extra = Array.from({ length: CHANNELS - 2 }, (_, i) => ({ name: `channel-${String(i + 1).padStart(2, '0')}`, display_name: `Channel ${String(i + 1).padStart(2, '0')}` }));
  await inBatches(extra, 4, async (c) => {
    const ch = await api(admin.token, 'POST', '/channels', { team_id: team.id, type: 'O', ...c });
    for (const u of [viewer, poster]) await api(admin.token, 'POST', `/channels/${ch.id}/members`, { user_id: u.id });
  });
  const channels = await api(viewer.token, 'GET', `/users/me/teams/${team.id}/channels`);
  if (channels.length !== CHANNELS) throw new Error(`seeded ${channels.length} channels, expected ${CHANNELS}`);

  // 10,000 posts, oldest first, through the store.
  const random = rng(5);
  const now = Date.now();
  const span = 28 * 24 * 3600 * 1000;
  const newestRoot = {};
  const rootsOf = Object.fromEntries(channels.map((c) => [c.id, []]));
  await server.store.transaction(async (tx) => {
    for (let i = 0; i < POSTS; i++) {
      const channel = channels[i % CHANNELS];
      const at = now - span + Math.floor((i / POSTS) * span) - 60_000;
      const roots = rootsOf[channel.id];
      const reply = roots.length > 3 && random() < 0.15 ? roots[roots.length - 1 - Math.floor(random() * 3)] : undefined;
      const words = Array.from({ length: 3 + Math.floor(random() * 30) }, () => WORDS[Math.floor(random() * WORDS.length)]);
      const post = {
        id: newId(),
        create_at: at,
        update_at: at,
        edit_at: 0,
        delete_at: 0,
        user_id: authors[Math.floor(random() * authors.length)].id,
        channel_id: channel.id,
        root_id: reply ?? '',
        message: `${words.join(' ')} (#${i})`,
        type: '',
        props: {},
        hashtags: '',
        pending_post_id: '',
        reply_count: 0,
        last_reply_at: 0,
      };
      await tx.posts.create(post);
      await tx.channels.recordPost(channel.id, at, !reply);
      if (reply) await tx.posts.recordReply(reply, at);
      else {
        roots.push(post.id);
        newestRoot[channel.id] = post.id;
      }
    }
    for (const c of channels.filter((_, i) => i % 2 === 0)) await tx.channels.markViewed(c.id, viewer.id, now);
  });
  return { api, admin, viewer, poster, team, channels, newestRoot, posts: POSTS };
}
