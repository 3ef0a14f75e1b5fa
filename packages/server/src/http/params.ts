// URL parameters, query strings and bodies, validated: bad input is a 400 with the field named.
import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import { isId } from '../ids.js';
import type { Actor } from '../services/deps.js';

export function idParam(params: unknown, name: string): string {
  const v = (params as Record<string, unknown> | undefined)?.[name];
  if (typeof v !== 'string' || !isId(v)) throw new AppError('invalidUrlParam', name);
  return v;
}

/** A user id parameter that may be `me`. */
export function userIdParam(params: unknown, actor: Actor, name = 'user_id'): string {
  const v = (params as Record<string, unknown> | undefined)?.[name];
  return v === 'me' ? actor.user.id : idParam(params, name);
}

export function stringParam(params: unknown, name: string, max = 128): string {
  const v = (params as Record<string, unknown> | undefined)?.[name];
  if (typeof v !== 'string' || v === '' || v.length > max) throw new AppError('invalidUrlParam', name);
  return v;
}

export function paging(query: unknown, defaultPerPage = 60, maxPerPage = 200): { page: number; perPage: number } {
  const q = (query ?? {}) as Record<string, unknown>;
  const int = (v: unknown, name: string, def: number, min: number, max: number) => {
    if (v === undefined || v === '') return def;
    const n = Number(v);
    if (typeof v !== 'string' || !/^\d+$/.test(v) || n < min) throw new AppError('invalidUrlParam', name);
    return Math.min(n, max);
  };
  return { page: int(q.page, 'page', 0, 0, 100_000), perPage: int(q.per_page, 'per_page', defaultPerPage, 1, maxPerPage) };
}

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const r = schema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue && issue.path.length ? issue.path.join('.') : 'body';
    throw new AppError('invalidBody', `${where}: ${issue?.message ?? 'invalid'}`);
  }
  return r.data;
}
