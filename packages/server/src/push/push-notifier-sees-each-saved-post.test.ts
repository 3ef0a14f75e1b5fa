import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withServer } from '../testing/engines.js';
import { signUp } from '../testing/client4.js';
import type { ChannelViewedEvent, PostCreatedEvent, PushNotifier } from './push-notifier.js';

function recordingNotifier() {
  const posts: PostCreatedEvent[] = [];
  const inTx: string[] = [];
  const views: ChannelViewedEvent[] = [];
  const notifier: PushNotifier = {
    async inPostTransaction(tx, e) {
      inTx.push(e.post.id);
      assert.ok(await tx.posts.get(e.post.id), 'the post is visible inside its transaction');
    },
    postCreated: (e) => void posts.push(e),
    channelViewed: (e) => void views.push(e),
    checkDevice: async (id) => (id.startsWith('apple') ? 'true' : 'false'),
  };
  return { notifier, posts, inTx, views };
}

describe('the push notifier seam', () => {
  it('sees each saved post with its channel, members and mentions, and each channel view', async () => {
    const rec = recordingNotifier();
    await withServer(
      'sqlite',
      async (s) => {
        const a = await signUp(s.url, 'alice');
        const b = await signUp(s.url, 'bob');
        const team = await a.client.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
        await a.client.addToTeam(team.id, b.user.id);
        const ts = await a.client.getChannelByName(team.id, 'town-square');
        const post = await b.client.createPost({ channel_id: ts.id, message: 'ping @alice' } as never);
        for (let i = 0; i < 50 && rec.posts.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
        assert.deepEqual(rec.inTx, [post.id]);
        const e = rec.posts[0]!;
        assert.equal(e.post.id, post.id);
        assert.equal(e.channel.display_name, 'Town Square');
        assert.equal(e.team?.name, 'demo');
        assert.equal(e.sender.username, 'bob');
        assert.deepEqual([...e.mentions.userIds], [a.user.id]);
        assert.deepEqual(e.mentionedUserIds, [a.user.id]);
        assert.deepEqual([...e.memberIds].sort(), [a.user.id, b.user.id].sort());
        await a.client.viewMyChannel(ts.id);
        for (let i = 0; i < 50 && rec.views.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
        assert.equal(rec.views[0]?.channelId, ts.id);
        assert.equal(rec.views[0]?.userId, a.user.id);
        const ping = (await a.client.ping(false, 'apple_rn:abc')) as unknown as Record<string, unknown>;
        assert.equal(ping.CanReceiveNotifications, 'true');
      },
      { notifier: rec.notifier },
    );
  });
});
