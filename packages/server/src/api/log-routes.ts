// GET /logs (admin): the tail of the file log as Mattermost returns it, an array of JSON log
// lines (System Console > Logs > Reload; Client4.getPlainLogs).
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import type { HttpAppOptions } from '../http/http-app.js';
import { requireSystemAdmin } from './config-routes.js';

export const MAX_LOGS_PER_PAGE = 10_000;

function intQuery(q: Record<string, unknown>, name: string, def: number, min: number, max: number): number {
  const v = q[name];
  if (v === undefined || v === '') return def;
  if (typeof v !== 'string' || !/^\d{1,12}$/.test(v) || Number(v) < min) throw new AppError('invalidUrlParam', name);
  return Math.min(Number(v), max);
}

export function logRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  api.get('/logs', async (req) => {
    requireSystemAdmin(req);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const perPage = intQuery(q, 'logs_per_page', MAX_LOGS_PER_PAGE, 1, MAX_LOGS_PER_PAGE);
    const page = intQuery(q, 'page', 0, 0, Math.floor(100_000 / perPage));
    return services.logs.tail(page, perPage);
  });
}
