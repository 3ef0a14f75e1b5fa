// Push notification endpoints the apps and the System Console call:
// POST /notifications/test (a test push to the caller's own devices) and POST /notifications/ack
// (the app reports a push arrived; recorded once per ack id and forwarded to the push service;
// for an ID-loaded message push the reply carries the content the push left out).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { actorOf, type HttpAppOptions } from '../http/http-app.js';
import { parseBody } from '../http/params.js';

export const pushAckBody = z.object({
  id: z.string().min(1).max(64),
  received_at: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).optional(),
  platform: z.string().min(1).max(64),
  type: z.string().min(1).max(32),
  post_id: z.string().max(26).optional(),
  is_id_loaded: z.boolean().optional(),
});

export function notificationRoutes(api: FastifyInstance, { notifier, services }: HttpAppOptions): void {
  api.post('/notifications/test', async (req) => {
    const actor = actorOf(req);
    if (!notifier.sendTestToUser || !(notifier.enabled?.() ?? false)) throw new AppError('pushDisabled');
    await notifier.sendTestToUser(actor.user.id);
    return { status: 'OK' };
  });

  api.post('/notifications/ack', async (req) => {
    const actor = actorOf(req);
    const body = parseBody(pushAckBody, req.body);
    if (!notifier.ack || !(notifier.enabled?.() ?? false)) throw new AppError('pushDisabled');
    const ack = { ...body, received_at: body.received_at ?? services.deps.now() };
    const { forwarded } = await notifier.ack(actor.user.id, ack);
    if (ack.is_id_loaded && ack.post_id && ack.type === 'message' && notifier.idLoadedContent) {
      const post = await services.posts.get(actor, ack.post_id);
      const content = await notifier.idLoadedContent(actor.user.id, post);
      if (content) return content;
    }
    if (!forwarded) throw new AppError('pushAckForward');
    return { status: 'OK' };
  });
}
