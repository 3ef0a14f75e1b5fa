// Sessions: list, revoke, attach a mobile device id to the current session.
import type { FastifyInstance } from 'fastify';
import { sessionToApi } from '../domain/api-shapes.js';
import { actorOf, type HttpAppOptions } from '../http/http-app.js';
import { parseBody, userIdParam } from '../http/params.js';
import { attachDeviceBody, revokeSessionBody } from './schemas.js';

export function sessionRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  api.get('/users/:user_id/sessions', async (req) => {
    const actor = actorOf(req);
    return (await services.sessions.list(actor, userIdParam(req.params, actor))).map(sessionToApi);
  });

  api.post('/users/:user_id/sessions/revoke', async (req) => {
    const actor = actorOf(req);
    const userId = userIdParam(req.params, actor);
    const { session_id } = parseBody(revokeSessionBody, req.body);
    await services.sessions.revoke(actor, userId, session_id);
    return { status: 'OK' };
  });

  api.post('/users/:user_id/sessions/revoke/all', async (req) => {
    const actor = actorOf(req);
    await services.sessions.revokeAll(actor, userIdParam(req.params, actor));
    return { status: 'OK' };
  });

  api.put('/users/sessions/device', async (req) => {
    const actor = actorOf(req);
    const { device_id } = parseBody(attachDeviceBody, req.body);
    await services.sessions.attachDevice(actor, device_id);
    return { status: 'OK' };
  });
}
