// The two accounts of the seed's confirmation procedure: given ones (--users a:pw,b:pw) or two
// temporary ones the doctor creates with the admin's session. Each gets a fresh session, logged
// out at the end (which also detaches the test device); temporary ones are then deactivated
// (DELETE /users/{id}, Mattermost's soft delete), so they cannot log in and are listed as such.
import { randomBytes } from 'node:crypto';
import { api, apiCall, login, type ApiUser } from './api.js';
import type { DoctorState, Login } from './types.js';

export interface ProcedureUser {
  user: ApiUser;
  token: string;
  temporary: boolean;
}

async function signIn(state: DoctorState, l: Login, temporary: boolean): Promise<ProcedureUser> {
  const { token, user } = await login(state, l.username, l.password);
  state.cleanups.push({ what: `logged out ${user.username}'s test session`, run: async () => void (await apiCall(state, 'POST', '/users/logout', {}, token)) });
  return { user, token, temporary };
}

export async function procedureUsers(state: DoctorState): Promise<[ProcedureUser, ProcedureUser]> {
  if (state.opts.users) {
    const [a, b] = state.opts.users;
    return [await signIn(state, a, false), await signIn(state, b, false)];
  }
  const tag = randomBytes(3).toString('hex');
  const made: ProcedureUser[] = [];
  for (const who of ['a', 'b']) {
    const username = `doctor-${who}-${tag}`;
    const password = randomBytes(16).toString('hex');
    const created = await api<ApiUser>(state, 'POST', '/users', { username, email: `${username}@doctor.herald.invalid`, password, nickname: `herald doctor (account ${who.toUpperCase()})` });
    // Registered before the sign-in's logout, so it runs after it (newest first).
    state.cleanups.push({ what: `deactivated temporary user ${username}`, run: async () => void (await api(state, 'DELETE', `/users/${created.id}`)) });
    made.push(await signIn(state, { username, password }, true));
  }
  return [made[0]!, made[1]!];
}
