// What a push says: Mattermost's PushNotificationContents modes with its English strings
// (server/i18n/en.json "api.post.send_notification*_and_forget.push_*",
// "api.push_notification.*") and the shape of model.PushNotification. Pure: no I/O.
//
// - generic (default): channel_name set (the app's title), message like "@frank mentioned you."
// - generic_no_channel: the same message, channel_name only for direct messages.
// - full: channels "@frank: <message>"; direct messages too — "@accountb: Hello", as the seed's
//   confirmation procedure logs it (current Mattermost sends only the message for a DM and
//   relies on channel_name "@accountb" as the title; Herald keeps the sender in the body so the
//   DEBUG line reads as documented).
// - id_loaded: no content at all (no text, channel or sender name): "You've received a new
//   message.", is_id_loaded true; the app fetches the post by id with its own session.
import type { PushNotificationContents } from '../config/server-config.js';
import type { ChannelType } from '../store/store.js';
import type { ReplyToThreadType } from './push-recipients.js';

export const PUSH_VERSION = 'v2';
export const CATEGORY_CAN_REPLY = 'CAN_REPLY';
export const MAX_MESSAGE_CHARS = 2046;
export const MAX_CHANNEL_NAME_CHARS = 64;

export const TEXT = {
  channelMention: ' notified the channel.',
  crtThread: " replied to a thread you're following.",
  crtThreadDm: ' replied to a thread.',
  commentOnPost: ' commented on your post.',
  commentOnThread: ' commented on a thread you participated in.',
  explicitMention: ' mentioned you.',
  generalMessage: ' posted a message.',
  directMessage: 'sent you a message.',
  idLoaded: "You've received a new message.",
  crtTitle: (channelName: string) => `Reply in ${channelName}`,
  crtTitleDm: 'Reply in Direct Message',
} as const;

/** The body of a push without the per-device fields (platform, device_id, ack_id, server_id). */
export interface PushBody {
  type: 'message' | 'clear' | 'update_badge' | 'test';
  version: string;
  message?: string;
  channel_name?: string;
  badge?: number;
  post_id?: string;
  root_id?: string;
  channel_id?: string;
  team_id?: string;
  category?: string;
  sound?: string;
  sender_id?: string;
  sender_name?: string;
  override_username?: string;
  override_icon_url?: string;
  from_webhook?: string;
  cont_ava?: number;
  is_crt_enabled?: boolean;
  is_id_loaded?: boolean;
}

/** A push as POSTed to {server}/api/v1/send_push. */
export interface PushWire extends PushBody {
  platform: string;
  server_id: string;
  device_id: string;
  ack_id?: string;
}

export interface MessagePushInput {
  contents: PushNotificationContents;
  post: { id: string; root_id: string; channel_id: string; user_id: string; message: string; props: Record<string, unknown> };
  channel: { id: string; type: ChannelType; team_id: string; display_name: string };
  senderUsername: string;
  /** The recipient's collapsed-reply-threads setting. */
  crt: boolean;
  explicitMention: boolean;
  channelWideMention: boolean;
  replyToThreadType: ReplyToThreadType;
  badge: number;
}

/** Characters, not UTF-16 units (an emoji is one). */
export function truncateChars(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : chars.slice(0, max).join('');
}

/** model.ClearMentionTags: drops the <mention> markers some clients add. */
export function clearMentionTags(s: string): string {
  return s.replaceAll('<mention>', '').replaceAll('</mention>', '');
}

/**
 * A light utils.StripMarkdown: what a lock screen should show of a Markdown message (no emphasis
 * markers, headings, quotes, code fences or link targets).
 */
export function stripMarkdown(s: string): string {
  return s
    .replace(/```[^\n]*\n?([\s\S]*?)```/g, '$1')
    .replace(/`([^`\n]*)`/g, '$1')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(\*|_)(?=\S)([^*_\n]*?\S)\1/g, '$2')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
    .trim();
}

/** getPushNotificationMessage (no file attachments in Herald). */
export function pushMessageText(
  contents: PushNotificationContents,
  postMessage: string,
  explicitMention: boolean,
  channelWideMention: boolean,
  senderName: string,
  channelType: ChannelType,
  replyToThreadType: ReplyToThreadType,
): string {
  if (contents === 'full') return `${senderName}: ${clearMentionTags(postMessage)}`;
  if (channelType === 'D') {
    if (replyToThreadType === 'CRT') return senderName + (contents === 'generic_no_channel' ? TEXT.crtThread : TEXT.crtThreadDm);
    return TEXT.directMessage;
  }
  if (replyToThreadType === 'CRT') return senderName + TEXT.crtThread;
  if (channelWideMention) return senderName + TEXT.channelMention;
  if (explicitMention) return senderName + TEXT.explicitMention;
  if (replyToThreadType === 'root') return senderName + TEXT.commentOnPost;
  if (replyToThreadType === 'any') return senderName + TEXT.commentOnThread;
  return senderName + TEXT.generalMessage;
}

/** The channel name as the recipient sees it: "@sender" for a direct message. */
export function recipientChannelName(channel: MessagePushInput['channel'], senderName: string): string {
  return channel.type === 'D' ? senderName : channel.display_name;
}

/** BuildPushNotificationMessage for one recipient (badge included, device fields not). */
export function buildMessagePush(i: MessagePushInput): PushBody {
  const { post, channel } = i;
  if (i.contents === 'id_loaded') {
    return {
      type: 'message',
      version: PUSH_VERSION,
      message: TEXT.idLoaded,
      post_id: post.id,
      channel_id: post.channel_id,
      root_id: post.root_id,
      team_id: channel.team_id,
      category: CATEGORY_CAN_REPLY,
      is_crt_enabled: i.crt,
      is_id_loaded: true,
      badge: i.badge,
    };
  }
  const senderName = `@${i.senderUsername}`;
  const channelName = recipientChannelName(channel, senderName);
  const msg: PushBody = {
    type: 'message',
    version: PUSH_VERSION,
    category: CATEGORY_CAN_REPLY,
    team_id: channel.team_id,
    channel_id: channel.id,
    post_id: post.id,
    root_id: post.root_id,
    sender_id: post.user_id,
    sender_name: senderName,
    is_crt_enabled: i.crt,
    is_id_loaded: false,
    badge: i.badge,
  };
  if (i.contents !== 'generic_no_channel' || channel.type === 'D') msg.channel_name = truncateChars(channelName, MAX_CHANNEL_NAME_CHARS);
  if (i.crt && post.root_id !== '' && i.contents !== 'generic_no_channel') {
    msg.channel_name = truncateChars(channel.type === 'D' ? TEXT.crtTitleDm : TEXT.crtTitle(channelName), MAX_CHANNEL_NAME_CHARS);
  }
  if (typeof post.props.from_webhook === 'string') msg.from_webhook = post.props.from_webhook;
  const text = pushMessageText(i.contents, stripMarkdown(post.message), i.explicitMention, i.channelWideMention, senderName, channel.type, i.replyToThreadType);
  msg.message = truncateChars(text, MAX_MESSAGE_CHARS);
  return msg;
}

/** clearPushNotificationSync: the app removes the channel's notifications and sets the badge. */
export function buildClearPush(channelId: string, badge: number, crt: boolean, rootId = ''): PushBody {
  return { type: 'clear', version: PUSH_VERSION, channel_id: channelId, root_id: rootId, cont_ava: 1, badge, is_crt_enabled: crt };
}

/** updateMobileAppBadgeSync. */
export function buildUpdateBadgePush(badge: number): PushBody {
  return { type: 'update_badge', version: PUSH_VERSION, sound: 'none', cont_ava: 1, badge };
}

/** SendTestPushNotification: silent, badge untouched. */
export function buildTestPush(): PushBody {
  return { type: 'test', version: PUSH_VERSION, badge: -1 };
}

/** SetDeviceIdAndPlatform: "apple_rn:abc" -> platform apple_rn, device abc. */
export function splitDeviceId(deviceId: string): { platform: string; token: string } | undefined {
  const i = deviceId.indexOf(':');
  if (i <= 0 || i === deviceId.length - 1) return undefined;
  return { platform: deviceId.slice(0, i), token: deviceId.slice(i + 1) };
}

/** The device as the DEBUG line names it: whole in test mode, else an 8-character prefix. */
export function redactDevice(token: string, full: boolean): string {
  return full || token.length <= 8 ? token : `${token.slice(0, 7)}...`;
}

/** The seed's DEBUG line, one per push. */
export function sendingLine(token: string, message: string, fullDevice: boolean): string {
  return `Sending push notification to ${redactDevice(token, fullDevice)} wi msg of '${message}'`;
}
