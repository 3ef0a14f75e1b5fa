// A client that lost the reply to POST /posts (node killed, network dropped) sends the post again
// with the same pending_post_id, as Mattermost's apps do: the answer is the first post, and no
// second post, event or push is made — also when the retries race each other.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, usePostgres, withServer } from '../testing/engines.js';
import { expectStatus, signUp } from '../testing/client4.js';

usePostgres();

for (const engine of ENGINES) {
  describe(`posts retried with the same pending_post_id on ${engine}`, () => {
    it('a retry answers the first post; racing retries make one post; another channel is refused naming the field', () =>
      withServer(engine, async (s) => {
        const a = await signUp(s.url, 'alice');
        const b = await signUp(s.url, 'bob');
        const dm = await a.client.createDirectChannel([a.user.id, b.user.id]);
        const pending = `${a.user.id}:${Date.now()}`;
        const first = await a.client.createPost({ channel_id: dm.id, message: 'Hello', pending_post_id: pending } as never);
        const again = await a.client.createPost({ channel_id: dm.id, message: 'Hello', pending_post_id: pending } as never);
        assert.equal(again.id, first.id);
        assert.equal(again.pending_post_id, pending);

        const racing = `${a.user.id}:race`;
        const made = await Promise.all(Array.from({ length: 6 }, () => a.client.createPost({ channel_id: dm.id, message: 'race', pending_post_id: racing } as never)));
        assert.equal(new Set(made.map((p) => p.id)).size, 1, 'every racing retry got the same post');

        const list = await b.client.getPosts(dm.id);
        assert.deepEqual(list.order.map((id) => list.posts[id]!.message).sort(), ['Hello', 'race']);
        // The same key from another user is that user's own post.
        const bobs = await b.client.createPost({ channel_id: dm.id, message: 'mine', pending_post_id: pending } as never);
        assert.notEqual(bobs.id, first.id);
        // Empty keys are not keys.
        const p1 = await a.client.createPost({ channel_id: dm.id, message: 'x', pending_post_id: '' } as never);
        const p2 = await a.client.createPost({ channel_id: dm.id, message: 'x', pending_post_id: '' } as never);
        assert.notEqual(p1.id, p2.id);

        const team = await a.client.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
        const ts = await a.client.getChannelByName(team.id, 'town-square');
        const err = await expectStatus(400, () => a.client.createPost({ channel_id: ts.id, message: 'Hello', pending_post_id: pending } as never));
        assert.match(err.message, /pending_post_id/);
      }));
  });
}
