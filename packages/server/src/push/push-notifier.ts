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
}

export type DeviceCheck = 'true' | 'false' | 'unknown';

export interface PushNotifier {
  inPostTransaction?(tx: Repos, event: PostCreatedEvent): Promise<void>;
  postCreated(event: PostCreatedEvent): void | Promise<void>;
  channelViewed(event: ChannelViewedEvent): void | Promise<void>;
  /** `GET /system/ping?device_id=`: a silent test push, reported as CanReceiveNotifications. */
  checkDevice?(deviceId: string): Promise<DeviceCheck>;
  close?(): Promise<void>;
}

/** Phase 1 default: records nothing, sends nothing. */
export const noPushNotifier: PushNotifier = {
  postCreated() {},
  channelViewed() {},
};
