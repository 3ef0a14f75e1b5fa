import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, usePostgres, withServer } from '../testing/engines.js';
import { expectStatus, signUp } from '../testing/client4.js';

usePostgres();

for (const engine of ENGINES) {
  describe(`GET /channels/{id}/posts?since= with Client4 on ${engine}`, () => {
    it('lists only the posts made after `since` (newest first), with the roots of replies among them; members only', () =>
      withServer(engine, async (s) => {
        const a = await signUp(s.url, 'alice');
        const b = await signUp(s.url, 'bob');
        const c = await signUp(s.url, 'carol');
        const team = await a.client.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
        await a.client.addToTeam(team.id, b.user.id);
        const ts = await a.client.getChannelByName(team.id, 'town-square');
        const root = await a.client.createPost({ channel_id: ts.id, message: 'old root' } as never);
        const seen = await a.client.createPost({ channel_id: ts.id, message: 'seen' } as never);
        // Later posts get a later millisecond than `seen` (the filter is update_at > since).
        while (Date.now() <= seen.update_at) await new Promise((r) => setTimeout(r, 2));
        const reply = await b.client.createPost({ channel_id: ts.id, message: 'reply', root_id: root.id } as never);
        const newer = await b.client.createPost({ channel_id: ts.id, message: 'newer' } as never);

        const list = await a.client.getPostsSince(ts.id, seen.update_at);
        assert.deepEqual(list.order, [newer.id, reply.id], 'only what came after, newest first');
        assert.deepEqual(Object.keys(list.posts).sort(), [newer.id, reply.id, root.id].sort(), 'plus the root of the reply');
        assert.equal(list.posts[root.id]!.reply_count, 1);
        assert.deepEqual((await a.client.getPostsSince(ts.id, newer.update_at)).order, [], 'nothing changed');
        assert.deepEqual((await a.client.getPostsSince(ts.id, 0)).order, (await a.client.getPosts(ts.id)).order, 'since 0: the whole (small) channel');

        await expectStatus(403, () => c.client.getPostsSince(ts.id, 0));
        for (const bad of ['-1', 'yesterday', '1.5', '']) {
          const res = await fetch(`${s.url}/api/v4/channels/${ts.id}/posts?since=${bad}`, { headers: { Authorization: `Bearer ${a.client.getToken()}` } });
          assert.equal(res.status, 400, `since=${bad}`);
          assert.equal(((await res.json()) as { id: string }).id, 'api.context.invalid_url_param.app_error');
        }
      }));
  });
}
