// GET /notifications/log (admin): the newest pushes of the outbox, one row per device push, by
// ack id with their delivery state and whether the device acknowledged them (System Console >
// Notification log). Device tokens are shortened; message texts are not included.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { HttpAppOptions } from '../http/http-app.js';
import { splitDeviceId } from '../push/push-contents.js';
import { requireSystemAdmin } from './config-routes.js';

export const MAX_LOG_ROWS = 200;

export function notificationLogRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  const { store } = services.deps;
  api.get('/notifications/log', async (req) => {
    requireSystemAdmin(req);
    const raw = ((req.query ?? {}) as Record<string, unknown>).limit;
    if (raw !== undefined && (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw) || Number(raw) < 1)) throw new AppError('invalidUrlParam', 'limit');
    const rows = await store.pushOutbox.recent(Math.min(Number(raw ?? 50), MAX_LOG_ROWS));
    const users = new Map((await store.users.getMany([...new Set(rows.map((r) => r.user_id))])).map((u) => [u.id, u.username]));
    return Promise.all(
      rows.map(async (r) => {
        const ack = r.ack_id ? await store.pushOutbox.getAck(r.ack_id) : undefined;
        const d = splitDeviceId(r.device_id);
        return {
          ack_id: r.ack_id,
          type: r.type,
          user_id: r.user_id,
          username: users.get(r.user_id) ?? '',
          post_id: r.post_id,
          platform: d?.platform ?? '',
          device: d ? `${d.token.slice(0, 8)}…` : '',
          state: r.state,
          attempts: r.attempts,
          last_error: r.last_error,
          created_at: r.created_at,
          sent_at: r.sent_at,
          received_at: ack?.received_at ?? 0,
        };
      }),
    );
  });
}
