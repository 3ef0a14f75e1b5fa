// All services over one set of dependencies.
import type { ServiceDeps } from './deps.js';
import { usersService } from './users-service.js';
import { sessionsService } from './sessions-service.js';
import { teamsService } from './teams-service.js';
import { channelsService } from './channels-service.js';
import { postsService } from './posts-service.js';

export function createServices(deps: ServiceDeps) {
  const channels = channelsService(deps);
  return {
    deps,
    users: usersService(deps),
    sessions: sessionsService(deps),
    teams: teamsService(deps),
    channels,
    posts: postsService(deps, channels),
  };
}

export type Services = ReturnType<typeof createServices>;
