import type { Kysely, Selectable } from 'kysely';
import type { Database, TeamsTable } from '../schema.js';
import type { TeamRecord, TeamsRepo } from '../store.js';
import { num } from '../json-columns.js';

function toRecord(row: Selectable<TeamsTable>): TeamRecord {
  return { ...row, type: row.type === 'I' ? 'I' : 'O', allow_open_invite: row.allow_open_invite === 1 };
}

export function teamsRepo(db: Kysely<Database>): TeamsRepo {
  return {
    async create(team) {
      await db.insertInto('teams').values({ ...team, allow_open_invite: team.allow_open_invite ? 1 : 0 }).execute();
    },
    async get(id) {
      const row = await db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },
    async getByName(name) {
      const row = await db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
      return row && toRecord(row);
    },
    async listForUser(userId) {
      const rows = await db
        .selectFrom('teams')
        .innerJoin('team_members as tm', 'tm.team_id', 'teams.id')
        .selectAll('teams')
        .where('tm.user_id', '=', userId)
        .where('tm.delete_at', '=', 0)
        .where('teams.delete_at', '=', 0)
        .orderBy('teams.display_name')
        .execute();
      return rows.map(toRecord);
    },
    async addMember(member) {
      await db
        .insertInto('team_members')
        .values(member)
        .onConflict((oc) => oc.columns(['team_id', 'user_id']).doUpdateSet({ delete_at: 0 }))
        .execute();
    },
    async getMember(teamId, userId) {
      return db.selectFrom('team_members').selectAll().where('team_id', '=', teamId).where('user_id', '=', userId).where('delete_at', '=', 0).executeTakeFirst();
    },
    async listMembers(teamId, offset, limit) {
      return db
        .selectFrom('team_members')
        .selectAll()
        .where('team_id', '=', teamId)
        .where('delete_at', '=', 0)
        .orderBy('user_id')
        .offset(offset)
        .limit(limit)
        .execute();
    },
    async listMembershipsForUser(userId) {
      return db.selectFrom('team_members').selectAll().where('user_id', '=', userId).where('delete_at', '=', 0).execute();
    },
    async unreadsForUser(userId) {
      const memberships = await this.listMembershipsForUser(userId);
      const rows = await db
        .selectFrom('channel_members as cm')
        .innerJoin('channels as c', 'c.id', 'cm.channel_id')
        .select((eb) => [
          'c.team_id',
          eb.fn.sum<number>(eb('c.total_msg_count', '-', eb.ref('cm.msg_count'))).as('msg_count'),
          eb.fn.sum<number>('cm.mention_count').as('mention_count'),
          eb.fn.sum<number>(eb('c.total_msg_count_root', '-', eb.ref('cm.msg_count_root'))).as('msg_count_root'),
          eb.fn.sum<number>('cm.mention_count_root').as('mention_count_root'),
        ])
        .where('cm.user_id', '=', userId)
        .where('c.team_id', '!=', '')
        .where('c.delete_at', '=', 0)
        .groupBy('c.team_id')
        .execute();
      const byTeam = new Map(rows.map((r) => [r.team_id, r]));
      return memberships.map((m) => {
        const r = byTeam.get(m.team_id);
        return {
          team_id: m.team_id,
          msg_count: num(r?.msg_count),
          mention_count: num(r?.mention_count),
          msg_count_root: num(r?.msg_count_root),
          mention_count_root: num(r?.mention_count_root),
        };
      });
    },
  };
}
