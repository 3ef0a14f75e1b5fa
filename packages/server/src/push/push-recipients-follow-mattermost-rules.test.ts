import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pushRecipients, statusAllowsPush, viewClearsPushes, type PushCandidate, type PushWhoInput } from './push-recipients.js';

const c = (userId: string, userProps: Record<string, string> = {}, extra: Partial<PushCandidate> = {}): PushCandidate => ({
  userId,
  userProps: { push: 'mention', push_status: 'away', ...userProps },
  channelProps: {},
  online: false,
  crt: true,
  ...extra,
});

const base = (candidates: PushCandidate[], over: Partial<PushWhoInput> = {}): PushWhoInput => ({
  channelType: 'O',
  authorId: 'author',
  postType: '',
  explicitMentionIds: new Set(),
  channelMention: false,
  hereMention: false,
  candidates,
  ...over,
});

const ids = (input: PushWhoInput) => pushRecipients(input).map((d) => d.userId).sort();

describe('who gets a push', () => {
  it('a DM recipient always (explicit), unless their push prop is none; never the author', () => {
    const d = pushRecipients(base([c('a'), c('author')], { channelType: 'D' }));
    assert.deepEqual(d, [{ userId: 'a', explicitMention: true, channelWideMention: false, replyToThreadType: '' }]);
    assert.deepEqual(ids(base([c('a', { push: 'none' })], { channelType: 'D' })), []);
  });

  it('channel posts: mention gets @username only, all gets every post, none nothing', () => {
    const members = [c('m'), c('all', { push: 'all' }), c('none', { push: 'none' }), c('named')];
    assert.deepEqual(ids(base(members)), ['all']);
    assert.deepEqual(ids(base(members, { explicitMentionIds: new Set(['named', 'none']) })), ['all', 'named']);
    const d = pushRecipients(base(members, { explicitMentionIds: new Set(['named']) }));
    assert.equal(d.find((x) => x.userId === 'all')?.explicitMention, false);
    assert.equal(d.find((x) => x.userId === 'named')?.explicitMention, true);
  });

  it('@channel/@all reach every member who allows channel mentions; @here only the online', () => {
    const members = [c('x'), c('muted-mentions', { channel: 'false' }), c('ignores', {}, { channelProps: { ignore_channel_mentions: 'on' } }), c('on', { push_status: 'online' }, { online: true })];
    assert.deepEqual(ids(base(members, { channelMention: true })), ['on', 'x']);
    assert.ok(pushRecipients(base(members, { channelMention: true })).every((d) => d.channelWideMention));
    assert.deepEqual(ids(base(members, { hereMention: true })), ['on']);
  });

  it('channel props override the user prop; a muted channel pushes nothing; group channels treat mention as all', () => {
    assert.deepEqual(ids(base([c('a', {}, { channelProps: { push: 'all' } })])), ['a']);
    assert.deepEqual(ids(base([c('a', { push: 'all' }, { channelProps: { push: 'none' } })])), []);
    assert.deepEqual(ids(base([c('a', {}, { channelProps: { mark_unread: 'mention' } })], { explicitMentionIds: new Set(['a']) })), []);
    assert.deepEqual(ids(base([c('a')], { channelType: 'G' })), ['a']);
  });

  it('push_status: online always; away and offline only when not online (default away)', () => {
    assert.equal(statusAllowsPush({ push_status: 'online' }, true), true);
    assert.equal(statusAllowsPush({}, true), true);
    assert.equal(statusAllowsPush({ push_status: 'away' }, true), false);
    assert.equal(statusAllowsPush({ push_status: 'away' }, false), true);
    assert.equal(statusAllowsPush({ push_status: 'offline' }, true), false);
    assert.equal(statusAllowsPush({ push_status: 'offline' }, false), true);
    assert.deepEqual(ids(base([c('a', {}, { online: true })], { channelType: 'D' })), []);
  });

  it('thread replies: CRT followers with push_threads all; without CRT the comments prop (root / any)', () => {
    const thread = { rootAuthorId: 'root', participantIds: new Set(['replier']) };
    const crt = pushRecipients(base([c('root'), c('replier'), c('quiet', { push_threads: 'mention' }), c('other')], { thread: { ...thread, participantIds: new Set(['replier', 'quiet']) } }));
    assert.deepEqual(crt.map((d) => [d.userId, d.replyToThreadType]).sort(), [['replier', 'CRT'], ['root', 'CRT']]);
    const classic = pushRecipients(
      base([c('root', { comments: 'root' }, { crt: false }), c('replier', { comments: 'any' }, { crt: false }), c('never', { comments: 'never' }, { crt: false })], {
        thread: { rootAuthorId: 'root', participantIds: new Set(['replier', 'never']) },
      }),
    );
    assert.deepEqual(classic.map((d) => [d.userId, d.replyToThreadType]).sort(), [['replier', 'any'], ['root', 'root']]);
    const mentioned = pushRecipients(base([c('root')], { thread, explicitMentionIds: new Set(['root']) }));
    assert.deepEqual(mentioned[0], { userId: 'root', explicitMention: true, channelWideMention: false, replyToThreadType: '' }, 'a mention outranks following');
  });

  it('system messages push nobody', () => {
    assert.deepEqual(ids(base([c('a', { push: 'all' })], { postType: 'system_join_channel' })), []);
  });

  it('a view clears only when something was unread for the push level', () => {
    assert.equal(viewClearsPushes('mention', 'O', 0, 5), false);
    assert.equal(viewClearsPushes('mention', 'O', 1, 1), true);
    assert.equal(viewClearsPushes('all', 'O', 0, 2), true);
    assert.equal(viewClearsPushes('mention', 'D', 0, 1), true);
    assert.equal(viewClearsPushes('none', 'O', 3, 3), false);
  });
});
