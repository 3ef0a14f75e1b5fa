// Low-level steps shared by teams and channels: make a channel, add a member. They take the
// repositories so callers can run them inside a transaction.
import { newId } from '../ids.js';
import type { ChannelMemberRecord, ChannelRecord, ChannelType, Repos } from '../store/store.js';

export const DEFAULT_CHANNELS = [
  { name: 'town-square', display_name: 'Town Square' },
  { name: 'off-topic', display_name: 'Off-Topic' },
] as const;

export const DEFAULT_CHANNEL_NOTIFY_PROPS = {
  desktop: 'default',
  email: 'default',
  mark_unread: 'all',
  push: 'default',
  ignore_channel_mentions: 'default',
};

export interface NewChannel {
  team_id: string;
  type: ChannelType;
  name: string;
  display_name: string;
  header?: string | undefined;
  purpose?: string | undefined;
  creator_id: string;
}

export async function insertChannel(repos: Repos, input: NewChannel, now: number): Promise<ChannelRecord> {
  const channel: ChannelRecord = {
    id: newId(),
    create_at: now,
    update_at: now,
    delete_at: 0,
    team_id: input.team_id,
    type: input.type,
    name: input.name,
    display_name: input.display_name,
    header: input.header ?? '',
    purpose: input.purpose ?? '',
    creator_id: input.creator_id,
    last_post_at: now,
    last_root_post_at: now,
    total_msg_count: 0,
    total_msg_count_root: 0,
  };
  await repos.channels.create(channel);
  return channel;
}

/** Adds the user (idempotent); a new member has read everything posted so far. */
export async function insertChannelMember(repos: Repos, channel: ChannelRecord, userId: string, now: number, admin = false): Promise<ChannelMemberRecord> {
  const member: ChannelMemberRecord = {
    channel_id: channel.id,
    user_id: userId,
    roles: admin ? 'channel_user channel_admin' : 'channel_user',
    last_viewed_at: now,
    msg_count: channel.total_msg_count,
    msg_count_root: channel.total_msg_count_root,
    mention_count: 0,
    mention_count_root: 0,
    notify_props: { ...DEFAULT_CHANNEL_NOTIFY_PROPS },
    last_update_at: now,
  };
  await repos.channels.addMember(member);
  return (await repos.channels.getMember(channel.id, userId)) ?? member;
}
