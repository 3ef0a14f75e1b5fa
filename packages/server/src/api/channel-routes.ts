// /channels: create, get, members, direct channels, view (mark read).
import type { FastifyInstance } from 'fastify';
import { channelMemberToApi, channelToApi } from '../domain/api-shapes.js';
import { actorOf, type HttpAppOptions } from '../http/http-app.js';
import { idParam, paging, parseBody, userIdParam } from '../http/params.js';
import { addChannelMemberBody, createChannelBody, directChannelBody, viewChannelBody } from './schemas.js';

export function channelRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  api.post('/channels', async (req, reply) => {
    const channel = await services.channels.create(actorOf(req), parseBody(createChannelBody, req.body));
    return reply.code(201).send(channelToApi(channel));
  });

  api.post('/channels/direct', async (req, reply) => {
    const ids = parseBody(directChannelBody, req.body);
    const { channel } = await services.channels.direct(actorOf(req), ids);
    return reply.code(201).send(channelToApi(channel));
  });

  api.post('/channels/members/me/view', async (req) => {
    const body = parseBody(viewChannelBody, req.body);
    const times = await services.channels.view(actorOf(req), body.channel_id);
    return { status: 'OK', last_viewed_at_times: times };
  });

  api.get('/channels/:channel_id', async (req) => channelToApi(await services.channels.requireVisible(actorOf(req), idParam(req.params, 'channel_id'))));

  api.get('/channels/:channel_id/members', async (req) => {
    const { page, perPage } = paging(req.query);
    return (await services.channels.listMembers(actorOf(req), idParam(req.params, 'channel_id'), page, perPage)).map(channelMemberToApi);
  });

  api.post('/channels/:channel_id/members', async (req, reply) => {
    const { user_id } = parseBody(addChannelMemberBody, req.body);
    const member = await services.channels.addMember(actorOf(req), idParam(req.params, 'channel_id'), user_id);
    return reply.code(201).send(channelMemberToApi(member));
  });

  api.get('/channels/:channel_id/members/:user_id', async (req) => {
    const actor = actorOf(req);
    return channelMemberToApi(await services.channels.getMember(actor, idParam(req.params, 'channel_id'), userIdParam(req.params, actor)));
  });
}
