// /config: the System Console's settings (admin only), and /config/client: the subset any client
// may read (Mattermost's old format: every value a string).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { isSystemAdmin } from '../services/deps.js';
import { actorOf, type HttpAppOptions } from '../http/http-app.js';

export function requireSystemAdmin(req: FastifyRequest) {
  const actor = actorOf(req);
  if (!isSystemAdmin(actor.user)) throw new AppError('forbidden', 'requires the manage_system permission');
  return actor;
}

export function configRoutes(api: FastifyInstance, { services, serverVersion }: HttpAppOptions): void {
  const { config, license } = services;

  api.get('/config', async (req) => {
    requireSystemAdmin(req);
    return config.current();
  });

  // Client4.updateConfig sends the whole config it got; unknown sections and fields are ignored.
  api.put('/config', async (req) => {
    requireSystemAdmin(req);
    return config.save(req.body);
  });

  // Client4.patchConfig: the same, with only the changed fields.
  api.put('/config/patch', async (req) => {
    requireSystemAdmin(req);
    return config.save(req.body);
  });

  api.get('/config/client', { config: { public: true } }, async (req) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    if (q.format !== 'old') throw new AppError('configClientOldFormat');
    const c = config.current();
    const [major = '0', minor = '0', patch = '0', build = ''] = serverVersion.split('.');
    const licensed = license.current() !== undefined;
    const base: Record<string, string> = {
      Version: `${major}.${minor}.${patch}`,
      BuildNumber: build,
      BuildDate: '',
      BuildHash: build,
      BuildHashEnterprise: '',
      BuildEnterpriseReady: String(licensed),
      SiteName: 'Herald',
      SiteURL: c.ServiceSettings.SiteURL,
      DiagnosticsEnabled: 'false',
      EnableSignUpWithEmail: 'true',
      EnableSignInWithEmail: 'true',
      EnableSignInWithUsername: 'true',
      EnableOpenServer: 'true',
      EnableUserCreation: 'true',
      SendPushNotifications: String(c.EmailSettings.SendPushNotifications && c.EmailSettings.PushNotificationServerType !== 'off'),
      EnableCollapsedThreads: 'disabled',
      NoAccounts: String((await services.deps.store.users.count()) === 0),
    };
    return base;
  });
}
