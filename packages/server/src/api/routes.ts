// Mounts every API route under /api/v4.
import type { FastifyInstance } from 'fastify';
import type { HttpAppOptions } from '../http/http-app.js';
import { userRoutes } from './user-routes.js';
import { sessionRoutes } from './session-routes.js';
import { teamRoutes } from './team-routes.js';
import { channelRoutes } from './channel-routes.js';
import { postRoutes } from './post-routes.js';
import { systemRoutes } from './system-routes.js';
import { loginRateLimit } from './login-rate-limit.js';
import { configRoutes } from './config-routes.js';
import { licenseRoutes } from './license-routes.js';
import { logRoutes } from './log-routes.js';
import { preferenceRoutes } from './preference-routes.js';
import { notificationRoutes } from './notification-routes.js';
import { webPushRoutes } from './webpush-routes.js';
import { notificationLogRoutes } from './notification-log-routes.js';
import { userLookupRoutes } from './user-lookup-routes.js';
import { serverCheckRoutes } from './server-check-routes.js';
import { heraldNotificationRoutes } from './herald-notification-routes.js';

export const API_PREFIX = '/api/v4';

export function registerApiRoutes(app: FastifyInstance, opts: HttpAppOptions): void {
  void app.register(
    async (api) => {
      loginRateLimit(api, opts);
      userRoutes(api, opts);
      sessionRoutes(api, opts);
      teamRoutes(api, opts);
      channelRoutes(api, opts);
      postRoutes(api, opts);
      systemRoutes(api, opts);
      configRoutes(api, opts);
      licenseRoutes(api, opts);
      logRoutes(api, opts);
      preferenceRoutes(api, opts);
      notificationRoutes(api, opts);
      webPushRoutes(api, opts);
      notificationLogRoutes(api, opts);
      userLookupRoutes(api, opts);
      serverCheckRoutes(api, opts);
      heraldNotificationRoutes(api, opts);
    },
    { prefix: API_PREFIX },
  );
}
