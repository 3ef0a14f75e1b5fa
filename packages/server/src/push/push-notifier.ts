// The seam for the push pipeline (phase 2). The chat server reports what happened; a notifier
// decides who gets a push, with what text, and delivers it. Posting never waits for delivery:
// `postCreated` and `channelViewed` are called after the commit and not awaited by the request.
// `inPostTransaction` runs inside the post's own transaction, so a durable outbox row can commit
// atomically with the post (nothing lost on a crash between "post saved" and "push queued").
import type { Mentions } from '../domain/mentions.js';
import type { ChannelRecord, PostRecord, Repos, TeamRecord, UserRecord } from '../store/store.js';

export interface PostCreatedEvent {
  post: PostRecord;
  channel: ChannelRecord;
  /** Undefined for direct and group channels. */
  team: TeamRecord | undefined;
  sender: UserRecord;
  /** Every member of the channel, the sender included. */
  memberIds: readonly string[];
  mentions: Mentions;
  /** Members whose mention count went up (explicit, @channel/@all, @here online). */
  mentionedUserIds: readonly string[];
  /** The root post for a thread reply. */
  root: PostRecord | undefined;
}

export interface ChannelViewedEvent {
  userId: string;
  channelId: string;
  /** The session that viewed it (a mobile session's own device gets the clear as well). */
  sessionId: string;
  /** What was unread just before the view (a clear is sent only when there was something to clear). */
  channelType?: ChannelRecord['type'];
  unreadMentions?: number;
  unreadMessages?: number;
}

export type DeviceCheck = 'true' | 'false' | 'unknown';

export interface PushNotifier {
  inPostTransaction?(tx: Repos, event: PostCreatedEvent): Promise<void>;
  postCreated(event: PostCreatedEvent): void | Promise<void>;
  channelViewed(event: ChannelViewedEvent): void | Promise<void>;
  /** `GET /system/ping?device_id=`: a silent test push, reported as CanReceiveNotifications. */
  checkDevice?(deviceId: string): Promise<DeviceCheck>;
  /** Whether pushes go anywhere now (config: SendPushNotifications and a push server). */
  enabled?(): boolean;
  /** `POST /notifications/test`: a test push to each of the user's devices; returns how many. */
  sendTestToUser?(userId: string): Promise<number>;
  /** `POST /notifications/ack`: records the ack once per id and forwards it to the push service. */
  ack?(userId: string, ack: PushAckInput): Promise<{ recorded: boolean; forwarded: boolean }>;
  /** The content an ID-loaded push left out, returned with its ack (caller checked access to the post). */
  idLoadedContent?(userId: string, post: PostRecord): Promise<Record<string, unknown> | undefined>;
  close?(): Promise<void>;
}

/** What the app reports in an ack (model.PushNotificationAck). */
export interface PushAckInput {
  id: string;
  received_at: number;
  platform: string;
  type: string;
  post_id?: string;
  is_id_loaded?: boolean;
}

/** Phase 1 default: records nothing, sends nothing. */
export const noPushNotifier: PushNotifier = {
  postCreated() {},
  channelViewed() {},
};
