// Between steps 3 and 4: sign in (--token or --login) and learn whether the session is a system
// admin's, which the push settings, temporary users and the server log need.
import { api, apiCall, ApiError, isSystemAdmin, login, type ApiUser } from './api.js';
import { classifyNetError } from './http.js';
import type { Check } from './types.js';

export const authCheck: Check = {
  hop: 'auth',
  title: 'Sign-in',
  async run(state, report) {
    const { opts } = state;
    if (!opts.token && !opts.login) {
      report({
        hop: 'auth',
        status: 'info',
        message: 'Sign-in: no --token or --login given: push settings, temporary users and the server log are not checked',
        hint: 'Run with --login admin:PASSWORD (or --token) of a system admin for the full check.',
      });
      return;
    }
    if (!state.apiOk) {
      report({ hop: 'auth', status: 'skip', message: 'Sign-in: skipped (no usable API)' });
      return;
    }
    try {
      let user: ApiUser;
      if (opts.token) {
        state.token = opts.token;
        user = await api<ApiUser>(state, 'GET', '/users/me');
      } else {
        const r = await login(state, opts.login!.username, opts.login!.password);
        state.token = r.token;
        state.ownSession = true;
        user = r.user;
        const token = r.token;
        state.cleanups.push({ what: `logged out the doctor's session of ${user.username}`, run: async () => void (await apiCall(state, 'POST', '/users/logout', {}, token)) });
      }
      state.isAdmin = isSystemAdmin(user);
      report({
        hop: 'auth',
        status: state.isAdmin ? 'ok' : 'warn',
        message: `Sign-in: ${user.username}${state.isAdmin ? ' (system admin)' : ' (not a system admin)'}`,
        ...(state.isAdmin ? {} : { hint: 'Push settings, temporary users and the server log need a system admin: use an admin login or token.' }),
        data: { username: user.username, system_admin: state.isAdmin },
      });
    } catch (e) {
      state.token = undefined;
      const why = e instanceof ApiError ? `${e.status} ${e.serverMessage}` : classifyNetError(e).detail;
      report({
        hop: 'auth',
        status: 'fail',
        message: `Sign-in: ${opts.token ? 'the token was refused' : `cannot log in as ${opts.login!.username}`}: ${why}`,
        hint: opts.token ? 'The token is expired or revoked: create a new session or personal access token.' : 'Check the user name and password (after 10 failures a minute the server refuses logins for a while).',
      });
    }
  },
};
