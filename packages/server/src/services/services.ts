// All services over one set of dependencies.
import type { ServiceDeps } from './deps.js';
import { usersService } from './users-service.js';
import { sessionsService } from './sessions-service.js';
import { teamsService } from './teams-service.js';
import { channelsService } from './channels-service.js';
import { postsService } from './posts-service.js';
import type { ConfigService } from './config-service.js';
import type { LicenseService } from '../license/license-service.js';
import type { ServerLog } from '../logging/server-log.js';

/** The admin side, built before the services (config and license load from the store first). */
export interface AdminServices {
  config: ConfigService;
  license: LicenseService;
  logs: Pick<ServerLog, 'tail'>;
}

export function createServices(deps: ServiceDeps, admin: AdminServices) {
  const channels = channelsService(deps);
  return {
    deps,
    users: usersService(deps),
    sessions: sessionsService(deps),
    teams: teamsService(deps),
    channels,
    posts: postsService(deps, channels),
    config: admin.config,
    license: admin.license,
    logs: admin.logs,
  };
}

export type Services = ReturnType<typeof createServices>;
