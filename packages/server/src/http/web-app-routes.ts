// The web app (packages/app's built dist-web) at `/`: static files with ETags (precompressed .gz
// when the client accepts gzip), and index.html for every other path that is not a file (the app
// routes itself: /channels/…, /console/…). /api/… never falls back: an unknown API route stays a
// Mattermost-style JSON 404.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

interface Asset {
  body: Buffer;
  gz: Buffer | undefined;
  etag: string;
  mtimeMs: number;
}

export function registerWebAppRoutes(app: FastifyInstance, webAppDir: string): void {
  const root = resolve(webAppDir);
  const cache = new Map<string, Asset>();

  async function load(file: string): Promise<Asset | undefined> {
    const st = await stat(file).catch(() => undefined);
    if (!st?.isFile()) return undefined;
    const hit = cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs) return hit;
    const body = await readFile(file);
    const gz = await readFile(`${file}.gz`).catch(() => undefined);
    const asset = { body, gz, etag: `"${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`, mtimeMs: st.mtimeMs };
    cache.set(file, asset);
    return asset;
  }

  async function serve(req: FastifyRequest, reply: FastifyReply) {
    const path = decodeURIComponent(req.url.split('?')[0] ?? '/');
    if (path === '/api' || path.startsWith('/api/')) throw new AppError('notFound', `${req.method} ${path}`);
    let file = resolve(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) throw new AppError('notFound', path);
    let asset = file === root ? undefined : await load(file);
    if (!asset) {
      if (extname(path) !== '' && path !== '/') return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
      file = join(root, 'index.html');
      asset = await load(file);
      if (!asset) return reply.code(404).type('text/plain; charset=utf-8').send('The web app is not built (npm run build).');
    }
    reply.header('content-type', TYPES[extname(file)] ?? 'application/octet-stream');
    reply.header('cache-control', 'no-cache');
    reply.header('etag', asset.etag);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('vary', 'accept-encoding');
    if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    if (asset.gz && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
      reply.header('content-encoding', 'gzip');
      return reply.send(asset.gz);
    }
    return reply.send(asset.body);
  }

  app.route({ method: ['GET', 'HEAD'], url: '/', config: { public: true }, handler: serve });
  app.route({ method: ['GET', 'HEAD'], url: '/*', config: { public: true }, handler: serve });
}
