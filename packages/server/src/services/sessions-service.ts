// Sessions: resolve a bearer token, list and revoke, attach a mobile device id.
import { AppError } from '../errors/app-error.js';
import { hashToken } from '../auth/tokens.js';
import type { SessionRecord } from '../store/store.js';
import { isSystemAdmin, type Actor, type ServiceDeps } from './deps.js';

/** Touch last_activity_at at most this often per session (saves a write per request). */
const ACTIVITY_GRANULARITY_MS = 60_000;

/**
 * Attaches a mobile device (`platform:token`) to a session. As in Mattermost, a device belongs to
 * one session at a time: other sessions holding the same device id are revoked.
 */
export async function attachDevice(deps: ServiceDeps, session: SessionRecord, deviceId: string): Promise<void> {
  const others = await deps.store.sessions.idsWithDevice(deviceId, session.id);
  for (const id of others) {
    await deps.store.sessions.delete(id);
    deps.hub.closeSession(id);
  }
  const now = deps.now();
  await deps.store.sessions.update(session.id, {
    device_id: deviceId,
    expires_at: now + deps.sessionLengthMs,
    last_activity_at: now,
    props: { ...session.props, platform: deviceId.split(':')[0] ?? '', is_mobile: 'true' },
  });
}

export function sessionsService(deps: ServiceDeps) {
  const { store } = deps;
  return {
    /** The caller behind a token, or undefined when unknown, expired or the user is deactivated. */
    async authenticate(token: string): Promise<Actor | undefined> {
      if (!token || token.length > 128) return undefined;
      const session = await store.sessions.getByTokenHash(hashToken(token));
      const now = deps.now();
      if (!session) return undefined;
      if (session.expires_at <= now) {
        await store.sessions.delete(session.id);
        return undefined;
      }
      const user = await store.users.get(session.user_id);
      if (!user || user.delete_at !== 0) return undefined;
      if (now - session.last_activity_at > ACTIVITY_GRANULARITY_MS) {
        await store.sessions.update(session.id, { last_activity_at: now });
        session.last_activity_at = now;
      }
      return { user, session };
    },

    async list(actor: Actor, userId: string): Promise<SessionRecord[]> {
      if (actor.user.id !== userId && !isSystemAdmin(actor.user)) throw new AppError('forbidden');
      const now = deps.now();
      return (await store.sessions.listForUser(userId)).filter((s) => s.expires_at > now);
    },

    async revoke(actor: Actor, userId: string, sessionId: string): Promise<void> {
      if (actor.user.id !== userId && !isSystemAdmin(actor.user)) throw new AppError('forbidden');
      const session = await store.sessions.get(sessionId);
      if (!session || session.user_id !== userId) throw new AppError('sessionNotFound');
      await store.sessions.delete(session.id);
      deps.hub.closeSession(session.id);
    },

    async revokeAll(actor: Actor, userId: string): Promise<void> {
      if (actor.user.id !== userId && !isSystemAdmin(actor.user)) throw new AppError('forbidden');
      for (const id of await store.sessions.deleteForUser(userId)) deps.hub.closeSession(id);
    },

    attachDevice: (actor: Actor, deviceId: string) => attachDevice(deps, actor.session, deviceId),
  };
}
