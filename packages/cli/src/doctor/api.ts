// The chat server's REST API (Mattermost v4) as the doctor calls it: plain requests with the
// doctor's timeout and TLS state (verification off once the TLS hop has failed).
import { request, type HttpReply } from './http.js';
import type { DoctorState } from './types.js';

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly serverMessage: string,
  ) {
    super(`${method} /api/v4${path} answered ${status}: ${serverMessage}`);
  }
}

export async function apiCall(state: DoctorState, method: string, path: string, body?: unknown, token = state.token, timeoutMs = state.opts.timeoutMs): Promise<HttpReply> {
  return request(`${state.apiBase}${path}`, {
    method,
    body,
    timeoutMs,
    headers: { 'x-requested-with': 'XMLHttpRequest', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    verify: !state.insecureTls,
    ...(state.opts.extraCa ? { extraCa: state.opts.extraCa } : {}),
  });
}

/** The JSON of a 2xx answer, else an ApiError naming the call and the server's message. */
export async function api<T>(state: DoctorState, method: string, path: string, body?: unknown, token = state.token): Promise<T> {
  const r = await apiCall(state, method, path, body, token);
  if (r.status < 200 || r.status > 299) {
    const j = r.json<{ message?: string; detailed_error?: string }>();
    throw new ApiError(method, path, r.status, [j?.message, j?.detailed_error].filter(Boolean).join(': ') || r.text.slice(0, 200) || `HTTP ${r.status}`);
  }
  return r.json<T>() as T;
}

/** POST /users/login: the session token (Token header) and the user. */
export async function login(state: DoctorState, username: string, password: string): Promise<{ token: string; user: ApiUser }> {
  const r = await apiCall(state, 'POST', '/users/login', { login_id: username, password }, undefined);
  if (r.status !== 200) {
    const j = r.json<{ message?: string }>();
    throw new ApiError('POST', '/users/login', r.status, j?.message ?? `HTTP ${r.status}`);
  }
  const token = String(r.headers.token ?? '');
  if (!token) throw new ApiError('POST', '/users/login', r.status, 'no Token header in the answer');
  return { token, user: r.json<ApiUser>()! };
}

export interface ApiUser {
  id: string;
  username: string;
  roles: string;
  notify_props?: Record<string, string>;
}

export const isSystemAdmin = (u: Pick<ApiUser, 'roles'>) => (u.roles ?? '').split(' ').includes('system_admin');
