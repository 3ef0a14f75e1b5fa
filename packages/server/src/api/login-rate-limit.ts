// Login throttling: at most `maxFailures` failed logins per account (resolved from the login id,
// so username and email share one budget; unknown ids count by themselves) per window; beyond
// that POST /users/login answers 429 with a Retry-After until the window slides past. An attempt
// counts as a failure from the moment it starts (so parallel guesses cannot overrun the budget)
// and is taken back when it does not end in 401; a successful login clears the account's record.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { HttpAppOptions } from '../http/http-app.js';
import { API_PREFIX } from './routes.js';

export interface LoginLimits {
  maxFailures: number;
  windowMs: number;
  /** Accounts tracked at once; the oldest records go first beyond it. */
  maxTracked: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = { maxFailures: 10, windowMs: 60_000, maxTracked: 10_000 };

declare module 'fastify' {
  interface FastifyRequest {
    loginAttempt: { key: string; at: number } | undefined;
  }
}

export function loginRateLimit(api: FastifyInstance, { services }: HttpAppOptions, limits: LoginLimits = DEFAULT_LOGIN_LIMITS): void {
  const { store, now } = services.deps;
  const failures = new Map<string, number[]>();
  const loginPath = `${API_PREFIX}/users/login`;
  const isLogin = (req: FastifyRequest) => req.method === 'POST' && req.routeOptions.url === loginPath;

  async function keyOf(loginId: string): Promise<string> {
    const id = loginId.trim().toLowerCase();
    const user = id.includes('@') ? await store.users.getByEmail(id) : await store.users.getByUsername(id);
    return user ? `user:${user.id}` : `id:${id}`;
  }

  function recent(key: string, at: number): number[] {
    const list = (failures.get(key) ?? []).filter((t) => t > at - limits.windowMs);
    if (list.length) failures.set(key, list);
    else failures.delete(key);
    return list;
  }

  api.decorateRequest('loginAttempt', undefined);

  api.addHook('preHandler', async (req, reply) => {
    if (!isLogin(req)) return;
    const body = req.body as { login_id?: unknown } | undefined;
    if (!body || typeof body !== 'object' || typeof body.login_id !== 'string' || body.login_id.length > 128) return;
    const key = await keyOf(body.login_id);
    const at = now();
    const list = recent(key, at);
    if (list.length >= limits.maxFailures) {
      reply.header('Retry-After', String(Math.max(1, Math.ceil((list[0]! + limits.windowMs - at) / 1000))));
      throw new AppError('tooManyLoginAttempts');
    }
    list.push(at);
    failures.delete(key);
    failures.set(key, list);
    while (failures.size > limits.maxTracked) failures.delete(failures.keys().next().value!);
    req.loginAttempt = { key, at };
  });

  api.addHook('onResponse', async (req, reply) => {
    const attempt = req.loginAttempt;
    if (!attempt || reply.statusCode === 401) return;
    if (reply.statusCode < 300) {
      failures.delete(attempt.key);
      return;
    }
    const list = failures.get(attempt.key);
    const i = list?.indexOf(attempt.at) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  });
}
