// The Store over a Kysely instance: repositories bound to the instance or to a transaction.
import { Migrator, type Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { Engine, Repos, Store } from './store.js';
import { MIGRATIONS } from './migrations.js';
import { usersRepo } from './repos/users-repo.js';
import { sessionsRepo } from './repos/sessions-repo.js';
import { teamsRepo } from './repos/teams-repo.js';
import { channelsRepo } from './repos/channels-repo.js';
import { postsRepo } from './repos/posts-repo.js';
import { configRepo, licenseRepo, preferencesRepo, systemsRepo } from './repos/settings-repos.js';
import { pushOutboxRepo } from './repos/push-outbox-repo.js';

function repos(db: Kysely<Database>, engine: Engine): Repos {
  return {
    users: usersRepo(db),
    sessions: sessionsRepo(db),
    teams: teamsRepo(db),
    channels: channelsRepo(db),
    posts: postsRepo(db),
    preferences: preferencesRepo(db),
    config: configRepo(db),
    license: licenseRepo(db),
    systems: systemsRepo(db),
    pushOutbox: pushOutboxRepo(db, engine),
  };
}

function migrator(db: Kysely<Database>): Migrator {
  return new Migrator({ db, provider: { getMigrations: async () => MIGRATIONS } });
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`database migration ${failed} failed: ${(error as Error).message ?? String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}

export function kyselyStore(db: Kysely<Database>, engine: Engine): Store {
  return {
    engine,
    ...repos(db, engine),
    transaction: (fn) => db.transaction().execute((trx) => fn(repos(trx, engine))),
    async migrations() {
      const infos = await migrator(db).getMigrations();
      return infos.filter((m) => m.executedAt !== undefined).map((m) => m.name);
    },
    close: () => db.destroy(),
  };
}
