import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildClearPush, buildMessagePush, buildTestPush, pushMessageText, redactDevice, sendingLine, splitDeviceId, stripMarkdown, type MessagePushInput } from './push-contents.js';
import { retryDelay } from './outbox-worker.js';

const input = (over: Partial<MessagePushInput> = {}): MessagePushInput => ({
  contents: 'generic',
  post: { id: 'p1', root_id: '', channel_id: 'c1', user_id: 'u-frank', message: 'Hello **world**', props: {} },
  channel: { id: 'c1', type: 'O', team_id: 't1', display_name: 'Town Square' },
  senderUsername: 'frank',
  crt: true,
  explicitMention: false,
  channelWideMention: false,
  replyToThreadType: '',
  badge: 3,
  ...over,
});

describe('what a push says', () => {
  it('generic (the default): channel name as title, Mattermost wording per case', () => {
    const m = buildMessagePush(input({ explicitMention: true }));
    assert.equal(m.message, '@frank mentioned you.');
    assert.equal(m.channel_name, 'Town Square');
    assert.equal(m.sender_name, '@frank');
    assert.equal(m.badge, 3);
    assert.equal(m.type, 'message');
    assert.equal(m.version, 'v2');
    assert.equal(m.category, 'CAN_REPLY');
    assert.equal(m.is_id_loaded, false);
    assert.equal(buildMessagePush(input({ channelWideMention: true })).message, '@frank notified the channel.');
    assert.equal(buildMessagePush(input()).message, '@frank posted a message.');
    const dm = buildMessagePush(input({ channel: { id: 'd', type: 'D', team_id: '', display_name: '' }, explicitMention: true }));
    assert.equal(dm.message, 'sent you a message.');
    assert.equal(dm.channel_name, '@frank');
  });

  it('thread wording: CRT follower, comments root / any, CRT titles', () => {
    const reply = { post: { id: 'p2', root_id: 'p1', channel_id: 'c1', user_id: 'u', message: 'x', props: {} } };
    const crt = buildMessagePush(input({ ...reply, replyToThreadType: 'CRT' }));
    assert.equal(crt.message, "@frank replied to a thread you're following.");
    assert.equal(crt.channel_name, 'Reply in Town Square');
    assert.equal(crt.root_id, 'p1');
    assert.equal(crt.is_crt_enabled, true);
    assert.equal(pushMessageText('generic', 'x', false, false, '@frank', 'O', 'root'), '@frank commented on your post.');
    assert.equal(pushMessageText('generic', 'x', false, false, '@frank', 'O', 'any'), '@frank commented on a thread you participated in.');
    assert.equal(pushMessageText('generic', 'x', false, false, '@frank', 'D', 'CRT'), '@frank replied to a thread.');
    assert.equal(pushMessageText('generic_no_channel', 'x', false, false, '@frank', 'D', 'CRT'), "@frank replied to a thread you're following.");
    const dmReply = buildMessagePush(input({ ...reply, channel: { id: 'd', type: 'D', team_id: '', display_name: '' }, replyToThreadType: 'CRT' }));
    assert.equal(dmReply.channel_name, 'Reply in Direct Message');
    assert.equal(buildMessagePush(input({ ...reply, crt: false })).channel_name, 'Town Square');
  });

  it('generic_no_channel: the same text, channel name only for DMs', () => {
    const m = buildMessagePush(input({ contents: 'generic_no_channel', explicitMention: true }));
    assert.equal(m.message, '@frank mentioned you.');
    assert.equal(m.channel_name, undefined);
    assert.equal(buildMessagePush(input({ contents: 'generic_no_channel', channel: { id: 'd', type: 'D', team_id: '', display_name: '' } })).channel_name, '@frank');
  });

  it('full: "@sender: message" (markdown stripped) in channels and DMs', () => {
    assert.equal(buildMessagePush(input({ contents: 'full' })).message, '@frank: Hello world');
    const dm = buildMessagePush(input({ contents: 'full', senderUsername: 'accountb', post: { id: 'p', root_id: '', channel_id: 'd', user_id: 'b', message: 'Hello', props: {} }, channel: { id: 'd', type: 'D', team_id: '', display_name: '' } }));
    assert.equal(dm.message, '@accountb: Hello');
    assert.equal(buildMessagePush(input({ contents: 'full', post: { ...input().post, message: 'x'.repeat(5000) } })).message!.length, 2046);
  });

  it('id_loaded: no content anywhere, is_id_loaded, the ids to fetch the post', () => {
    const m = buildMessagePush(input({ contents: 'id_loaded', explicitMention: true }));
    assert.equal(m.message, "You've received a new message.");
    assert.equal(m.is_id_loaded, true);
    assert.equal(m.post_id, 'p1');
    assert.equal(m.channel_id, 'c1');
    for (const k of ['channel_name', 'sender_name', 'override_username']) assert.equal((m as unknown as Record<string, unknown>)[k], undefined, k);
    assert.ok(!JSON.stringify(m).includes('Hello') && !JSON.stringify(m).includes('frank') && !JSON.stringify(m).includes('Town'));
  });

  it('clear, test, device ids, the DEBUG line, backoff', () => {
    assert.deepEqual(buildClearPush('c1', 2, true), { type: 'clear', version: 'v2', channel_id: 'c1', root_id: '', cont_ava: 1, badge: 2, is_crt_enabled: true });
    assert.equal(buildTestPush().badge, -1);
    assert.deepEqual(splitDeviceId('apple_rn:abc:def'), { platform: 'apple_rn', token: 'abc:def' });
    assert.equal(splitDeviceId('nocolon'), undefined);
    assert.equal(splitDeviceId(':x'), undefined);
    assert.equal(redactDevice('608xyz0123456789', false), '608xyz0...');
    assert.equal(redactDevice('608xyz0123456789', true), '608xyz0123456789');
    assert.equal(sendingLine('63c06ca8e3949ca7', '@accountb: Hello', true), "Sending push notification to 63c06ca8e3949ca7 wi msg of '@accountb: Hello'");
    assert.equal(stripMarkdown('# Title\n> quote [link](http://x) `code` ~~gone~~ _em_'), 'Title\nquote link code gone em');
    assert.deepEqual([1, 2, 3, 10].map((a) => retryDelay(a, { baseDelayMs: 100, maxDelayMs: 1000 })), [100, 200, 400, 1000]);
  });
});
