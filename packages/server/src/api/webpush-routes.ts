// GET /notifications/webpush: what the web app's service worker subscribes with: the platform
// (app type) for its device id and the VAPID public key of the push service in use.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { activePushServer } from '../config/server-config.js';
import { actorOf, type HttpAppOptions } from '../http/http-app.js';
import { fetchWebPushApps } from '../push/webpush-key.js';

export function webPushRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  api.get('/notifications/webpush', async (req) => {
    actorOf(req);
    const url = activePushServer(services.config.current());
    if (!url) throw new AppError('pushDisabled');
    let apps;
    try {
      apps = await fetchWebPushApps(url);
    } catch (e) {
      throw new AppError('webPushUnavailable', `push service ${url}: ${(e as Error).message}`);
    }
    const app = apps.find((a) => a.type === 'webpush') ?? apps[0];
    if (!app) throw new AppError('webPushUnavailable', `push service ${url} has no WebPushSettings`);
    return { platform: app.type, vapid_public_key: app.vapid_public_key };
  });
}
