// Who gets a push for a new post, with Mattermost's rules (app/notification.go and
// notification_push.go: ShouldSendPushNotification, DoesNotifyPropsAllowPushNotification,
// DoesStatusAllowPushNotification). Pure: the caller gathers the members' props and presence.
//
// - The author never gets a push; system posts push nobody.
// - Mentions: a direct channel's other member (DM), @username (explicit), @channel/@all (every
//   member whose `channel` prop is not "false" and whose channel props do not ignore channel
//   mentions), @here (the same, online members only).
// - Thread replies: with collapsed reply threads (CRT, Mattermost's default) the thread's
//   followers (root author and everyone who replied) get a push when their `push_threads` is
//   "all"; without CRT the `comments` prop decides ("root": replies to threads they started,
//   "any": threads they took part in). Herald does not track users only mentioned in a thread as
//   followers.
// - The effective push level is the member's channel `push` prop unless "default"/empty, then
//   the user's `push` prop (default "mention"); in group channels "mention" counts as "all".
//   "none" gets nothing, "mention" only when mentioned, "all" every post. A channel muted
//   (`mark_unread` = "mention") gets nothing.
// - Presence (`push_status`, Mattermost's default "away"): "online" (or unset) pushes whatever the
//   status; "away" and "offline" push only when the user is not online. Herald knows online
//   (a live WebSocket) and offline, not away or the active channel.
import type { ChannelType, NotifyProps } from '../store/store.js';

/** Mattermost's reply-to-thread types: '' (none), 'root', 'any' (comments prop), 'CRT'. */
export type ReplyToThreadType = '' | 'root' | 'any' | 'CRT';

export interface PushCandidate {
  userId: string;
  /** The user's notify_props. */
  userProps: NotifyProps;
  /** The channel member's notify_props. */
  channelProps: NotifyProps;
  online: boolean;
  /** Collapsed reply threads for this user. */
  crt: boolean;
}

export interface PushWhoInput {
  channelType: ChannelType;
  authorId: string;
  /** System messages (post.type starting with "system_") never push. */
  postType: string;
  explicitMentionIds: ReadonlySet<string>;
  channelMention: boolean;
  hereMention: boolean;
  /** For a reply: the root's author and everyone who replied before (the thread's followers). */
  thread?: { rootAuthorId: string; participantIds: ReadonlySet<string> } | undefined;
  /** Every member of the channel except the author. */
  candidates: readonly PushCandidate[];
}

export interface PushDecision {
  userId: string;
  explicitMention: boolean;
  channelWideMention: boolean;
  replyToThreadType: ReplyToThreadType;
}

type MentionType = 'keyword' | 'dm' | 'channel' | 'comment' | 'thread';
const PRIORITY: Record<MentionType, number> = { thread: 1, comment: 2, channel: 3, dm: 4, keyword: 5 };

/** The effective push level of a member: all | mention | none. */
export function effectivePushLevel(c: Pick<PushCandidate, 'userProps' | 'channelProps'>, channelType: ChannelType): 'all' | 'mention' | 'none' {
  const channelLevel = c.channelProps.push;
  let level = channelLevel && channelLevel !== 'default' ? channelLevel : c.userProps.push || 'mention';
  if ((!channelLevel || channelLevel === 'default') && channelType === 'G' && level === 'mention') level = 'all';
  return level === 'all' || level === 'none' ? level : 'mention';
}

/** DoesStatusAllowPushNotification with Herald's two presences. */
export function statusAllowsPush(userProps: NotifyProps, online: boolean): boolean {
  const pushStatus = userProps.push_status;
  if (pushStatus === undefined || pushStatus === '' || pushStatus === 'online') return true;
  if (pushStatus === 'away' || pushStatus === 'offline') return !online;
  return false;
}

export function pushRecipients(input: PushWhoInput): PushDecision[] {
  if (input.postType.startsWith('system_')) return [];
  const mentions = new Map<string, MentionType>();
  const add = (id: string, t: MentionType) => {
    const had = mentions.get(id);
    if (had === undefined || PRIORITY[t] > PRIORITY[had]) mentions.set(id, t);
  };

  for (const c of input.candidates) {
    if (c.userId === input.authorId) continue;
    if (input.channelType === 'D') add(c.userId, 'dm');
    if (input.explicitMentionIds.has(c.userId)) add(c.userId, 'keyword');
    const channelMentionsAllowed = c.userProps.channel !== 'false' && c.channelProps.ignore_channel_mentions !== 'on';
    if (channelMentionsAllowed && (input.channelMention || (input.hereMention && c.online))) add(c.userId, 'channel');
    const t = input.thread;
    if (t) {
      const follows = t.rootAuthorId === c.userId || t.participantIds.has(c.userId);
      if (c.crt) {
        if (follows && (c.userProps.push_threads ?? 'all') === 'all') add(c.userId, 'thread');
      } else if (c.userProps.comments === 'any' && follows) add(c.userId, 'comment');
      else if (c.userProps.comments === 'root' && t.rootAuthorId === c.userId) add(c.userId, 'comment');
    }
  }

  const out: PushDecision[] = [];
  for (const c of input.candidates) {
    if (c.userId === input.authorId) continue;
    if (c.channelProps.mark_unread === 'mention') continue; // muted
    const level = effectivePushLevel(c, input.channelType);
    if (level === 'none') continue;
    const type = mentions.get(c.userId);
    if (type === undefined && level !== 'all') continue;
    if (!statusAllowsPush(c.userProps, c.online)) continue;
    let replyToThreadType: ReplyToThreadType = '';
    if (type === 'thread') replyToThreadType = 'CRT';
    else if (type === 'comment') replyToThreadType = c.userProps.comments === 'root' ? 'root' : 'any';
    out.push({
      userId: c.userId,
      explicitMention: type === 'keyword' || type === 'dm',
      channelWideMention: type === 'channel',
      replyToThreadType,
    });
  }
  return out;
}

/**
 * Whether viewing a channel clears pushes (Mattermost's MarkChannelsAsViewed): only when there
 * was something to clear for the member's push level — any unread post for "all", unread
 * mentions for "mention" (a direct channel's unread messages count as mentions).
 */
export function viewClearsPushes(level: 'all' | 'mention' | 'none', channelType: ChannelType, unreadMentions: number, unreadMessages: number): boolean {
  if (level === 'all') return unreadMessages > 0 || unreadMentions > 0;
  if (level === 'mention' || channelType === 'D') return unreadMentions > 0 || (channelType === 'D' && unreadMessages > 0);
  return false;
}
