// GET /notifications/log (admin): the newest pushes of the outbox, one row per device push, by
// ack id with their delivery state and whether the device acknowledged them (System Console >
// Notification log). Device tokens are shortened; message texts are not included.
import type { FastifyInstance } from 'fastify';
import type { HttpAppOptions } from '../http/http-app.js';
import { requireSystemAdmin } from './config-routes.js';
import { deviceSummary, recentPushes } from './herald-notification-routes.js';

export const MAX_LOG_ROWS = 200;

export function notificationLogRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  const { store } = services.deps;
  api.get('/notifications/log', async (req) => {
    requireSystemAdmin(req);
    const { rows, acks } = await recentPushes(store, req.query, 50, MAX_LOG_ROWS);
    const users = new Map((await store.users.getMany([...new Set(rows.map((r) => r.user_id))])).map((u) => [u.id, u.username]));
    return rows.map((r) => ({
      ack_id: r.ack_id,
      type: r.type,
      user_id: r.user_id,
      username: users.get(r.user_id) ?? '',
      post_id: r.post_id,
      ...deviceSummary(r.device_id),
      state: r.state,
      attempts: r.attempts,
      last_error: r.last_error,
      created_at: r.created_at,
      sent_at: r.sent_at,
      received_at: acks.get(r.ack_id)?.received_at ?? 0,
    }));
  });
}
