// Posts at a steady rate the way Mattermost's apps do, through whatever fetch is installed:
// each post has its own pending_post_id, and a post that got no answer from the server (the
// connection failed, nginx answered 502/503/504 because the node died mid-request, or no reply
// within the timeout) is sent again with the same pending_post_id after a short backoff, so the
// server answers with the first post instead of making a second. Every try is recorded, for
// failover figures.

export interface PostTry {
  at: number;
  /** The HTTP status, or 'network' / 'timeout' when there was none. */
  status: number | 'network' | 'timeout';
  ms: number;
}

export interface SentPost {
  index: number;
  pendingPostId: string;
  message: string;
  /** When the first try started and the successful one ended. */
  startedAt: number;
  doneAt: number;
  postId: string;
  /** Every try, the successful one last. */
  tries: PostTry[];
}

export interface PostLikeAnAppOptions {
  /** The chat server's origin (https://… through nginx). */
  url: string;
  token: string;
  channelId: string;
  count: number;
  /** Time between two ticks; posts do not wait for each other, as on many phones. */
  intervalMs: number;
  /** Posts started together at each tick (default 1). */
  perTick?: number;
  /** Message prefix and pending_post_id prefix; the message is `${label} ${index}`. */
  label: string;
  /** Called when the post with this index starts (e.g. to kill a node at a given point). */
  onStart?(index: number): void;
  /** Per-try timeout (default 15 s) and how long to keep retrying one post (default 60 s). */
  tryTimeoutMs?: number;
  giveUpMs?: number;
}

const RETRYABLE = new Set([502, 503, 504]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function sendOne(o: PostLikeAnAppOptions, index: number, userId: string): Promise<SentPost> {
  const pendingPostId = `${userId}:${o.label}:${index}`;
  const message = `${o.label} ${index}`;
  const body = JSON.stringify({ channel_id: o.channelId, message, pending_post_id: pendingPostId });
  const tries: PostTry[] = [];
  const startedAt = Date.now();
  for (let backoff = 100; ; backoff = Math.min(backoff * 2, 1000)) {
    const at = Date.now();
    let status: PostTry['status'];
    let text = '';
    try {
      const res = await fetch(`${o.url}/api/v4/posts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${o.token}`, 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' },
        body,
        signal: AbortSignal.timeout(o.tryTimeoutMs ?? 15_000),
      });
      status = res.status;
      text = await res.text();
    } catch (e) {
      status = (e as Error).name === 'TimeoutError' ? 'timeout' : 'network';
    }
    const now = Date.now();
    tries.push({ at, status, ms: now - at });
    if (status === 201 || status === 200) {
      const post = JSON.parse(text) as { id: string; pending_post_id: string };
      if (post.pending_post_id !== pendingPostId) throw new Error(`post ${index}: the reply is post ${post.id} with pending_post_id "${post.pending_post_id}", not "${pendingPostId}"`);
      return { index, pendingPostId, message, startedAt, doneAt: now, postId: post.id, tries };
    }
    if (typeof status === 'number' && !RETRYABLE.has(status)) throw new Error(`post ${index}: HTTP ${status} ${text.slice(0, 300)}`);
    if (now - startedAt > (o.giveUpMs ?? 60_000)) throw new Error(`post ${index}: no answer after ${tries.length} tries in ${now - startedAt} ms (${tries.map((t) => t.status).join(', ')})`);
    await sleep(backoff + Math.random() * backoff);
  }
}

/** Sends `count` posts, `perTick` every `intervalMs`; resolves with all of them in index order, or rejects with the first post that could not be made. */
export async function postLikeAnApp(o: PostLikeAnAppOptions): Promise<SentPost[]> {
  const me = (await (await fetch(`${o.url}/api/v4/users/me`, { headers: { authorization: `Bearer ${o.token}` } })).json()) as { id: string };
  const t0 = Date.now();
  const sends: Promise<SentPost>[] = [];
  const perTick = o.perTick ?? 1;
  for (let i = 0; i < o.count; i++) {
    const wait = t0 + Math.floor(i / perTick) * o.intervalMs - Date.now();
    if (wait > 0) await sleep(wait);
    o.onStart?.(i);
    const p = sendOne(o, i, me.id);
    p.catch(() => {}); // reported by Promise.all below
    sends.push(p);
  }
  return Promise.all(sends);
}
