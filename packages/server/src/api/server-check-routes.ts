// POST /system/server_check {url}: the connect screen's diagnosis of a server URL (api/server-check).
// Public (the user is not logged in yet) and throttled per client address.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { HttpAppOptions } from '../http/http-app.js';
import { parseBody } from '../http/params.js';
import { checkServer } from './server-check.js';

const body = z.object({ url: z.string().min(1).max(2048) });
const PER_MINUTE = 30;

export function serverCheckRoutes(api: FastifyInstance, _opts: HttpAppOptions): void {
  const windows = new Map<string, { start: number; n: number }>();
  api.post('/system/server_check', { config: { public: true } }, async (req) => {
    const { url } = parseBody(body, req.body);
    const now = Date.now();
    const key = req.ip;
    const w = windows.get(key);
    if (!w || now - w.start > 60_000) {
      if (windows.size > 10_000) windows.clear();
      windows.set(key, { start: now, n: 1 });
    } else if (++w.n > PER_MINUTE) throw new AppError('serverCheckThrottled');
    return checkServer(url);
  });
}
