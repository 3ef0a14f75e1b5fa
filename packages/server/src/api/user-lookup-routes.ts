// POST /users/ids (Client4.getProfilesByIds): the profiles of the given users, in one call.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { userToApi } from '../domain/api-shapes.js';
import { isSystemAdmin } from '../services/deps.js';
import { actorOf, type HttpAppOptions } from '../http/http-app.js';
import { parseBody } from '../http/params.js';
import { id } from './schemas.js';

export const userIdsBody = z.array(id).min(1).max(200);

export function userLookupRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  api.post('/users/ids', async (req) => {
    const actor = actorOf(req);
    const ids = parseBody(userIdsBody, req.body);
    const users = await services.deps.store.users.getMany([...new Set(ids)]);
    const admin = isSystemAdmin(actor.user);
    return users.map((u) => userToApi(u, { self: u.id === actor.user.id, admin }));
  });
}
