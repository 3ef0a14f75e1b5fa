// /users/{id}/preferences: a user's own preferences (or any user's for a system admin), as
// Client4.getMyPreferences / getUserPreferences / savePreferences use them.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { isSystemAdmin, type Actor } from '../services/deps.js';
import { actorOf, type HttpAppOptions } from '../http/http-app.js';
import { parseBody, stringParam, userIdParam } from '../http/params.js';
import { id } from './schemas.js';

// Mattermost's model.Preference limits.
export const preferencesBody = z
  .array(
    z.object({
      user_id: id,
      category: z.string().min(1).max(32),
      name: z.string().max(32),
      value: z.string().max(2000),
    }),
  )
  .min(1)
  .max(100);

function canAccess(actor: Actor, userId: string): boolean {
  return actor.user.id === userId || isSystemAdmin(actor.user);
}

export function preferenceRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  const { store } = services.deps;

  api.get('/users/:user_id/preferences', async (req) => {
    const actor = actorOf(req);
    const userId = userIdParam(req.params, actor);
    if (!canAccess(actor, userId)) throw new AppError('forbidden');
    return store.preferences.list(userId);
  });

  api.get('/users/:user_id/preferences/:category', async (req) => {
    const actor = actorOf(req);
    const userId = userIdParam(req.params, actor);
    if (!canAccess(actor, userId)) throw new AppError('forbidden');
    const category = stringParam(req.params, 'category', 32);
    return (await store.preferences.list(userId)).filter((p) => p.category === category);
  });

  api.put('/users/:user_id/preferences', async (req) => {
    const actor = actorOf(req);
    const userId = userIdParam(req.params, actor);
    if (!canAccess(actor, userId)) throw new AppError('forbidden');
    const prefs = parseBody(preferencesBody, req.body);
    if (prefs.some((p) => p.user_id !== userId)) throw new AppError('preferenceUserMismatch', 'user_id of a preference differs from the URL');
    if (!(await store.users.get(userId))) throw new AppError('userNotFound');
    await store.transaction((tx) => tx.preferences.save(prefs));
    services.deps.hub.publish('preferences_changed', { preferences: JSON.stringify(prefs) }, [userId]);
    return { status: 'OK' };
  });
}
