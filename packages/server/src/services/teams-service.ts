// Teams: creating one makes its Town Square and Off-Topic and joins the creator; adding a member
// joins them to those default channels.
import { AppError } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import type { TeamMemberRecord, TeamRecord, TeamUnreadRecord } from '../store/store.js';
import { DEFAULT_CHANNELS, insertChannel, insertChannelMember } from './channel-membership.js';
import { isSystemAdmin, type Actor, type ServiceDeps } from './deps.js';

export interface NewTeam {
  name: string;
  display_name: string;
  type: 'O' | 'I';
  description?: string | undefined;
  allow_open_invite?: boolean | undefined;
}

export function teamsService(deps: ServiceDeps) {
  const { store } = deps;

  async function canView(actor: Actor, team: TeamRecord): Promise<boolean> {
    if (isSystemAdmin(actor.user) || team.allow_open_invite) return true;
    return (await store.teams.getMember(team.id, actor.user.id)) !== undefined;
  }

  return {
    async create(actor: Actor, input: NewTeam): Promise<TeamRecord> {
      if (await store.teams.getByName(input.name)) throw new AppError('teamNameExists');
      const now = deps.now();
      const team: TeamRecord = {
        id: newId(),
        create_at: now,
        update_at: now,
        delete_at: 0,
        name: input.name,
        display_name: input.display_name,
        description: input.description ?? '',
        email: actor.user.email,
        type: input.type,
        allow_open_invite: input.allow_open_invite ?? input.type === 'O',
        invite_id: newId(),
      };
      try {
        await store.transaction(async (tx) => {
          await tx.teams.create(team);
          await tx.teams.addMember({ team_id: team.id, user_id: actor.user.id, roles: 'team_user team_admin', create_at: now, delete_at: 0 });
          for (const c of DEFAULT_CHANNELS) {
            const channel = await insertChannel(tx, { ...c, team_id: team.id, type: 'O', creator_id: actor.user.id }, now);
            await insertChannelMember(tx, channel, actor.user.id, now);
          }
        });
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('teamNameExists');
        throw e;
      }
      return team;
    },

    async get(actor: Actor, teamId: string): Promise<TeamRecord> {
      const team = await store.teams.get(teamId);
      if (!team || team.delete_at !== 0) throw new AppError('teamNotFound');
      if (!(await canView(actor, team))) throw new AppError('forbidden');
      return team;
    },

    async getByName(actor: Actor, name: string): Promise<TeamRecord> {
      const team = await store.teams.getByName(name);
      if (!team || team.delete_at !== 0) throw new AppError('teamNotFound');
      if (!(await canView(actor, team))) throw new AppError('forbidden');
      return team;
    },

    /** Team members may add anyone; anyone may join an open team themselves. */
    async addMember(actor: Actor, teamId: string, userId: string): Promise<TeamMemberRecord> {
      const team = await store.teams.get(teamId);
      if (!team || team.delete_at !== 0) throw new AppError('teamNotFound');
      const actorIsMember = (await store.teams.getMember(team.id, actor.user.id)) !== undefined;
      const selfJoinOpen = userId === actor.user.id && team.allow_open_invite;
      if (!actorIsMember && !selfJoinOpen && !isSystemAdmin(actor.user)) throw new AppError('forbidden');
      const user = await store.users.get(userId);
      if (!user || user.delete_at !== 0) throw new AppError('userNotFound');
      const now = deps.now();
      const existing = await store.teams.getMember(team.id, userId);
      if (existing) return existing;
      const member: TeamMemberRecord = { team_id: team.id, user_id: userId, roles: 'team_user', create_at: now, delete_at: 0 };
      const joined = await store.transaction(async (tx) => {
        await tx.teams.addMember(member);
        const ids: string[] = [];
        for (const c of DEFAULT_CHANNELS) {
          const channel = await tx.channels.getByName(team.id, c.name);
          if (channel && channel.delete_at === 0) {
            await insertChannelMember(tx, channel, userId, now);
            ids.push(channel.id);
          }
        }
        return ids;
      });
      deps.hub.publish('added_to_team', { team_id: team.id, user_id: userId }, [userId]);
      for (const channelId of joined) {
        const members = await store.channels.memberUserIds(channelId);
        deps.hub.publish('user_added', { team_id: team.id, user_id: userId }, members, { channel_id: channelId });
      }
      return member;
    },

    async getMember(actor: Actor, teamId: string, userId: string): Promise<TeamMemberRecord> {
      const team = await this.get(actor, teamId);
      const member = await store.teams.getMember(team.id, userId);
      if (!member) throw new AppError('notTeamMember');
      return member;
    },

    async listMembers(actor: Actor, teamId: string, page: number, perPage: number): Promise<TeamMemberRecord[]> {
      const team = await this.get(actor, teamId);
      return store.teams.listMembers(team.id, page * perPage, perPage);
    },

    async forUser(actor: Actor, userId: string): Promise<TeamRecord[]> {
      if (actor.user.id !== userId && !isSystemAdmin(actor.user)) throw new AppError('forbidden');
      return store.teams.listForUser(userId);
    },

    async membershipsForUser(actor: Actor, userId: string): Promise<TeamMemberRecord[]> {
      if (actor.user.id !== userId && !isSystemAdmin(actor.user)) throw new AppError('forbidden');
      return store.teams.listMembershipsForUser(userId);
    },

    async unreads(actor: Actor): Promise<TeamUnreadRecord[]> {
      return store.teams.unreadsForUser(actor.user.id);
    },
  };
}
