// Accounts: sign-up (the first account becomes the system admin), login, logout, profile patch.
import { AppError } from '../errors/app-error.js';
import { newId } from '../ids.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { hashToken, newSessionToken } from '../auth/tokens.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import { userToApi } from '../domain/api-shapes.js';
import type { NotifyProps, SessionRecord, UserRecord } from '../store/store.js';
import { isSystemAdmin, type Actor, type ServiceDeps } from './deps.js';
import { attachDevice } from './sessions-service.js';

export const DEFAULT_NOTIFY_PROPS: NotifyProps = {
  email: 'true',
  push: 'mention',
  desktop: 'mention',
  desktop_sound: 'true',
  mention_keys: '',
  channel: 'true',
  first_name: 'false',
  // Mattermost's default (model.User.SetDefaultNotifications): push when away or offline.
  push_status: 'away',
  comments: 'never',
  desktop_threads: 'all',
  email_threads: 'all',
  push_threads: 'all',
};

export interface NewUser {
  username: string;
  email: string;
  password: string;
  nickname?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  locale?: string | undefined;
}

export interface UserPatch {
  username?: string | undefined;
  email?: string | undefined;
  nickname?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  position?: string | undefined;
  locale?: string | undefined;
  notify_props?: NotifyProps | undefined;
  props?: Record<string, string> | undefined;
}

export interface LoginResult {
  user: UserRecord;
  session: SessionRecord;
  /** The bearer token; only its hash is stored. */
  token: string;
}

// A fixed hash to verify against when the login id is unknown, so both paths take as long.
let dummyHash: Promise<string> | undefined;

export function usersService(deps: ServiceDeps) {
  const { store } = deps;

  async function assertUnique(username: string | undefined, email: string | undefined, selfId?: string): Promise<void> {
    if (username !== undefined) {
      const other = await store.users.getByUsername(username);
      if (other && other.id !== selfId) throw new AppError('usernameExists');
    }
    if (email !== undefined) {
      const other = await store.users.getByEmail(email);
      if (other && other.id !== selfId) throw new AppError('emailExists');
    }
  }

  return {
    async create(input: NewUser): Promise<UserRecord> {
      const username = input.username.toLowerCase();
      const email = input.email.toLowerCase();
      await assertUnique(username, email);
      const now = deps.now();
      const first = (await store.users.count()) === 0;
      const user: UserRecord = {
        id: newId(),
        create_at: now,
        update_at: now,
        delete_at: 0,
        username,
        email,
        password_hash: await hashPassword(input.password, deps.passwordCost),
        nickname: input.nickname ?? '',
        first_name: input.first_name ?? '',
        last_name: input.last_name ?? '',
        position: '',
        roles: first ? 'system_admin system_user' : 'system_user',
        locale: input.locale ?? 'en',
        notify_props: { ...DEFAULT_NOTIFY_PROPS },
        props: {},
        last_password_update: now,
      };
      try {
        await store.users.create(user);
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('usernameExists', 'username or email taken');
        throw e;
      }
      return user;
    },

    async login(loginId: string, password: string, deviceId: string): Promise<LoginResult> {
      const id = loginId.trim().toLowerCase();
      const user = id.includes('@') ? await store.users.getByEmail(id) : await store.users.getByUsername(id);
      if (!user || user.delete_at !== 0) {
        dummyHash ??= hashPassword('not-a-password', deps.passwordCost);
        await verifyPassword(password, await dummyHash);
        throw new AppError('badCredentials');
      }
      if (!(await verifyPassword(password, user.password_hash))) throw new AppError('badCredentials');
      const now = deps.now();
      const token = newSessionToken();
      const session: SessionRecord = {
        id: newId(),
        token_hash: hashToken(token),
        user_id: user.id,
        create_at: now,
        expires_at: now + deps.sessionLengthMs,
        last_activity_at: now,
        device_id: '',
        roles: user.roles,
        props: { csrf: newId() },
      };
      await store.sessions.create(session);
      if (deviceId) await attachDevice(deps, session, deviceId);
      return { user, session: (await store.sessions.get(session.id)) ?? session, token };
    },

    async logout(actor: Actor | undefined): Promise<void> {
      if (!actor) return;
      await store.sessions.delete(actor.session.id);
      deps.hub.closeSession(actor.session.id);
    },

    /**
     * Deactivates (Mattermost's soft delete: delete_at set) or reactivates a user. Deactivation
     * ends every session, so the user's devices get no more pushes and their sockets close.
     * Users may deactivate themselves (not system admins: another admin must); reactivating, and
     * anyone else, takes a system admin.
     */
    async setActive(actor: Actor, userId: string, active: boolean): Promise<UserRecord> {
      const admin = isSystemAdmin(actor.user);
      if (!admin && (active || actor.user.id !== userId)) throw new AppError('forbidden');
      // An admin locking themselves out could leave nobody able to reactivate anyone.
      if (admin && !active && actor.user.id === userId) throw new AppError('forbidden', 'a system admin cannot deactivate themselves; another admin can');
      const user = await store.users.get(userId);
      if (!user) throw new AppError('userNotFound');
      if ((user.delete_at === 0) === active) return user;
      const now = deps.now();
      const next = { delete_at: active ? 0 : now, update_at: now };
      await store.users.update(user.id, next);
      if (!active) for (const id of await store.sessions.deleteForUser(user.id)) deps.hub.closeSession(id);
      const updated = { ...user, ...next };
      deps.hub.publish('user_updated', { user: userToApi(updated, { self: false, admin: false }) }, [updated.id]);
      return updated;
    },

    async patch(actor: Actor, userId: string, patch: UserPatch): Promise<UserRecord> {
      if (actor.user.id !== userId && !isSystemAdmin(actor.user)) throw new AppError('forbidden');
      const user = await store.users.get(userId);
      if (!user) throw new AppError('userNotFound');
      const username = patch.username?.toLowerCase();
      const email = patch.email?.toLowerCase();
      await assertUnique(username, email, user.id);
      const next: Partial<UserRecord> = {
        update_at: deps.now(),
        ...(username !== undefined ? { username } : {}),
        ...(email !== undefined ? { email } : {}),
        ...(patch.nickname !== undefined ? { nickname: patch.nickname } : {}),
        ...(patch.first_name !== undefined ? { first_name: patch.first_name } : {}),
        ...(patch.last_name !== undefined ? { last_name: patch.last_name } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
        ...(patch.notify_props !== undefined ? { notify_props: { ...user.notify_props, ...patch.notify_props } } : {}),
        ...(patch.props !== undefined ? { props: { ...user.props, ...patch.props } } : {}),
      };
      try {
        await store.users.update(user.id, next);
      } catch (e) {
        if (isUniqueViolation(e)) throw new AppError('usernameExists', 'username or email taken');
        throw e;
      }
      const updated = { ...user, ...next } as UserRecord;
      deps.hub.publish('user_updated', { user: userToApi(updated, { self: true, admin: false }) }, [updated.id]);
      return updated;
    },
  };
}
