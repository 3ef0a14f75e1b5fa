// /system/ping: liveness, and (phase 2) a device check through the push notifier.
import type { FastifyInstance } from 'fastify';
import type { HttpAppOptions } from '../http/http-app.js';

export function systemRoutes(api: FastifyInstance, { notifier, services }: HttpAppOptions): void {
  api.get('/system/ping', { config: { public: true } }, async (req) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const body: Record<string, unknown> = {
      ActiveSearchBackend: 'database',
      AndroidLatestVersion: '',
      AndroidMinVersion: '',
      IosLatestVersion: '',
      IosMinVersion: '',
      status: 'OK',
    };
    if (q.get_server_status === 'true') {
      body.database_status = 'OK';
      body.filestore_status = 'OK';
      body.database_engine = services.deps.store.engine;
    }
    const deviceId = typeof q.device_id === 'string' ? q.device_id.slice(0, 512) : '';
    if (deviceId) body.CanReceiveNotifications = notifier.checkDevice ? await notifier.checkDevice(deviceId) : 'unknown';
    return body;
  });
}
