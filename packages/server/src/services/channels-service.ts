// Channels: open/private channels of a team, direct channels between two users, membership,
// and viewing (= marking read). Reading posts and posting require membership.
import { AppError } from '../errors/app-error.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import type { ChannelMemberRecord, ChannelRecord } from '../store/store.js';
import { insertChannel, insertChannelMember } from './channel-membership.js';
import { isSystemAdmin, type Actor, type ServiceDeps } from './deps.js';

export interface NewTeamChannel {
  team_id: string;
  name: string;
  display_name: string;
  type: 'O' | 'P';
  header?: string | undefined;
  purpose?: string | undefined;
}

export function directChannelName(a: string, b: string): string {
  return a < b ? `${a}__${b}` : `${b}__${a}`;
}

export function channelsService(deps: ServiceDeps) {
  const { store } = deps;

  async function load(channelId: string): Promise<ChannelRecord | undefined> {
    const channel = await store.channels.get(channelId);
    return channel && channel.delete_at === 0 ? channel : undefined;
  }

  /** Members see a channel; so do team members for open channels, and system admins. */
  async function requireVisible(actor: Actor, channelId: string): Promise<ChannelRecord> {
    const channel = await load(channelId);
    if (await store.channels.getMember(channelId, actor.user.id)) return channel!;
    if (isSystemAdmin(actor.user)) {
      if (!channel) throw new AppError('channelNotFound');
      return channel;
    }
    if (channel?.type === 'O' && (await store.teams.getMember(channel.team_id, actor.user.id))) return channel;
    throw new AppError('forbidden');
  }

  /** Only members read posts and post (403 for everyone else, whether or not the channel exists). */
  async function requireMember(actor: Actor, channelId: string): Promise<{ channel: ChannelRecord; member: ChannelMemberRecord }> {
    const member = await store.channels.getMember(channelId, actor.user.id);
    const channel = member ? await load(channelId) : undefined;
    if (!member || !channel) throw new AppError('forbidden');
    return { channel, member };
  }

  return {
    requireVisible,
    requireMember,

    async create(actor: Actor, input: NewTeamChannel): Promise<ChannelRecord> {
      const inTeam = await store.teams.getMember(input.team_id, actor.user.id);
      if (!inTeam && !isSystemAdmin(actor.user)) throw new AppError('forbidden');
      if (!(await store.teams.get(input.team_id))) throw new AppError('teamNotFound');
      if (await store.channels.getByName(input.team_id, input.name)) throw new AppError('channelNameExists');
      const now = deps.now();
      try {
        return await store.transaction(async (tx) => {
          const channel = await insertChannel(tx, { ...input, creator_id: actor.user.id }, now);
          await insertChannelMember(tx, channel, actor.user.id, now, true);
          return channel;
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('channelNameExists');
        throw e;
      }
    },

    async getByName(actor: Actor, teamId: string, name: string): Promise<ChannelRecord> {
      const channel = await store.channels.getByName(teamId, name);
      if (!channel || channel.delete_at !== 0) {
        if (!isSystemAdmin(actor.user) && !(await store.teams.getMember(teamId, actor.user.id))) throw new AppError('forbidden');
        throw new AppError('channelNotFound');
      }
      return requireVisible(actor, channel.id);
    },

    async addMember(actor: Actor, channelId: string, userId: string): Promise<ChannelMemberRecord> {
      const channel = await requireVisible(actor, channelId);
      if (channel.type === 'D' || channel.type === 'G') throw new AppError('channelTypeNotJoinable');
      const actorIsMember = (await store.channels.getMember(channel.id, actor.user.id)) !== undefined;
      if (channel.type === 'P' && !actorIsMember && !isSystemAdmin(actor.user)) throw new AppError('forbidden');
      const user = await store.users.get(userId);
      if (!user || user.delete_at !== 0) throw new AppError('userNotFound');
      if (!(await store.teams.getMember(channel.team_id, userId))) throw new AppError('notTeamMember');
      const existing = await store.channels.getMember(channel.id, userId);
      if (existing) return existing;
      const member = await insertChannelMember(store, channel, userId, deps.now());
      const members = await store.channels.memberUserIds(channel.id);
      deps.hub.publish('user_added', { team_id: channel.team_id, user_id: userId }, members, { channel_id: channel.id });
      return member;
    },

    async getMember(actor: Actor, channelId: string, userId: string): Promise<ChannelMemberRecord> {
      await requireVisible(actor, channelId);
      const member = await store.channels.getMember(channelId, userId);
      if (!member) throw new AppError('channelMemberNotFound');
      return member;
    },

    async listMembers(actor: Actor, channelId: string, page: number, perPage: number): Promise<ChannelMemberRecord[]> {
      await requireVisible(actor, channelId);
      return store.channels.listMembers(channelId, page * perPage, perPage);
    },

    async direct(actor: Actor, userIds: readonly [string, string]): Promise<{ channel: ChannelRecord; created: boolean }> {
      const [a, b] = userIds;
      if (a !== actor.user.id && b !== actor.user.id && !isSystemAdmin(actor.user)) throw new AppError('forbidden');
      const users = await store.users.getMany(a === b ? [a] : [a, b]);
      if (users.length !== (a === b ? 1 : 2) || users.some((u) => u.delete_at !== 0)) throw new AppError('userNotFound');
      const name = directChannelName(a, b);
      const existing = await store.channels.getByName('', name);
      if (existing) return { channel: existing, created: false };
      const now = deps.now();
      try {
        const channel = await store.transaction(async (tx) => {
          const c = await insertChannel(tx, { team_id: '', type: 'D', name, display_name: '', creator_id: actor.user.id }, now);
          await insertChannelMember(tx, c, a, now);
          if (b !== a) await insertChannelMember(tx, c, b, now);
          return c;
        });
        deps.hub.publish('direct_added', { creator_id: actor.user.id, teammate_id: actor.user.id === a ? b : a }, new Set([a, b]), { channel_id: channel.id });
        return { channel, created: true };
      } catch (e) {
        const raced = isUniqueViolation(e) ? await store.channels.getByName('', name) : undefined;
        if (raced) return { channel: raced, created: false };
        throw e;
      }
    },

    /** Marks the channel read for the caller; the push pipeline sends `clear` from here (phase 2). */
    async view(actor: Actor, channelId: string): Promise<Record<string, number>> {
      if (channelId === '') return {};
      const { channel, member } = await requireMember(actor, channelId);
      const now = deps.now();
      await store.channels.markViewed(channelId, actor.user.id, now);
      deps.hub.publish('channel_viewed', { channel_id: channelId }, [actor.user.id]);
      const unread = { channelType: channel.type, unreadMentions: member.mention_count, unreadMessages: Math.max(0, channel.total_msg_count - member.msg_count) };
      void Promise.resolve()
        .then(() => deps.notifier.channelViewed({ userId: actor.user.id, channelId, sessionId: actor.session.id, ...unread }))
        .catch((e: Error) => deps.logger.error({ err: e }, 'push notifier failed on channel view'));
      return { [channelId]: now };
    },

    async mine(actor: Actor, teamId: string): Promise<ChannelRecord[]> {
      return store.channels.listForUserInTeam(actor.user.id, teamId);
    },

    async myMemberships(actor: Actor, teamId: string): Promise<ChannelMemberRecord[]> {
      return store.channels.listMembershipsForUserInTeam(actor.user.id, teamId);
    },
  };
}
