import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { ENGINES, usePostgres, withServer } from '../testing/engines.js';
import { WebSocketClient, signUp } from '../testing/client4.js';

usePostgres();

interface WsMsg {
  event?: string;
  data?: Record<string, unknown>;
  seq?: number;
}

function connect(url: string, token: string) {
  const ws = new WebSocketClient({ newWebSocketFn: (u: string) => new WebSocket(u) as never, minWebSocketRetryTime: 60_000 } as never);
  const events: WsMsg[] = [];
  const waiters: Array<{ pred: (m: WsMsg) => boolean; resolve: (m: WsMsg) => void }> = [];
  ws.addMessageListener((raw) => {
    const m = raw as unknown as WsMsg;
    events.push(m);
    for (const w of [...waiters]) if (w.pred(m)) waiters.splice(waiters.indexOf(w), 1) && w.resolve(m);
  });
  ws.initialize(url.replace(/^http/, 'ws') + '/api/v4/websocket', token);
  const next = (event: string, timeoutMs = 5000) => {
    const found = events.find((m) => m.event === event);
    if (found) return Promise.resolve(found);
    return new Promise<WsMsg>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no ${event} event within ${timeoutMs} ms`)), timeoutMs);
      waiters.push({ pred: (m) => m.event === event, resolve: (m) => (clearTimeout(t), resolve(m)) });
    });
  };
  return { ws, events, next };
}

for (const engine of ENGINES) {
  describe(`WebSocket with Client4's WebSocketClient on ${engine}`, () => {
    it('authenticates by challenge, says hello, and delivers posted in sequence to channel members only', () =>
      withServer(engine, async (s) => {
        const a = await signUp(s.url, 'alice');
        const b = await signUp(s.url, 'bob');
        const c = await signUp(s.url, 'carol');
        const dm = await b.client.createDirectChannel([b.user.id, a.user.id]);
        const wa = connect(s.url, a.client.getToken());
        const wc = connect(s.url, c.client.getToken());
        try {
          const hello = await wa.next('hello');
          assert.equal(hello.seq, 0);
          assert.equal(typeof hello.data?.connection_id, 'string');
          await wc.next('hello');
          assert.equal(s.hub.isOnline(a.user.id), true);
          const post = await b.client.createPost({ channel_id: dm.id, message: 'Hello' } as never);
          const posted = await wa.next('posted');
          assert.equal(posted.seq, 1);
          assert.equal(posted.data?.channel_type, 'D');
          assert.equal(posted.data?.sender_name, '@bob');
          assert.equal(JSON.parse(String(posted.data?.post)).id, post.id);
          assert.deepEqual(JSON.parse(String(posted.data?.mentions)), [a.user.id]);
          await new Promise((r) => setTimeout(r, 100));
          assert.equal(wc.events.some((m) => m.event === 'posted'), false, 'carol is not in the channel');
        } finally {
          wa.ws.close();
          wc.ws.close();
        }
      }));

    it('a bad token gets no hello; revoking the session closes the socket', () =>
      withServer(engine, async (s) => {
        const a = await signUp(s.url, 'alice');
        const bad = connect(s.url, 'x'.repeat(26));
        const good = connect(s.url, a.client.getToken());
        try {
          await assert.rejects(bad.next('hello', 300));
          await good.next('hello');
          const [session] = await a.client.getSessions(a.user.id);
          await a.client.revokeSession(a.user.id, session!.id);
          for (let i = 0; i < 50 && s.hub.isOnline(a.user.id); i++) await new Promise((r) => setTimeout(r, 20));
          assert.equal(s.hub.isOnline(a.user.id), false);
        } finally {
          bad.ws.close();
          good.ws.close();
        }
      }));
  });
}
