// /users: sign-up, login/logout, me, by id / username, patch, deactivate/reactivate.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { userToApi } from '../domain/api-shapes.js';
import { isSystemAdmin, type Actor } from '../services/deps.js';
import type { UserRecord } from '../store/store.js';
import { actorOf, type HttpAppOptions } from '../http/http-app.js';
import { clearedCookies, sessionCookies } from '../http/request-auth.js';
import { parseBody, stringParam, userIdParam } from '../http/params.js';
import { createUserBody, loginBody, patchUserBody, userActiveBody } from './schemas.js';

function view(user: UserRecord, actor: Actor | undefined) {
  return userToApi(user, { self: actor?.user.id === user.id, admin: actor !== undefined && isSystemAdmin(actor.user) });
}

export function userRoutes(api: FastifyInstance, { services, secureCookies }: HttpAppOptions): void {
  const { store } = services.deps;

  // Open sign-up, as Mattermost's default (EnableOpenServer aside); the first user becomes system admin.
  api.post('/users', { config: { public: true } }, async (req, reply) => {
    const body = parseBody(createUserBody, req.body);
    const user = await services.users.create(body);
    return reply.code(201).send(userToApi(user, { self: true, admin: false }));
  });

  api.post('/users/login', { config: { public: true } }, async (req, reply) => {
    const body = parseBody(loginBody, req.body);
    const { user, session, token } = await services.users.login(body.login_id, body.password, body.device_id || body.deviceId || '');
    const maxAge = Math.max(0, Math.floor((session.expires_at - Date.now()) / 1000));
    reply.header('Token', token);
    reply.header('Set-Cookie', sessionCookies(token, user.id, String(session.props.csrf ?? ''), maxAge, secureCookies || req.protocol === 'https'));
    return view(user, { user, session });
  });

  api.post('/users/logout', { config: { public: true } }, async (req, reply) => {
    await services.users.logout(req.actor);
    reply.header('Set-Cookie', clearedCookies());
    return { status: 'OK' };
  });

  api.get('/users/username/:username', async (req) => {
    const actor = actorOf(req);
    const user = await store.users.getByUsername(stringParam(req.params, 'username', 64).toLowerCase());
    if (!user) throw new AppError('userNotFound');
    return view(user, actor);
  });

  api.get('/users/:user_id', async (req) => {
    const actor = actorOf(req);
    const user = await store.users.get(userIdParam(req.params, actor));
    if (!user) throw new AppError('userNotFound');
    return view(user, actor);
  });

  // Mattermost: DELETE /users/{id} deactivates (no hard delete here); PUT /users/{id}/active toggles.
  api.delete('/users/:user_id', async (req) => {
    const actor = actorOf(req);
    await services.users.setActive(actor, userIdParam(req.params, actor), false);
    return { status: 'OK' };
  });

  api.put('/users/:user_id/active', async (req) => {
    const actor = actorOf(req);
    const userId = userIdParam(req.params, actor);
    const { active } = parseBody(userActiveBody, req.body);
    await services.users.setActive(actor, userId, active);
    return { status: 'OK' };
  });

  api.put('/users/:user_id/patch', async (req) => {
    const actor = actorOf(req);
    const userId = userIdParam(req.params, actor);
    const body = parseBody(patchUserBody, req.body);
    return view(await services.users.patch(actor, userId, body), actor);
  });
}
