import type { Kysely, Selectable } from 'kysely';
import type { ChannelMembersTable, ChannelsTable, Database } from '../schema.js';
import type { ChannelMemberRecord, ChannelRecord, ChannelsRepo, ChannelType, NotifyProps } from '../store.js';
import { num, parseObject, toJson } from '../json-columns.js';

function toChannel(row: Selectable<ChannelsTable>): ChannelRecord {
  return { ...row, type: row.type as ChannelType };
}

function toMember(row: Selectable<ChannelMembersTable>): ChannelMemberRecord {
  return { ...row, notify_props: parseObject<NotifyProps>(row.notify_props) };
}

export function channelsRepo(db: Kysely<Database>): ChannelsRepo {
  return {
    async create(channel) {
      await db.insertInto('channels').values(channel).execute();
    },
    async get(id) {
      const row = await db.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toChannel(row);
    },
    async getByName(teamId, name) {
      const row = await db.selectFrom('channels').selectAll().where('team_id', '=', teamId).where('name', '=', name).executeTakeFirst();
      return row && toChannel(row);
    },
    async listForUserInTeam(userId, teamId) {
      const rows = await db
        .selectFrom('channels as c')
        .innerJoin('channel_members as cm', 'cm.channel_id', 'c.id')
        .selectAll('c')
        .where('cm.user_id', '=', userId)
        .where((eb) => eb.or([eb('c.team_id', '=', teamId), eb('c.team_id', '=', '')]))
        .where('c.delete_at', '=', 0)
        .orderBy('c.display_name')
        .execute();
      return rows.map(toChannel);
    },
    async addMember(m) {
      await db
        .insertInto('channel_members')
        .values({ ...m, notify_props: toJson(m.notify_props) })
        .onConflict((oc) => oc.columns(['channel_id', 'user_id']).doNothing())
        .execute();
    },
    async getMember(channelId, userId) {
      const row = await db.selectFrom('channel_members').selectAll().where('channel_id', '=', channelId).where('user_id', '=', userId).executeTakeFirst();
      return row && toMember(row);
    },
    async listMembers(channelId, offset, limit) {
      const rows = await db.selectFrom('channel_members').selectAll().where('channel_id', '=', channelId).orderBy('user_id').offset(offset).limit(limit).execute();
      return rows.map(toMember);
    },
    async memberUserIds(channelId) {
      const rows = await db.selectFrom('channel_members').select('user_id').where('channel_id', '=', channelId).execute();
      return rows.map((r) => r.user_id);
    },
    async listMembershipsForUserInTeam(userId, teamId) {
      const rows = await db
        .selectFrom('channel_members as cm')
        .innerJoin('channels as c', 'c.id', 'cm.channel_id')
        .selectAll('cm')
        .where('cm.user_id', '=', userId)
        .where((eb) => eb.or([eb('c.team_id', '=', teamId), eb('c.team_id', '=', '')]))
        .execute();
      return rows.map(toMember);
    },
    async recordPost(channelId, at, isRoot) {
      await db
        .updateTable('channels')
        .set((eb) => ({
          total_msg_count: eb('total_msg_count', '+', 1),
          total_msg_count_root: eb('total_msg_count_root', '+', isRoot ? 1 : 0),
          last_post_at: at,
          ...(isRoot ? { last_root_post_at: at } : {}),
        }))
        .where('id', '=', channelId)
        .execute();
      return this.get(channelId);
    },
    async markViewed(channelId, userId, at) {
      await db
        .updateTable('channel_members')
        .set((eb) => ({
          msg_count: eb.selectFrom('channels').select('total_msg_count').where('channels.id', '=', channelId),
          msg_count_root: eb.selectFrom('channels').select('total_msg_count_root').where('channels.id', '=', channelId),
          mention_count: 0,
          mention_count_root: 0,
          last_viewed_at: at,
          last_update_at: at,
        }))
        .where('channel_id', '=', channelId)
        .where('user_id', '=', userId)
        .execute();
    },
    async incrementMentions(channelId, userIds, isRoot) {
      if (userIds.length === 0) return;
      await db
        .updateTable('channel_members')
        .set((eb) => ({
          mention_count: eb('mention_count', '+', 1),
          mention_count_root: eb('mention_count_root', '+', isRoot ? 1 : 0),
        }))
        .where('channel_id', '=', channelId)
        .where('user_id', 'in', [...userIds])
        .execute();
    },
    async badgeCount(userId) {
      const row = await db
        .selectFrom('channel_members as cm')
        .innerJoin('channels as c', 'c.id', 'cm.channel_id')
        .select((eb) =>
          eb.fn
            .sum<number>(
              eb
                .case()
                .when('c.type', '=', 'D')
                .then(eb('c.total_msg_count', '-', eb.ref('cm.msg_count')))
                .else(eb.ref('cm.mention_count'))
                .end(),
            )
            .as('n'),
        )
        .where('cm.user_id', '=', userId)
        .where('c.delete_at', '=', 0)
        .executeTakeFirst();
      return num(row?.n);
    },
  };
}
