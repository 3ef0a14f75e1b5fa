import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, usePostgres, withServer, type TestServer } from '../testing/engines.js';
import { expectStatus, signUp } from '../testing/client4.js';

usePostgres();

async function teamOfThree(s: TestServer) {
  const a = await signUp(s.url, 'alice');
  const b = await signUp(s.url, 'bob');
  const c = await signUp(s.url, 'carol');
  const team = await a.client.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
  await a.client.addToTeam(team.id, b.user.id);
  return { a, b, c, team };
}

for (const engine of ENGINES) {
  describe(`teams, channels and posts with Client4 on ${engine}`, () => {
    it('creating a team makes Town Square and Off-Topic and joins the creator; new members join them too', () =>
      withServer(engine, async (s) => {
        const { a, b, team } = await teamOfThree(s);
        assert.equal((await b.client.getTeamByName('demo')).id, team.id);
        assert.deepEqual((await b.client.getMyTeams()).map((t) => t.name), ['demo']);
        const ts = await b.client.getChannelByName(team.id, 'town-square');
        assert.equal(ts.display_name, 'Town Square');
        assert.equal((await a.client.getChannelByName(team.id, 'off-topic')).display_name, 'Off-Topic');
        const members = await a.client.getChannelMembers(ts.id);
        assert.deepEqual(members.map((m) => m.user_id).sort(), [a.user.id, b.user.id].sort());
        assert.equal((await b.client.getTeamMember(team.id, b.user.id)).roles, 'team_user');
        await expectStatus(400, () => a.client.createTeam({ name: 'demo', display_name: 'Again', type: 'O' } as never));
      }));

    it('private channels are invisible to non-members; members can add team members', () =>
      withServer(engine, async (s) => {
        const { a, b, c, team } = await teamOfThree(s);
        const priv = await a.client.createChannel({ team_id: team.id, name: 'secret', display_name: 'Secret', type: 'P' } as never);
        await expectStatus(403, () => b.client.getChannel(priv.id));
        await expectStatus(403, () => b.client.createPost({ channel_id: priv.id, message: 'let me in' } as never));
        await expectStatus(403, () => b.client.addToChannel(b.user.id, priv.id));
        await expectStatus(400, () => a.client.addToChannel(c.user.id, priv.id), /* not in the team */);
        const m = await a.client.addToChannel(b.user.id, priv.id);
        assert.equal(m.user_id, b.user.id);
        assert.equal((await b.client.getChannel(priv.id)).name, 'secret');
        await expectStatus(403, () => c.client.getChannel(priv.id));
        await expectStatus(403, () => c.client.getPosts(priv.id));
      }));

    it('a direct channel between two users is created once; outsiders get 403', () =>
      withServer(engine, async (s) => {
        const { a, b, c } = await teamOfThree(s);
        const dm = await b.client.createDirectChannel([b.user.id, a.user.id]);
        assert.equal(dm.type, 'D');
        assert.equal(dm.name, [a.user.id, b.user.id].sort().join('__'));
        assert.equal((await a.client.createDirectChannel([a.user.id, b.user.id])).id, dm.id);
        await expectStatus(403, () => c.client.createDirectChannel([a.user.id, b.user.id]));
        await expectStatus(403, () => c.client.getPosts(dm.id));
      }));

    it('posts and thread replies are listed; a reply must point at a root in the same channel', () =>
      withServer(engine, async (s) => {
        const { a, b, team } = await teamOfThree(s);
        const ts = await a.client.getChannelByName(team.id, 'town-square');
        const root = await a.client.createPost({ channel_id: ts.id, message: 'root' } as never);
        const reply = await b.client.createPost({ channel_id: ts.id, message: 'reply', root_id: root.id } as never);
        assert.equal(reply.root_id, root.id);
        assert.equal((await a.client.getPost(reply.id)).message, 'reply');
        const list = await b.client.getPosts(ts.id);
        assert.deepEqual(list.order, [reply.id, root.id], 'newest first');
        const thread = await a.client.getPostThread(reply.id);
        assert.deepEqual(new Set(thread.order), new Set([root.id, reply.id]));
        assert.equal(thread.posts[root.id]!.reply_count, 1);
        await expectStatus(400, () => b.client.createPost({ channel_id: ts.id, message: 'x', root_id: reply.id } as never));
        const other = await a.client.getChannelByName(team.id, 'off-topic');
        await expectStatus(400, () => a.client.createPost({ channel_id: other.id, message: 'x', root_id: root.id } as never));
      }));

    it('unread and mention counts grow with posts and @mentions, and viewing the channel clears them', () =>
      withServer(engine, async (s) => {
        const { a, b, team } = await teamOfThree(s);
        const ts = await a.client.getChannelByName(team.id, 'town-square');
        await a.client.createPost({ channel_id: ts.id, message: 'hello all' } as never);
        await a.client.createPost({ channel_id: ts.id, message: 'hey @bob, look' } as never);
        const [unread] = await b.client.getMyTeamUnreads();
        assert.equal(unread!.team_id, team.id);
        assert.equal(unread!.msg_count, 2);
        assert.equal(unread!.mention_count, 1);
        const before = await b.client.getMyChannelMember(ts.id);
        assert.equal(before.mention_count, 1);
        assert.equal((await b.client.getChannel(ts.id)).total_msg_count - before.msg_count, 2);
        assert.equal((await a.client.getMyChannelMember(ts.id)).mention_count, 0, 'the author has read their own posts');
        const viewed = await b.client.viewMyChannel(ts.id);
        assert.equal(viewed.status, 'OK');
        const after = await b.client.getMyChannelMember(ts.id);
        assert.equal(after.mention_count, 0);
        assert.equal(after.msg_count, 2);
        assert.ok(after.last_viewed_at >= before.last_viewed_at);
        assert.equal((await b.client.getMyTeamUnreads())[0]!.msg_count, 0);
      }));

    it('every post in a direct channel is a mention for the other user', () =>
      withServer(engine, async (s) => {
        const { a, b } = await teamOfThree(s);
        const dm = await b.client.createDirectChannel([b.user.id, a.user.id]);
        await b.client.createPost({ channel_id: dm.id, message: 'Hello' } as never);
        assert.equal((await a.client.getMyChannelMember(dm.id)).mention_count, 1);
        assert.equal((await b.client.getMyChannelMember(dm.id)).mention_count, 0);
      }));
  });
}
