// /teams and the caller's teams, memberships and unread counts.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { channelMemberToApi, channelToApi, teamMemberToApi, teamToApi } from '../domain/api-shapes.js';
import { actorOf, type HttpAppOptions } from '../http/http-app.js';
import { idParam, paging, parseBody, stringParam, userIdParam } from '../http/params.js';
import { addTeamMemberBody, createTeamBody } from './schemas.js';

export function teamRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  api.post('/teams', async (req, reply) => {
    const team = await services.teams.create(actorOf(req), parseBody(createTeamBody, req.body));
    return reply.code(201).send(teamToApi(team));
  });

  api.get('/teams/name/:name', async (req) => teamToApi(await services.teams.getByName(actorOf(req), stringParam(req.params, 'name', 64))));

  api.get('/teams/:team_id', async (req) => teamToApi(await services.teams.get(actorOf(req), idParam(req.params, 'team_id'))));

  api.get('/teams/:team_id/members', async (req) => {
    const { page, perPage } = paging(req.query);
    return (await services.teams.listMembers(actorOf(req), idParam(req.params, 'team_id'), page, perPage)).map(teamMemberToApi);
  });

  api.post('/teams/:team_id/members', async (req, reply) => {
    const teamId = idParam(req.params, 'team_id');
    const body = parseBody(addTeamMemberBody, req.body);
    if (body.team_id !== teamId) throw new AppError('invalidBody', 'team_id: does not match the URL');
    const member = await services.teams.addMember(actorOf(req), teamId, body.user_id);
    return reply.code(201).send(teamMemberToApi(member));
  });

  api.get('/teams/:team_id/members/:user_id', async (req) => {
    const actor = actorOf(req);
    return teamMemberToApi(await services.teams.getMember(actor, idParam(req.params, 'team_id'), userIdParam(req.params, actor)));
  });

  api.get('/teams/:team_id/channels/name/:channel_name', async (req) => {
    const channel = await services.channels.getByName(actorOf(req), idParam(req.params, 'team_id'), stringParam(req.params, 'channel_name', 64));
    return channelToApi(channel);
  });

  api.get('/users/:user_id/teams', async (req) => {
    const actor = actorOf(req);
    return (await services.teams.forUser(actor, userIdParam(req.params, actor))).map(teamToApi);
  });

  api.get('/users/:user_id/teams/members', async (req) => {
    const actor = actorOf(req);
    return (await services.teams.membershipsForUser(actor, userIdParam(req.params, actor))).map(teamMemberToApi);
  });

  api.get('/users/:user_id/teams/unread', async (req) => {
    const actor = actorOf(req);
    if (userIdParam(req.params, actor) !== actor.user.id) throw new AppError('forbidden');
    return (await services.teams.unreads(actor)).map((u) => ({ ...u, thread_count: 0, thread_mention_count: 0, thread_urgent_mention_count: 0 }));
  });

  api.get('/users/:user_id/teams/:team_id/channels', async (req) => {
    const actor = actorOf(req);
    if (userIdParam(req.params, actor) !== actor.user.id) throw new AppError('forbidden');
    return (await services.channels.mine(actor, idParam(req.params, 'team_id'))).map(channelToApi);
  });

  api.get('/users/:user_id/teams/:team_id/channels/members', async (req) => {
    const actor = actorOf(req);
    if (userIdParam(req.params, actor) !== actor.user.id) throw new AppError('forbidden');
    return (await services.channels.myMemberships(actor, idParam(req.params, 'team_id'))).map(channelMemberToApi);
  });
}
