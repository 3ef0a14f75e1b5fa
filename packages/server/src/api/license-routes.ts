// /license: upload (multipart, field `license`, as Client4.uploadLicense sends it), remove, and
// the client view (old format). Herald's license format is described in license/license.ts.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors/app-error.js';
import { isSystemAdmin } from '../services/deps.js';
import { MAX_LICENSE_BYTES } from '../license/license.js';
import type { HttpAppOptions } from '../http/http-app.js';
import { requireSystemAdmin } from './config-routes.js';

const MAX_UPLOAD_BYTES = MAX_LICENSE_BYTES + 8 * 1024;

/** The `license` file of a multipart/form-data body, parsed by the platform's own FormData. */
async function licenseFile(contentType: string, body: Buffer): Promise<string> {
  let form: FormData;
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new AppError('licenseNoFile', 'the body is not valid multipart/form-data');
  }
  const part = form.get('license');
  if (part === null) throw new AppError('licenseNoFile');
  if (typeof part === 'string') return part;
  if (part.size > MAX_LICENSE_BYTES) throw new AppError('bodyTooLarge', 'license file too large');
  return part.text();
}

export function licenseRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  const { license } = services;

  // Multipart only in this scope: everywhere else the body is JSON, as before.
  void api.register(async (scope) => {
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES }, (_req, body, done) => done(null, body));

    scope.post('/license', { bodyLimit: MAX_UPLOAD_BYTES }, async (req, reply) => {
      requireSystemAdmin(req);
      const ct = req.headers['content-type'] ?? '';
      if (!/^multipart\/form-data\s*;/i.test(ct) || !Buffer.isBuffer(req.body)) throw new AppError('licenseNoFile', 'expected multipart/form-data');
      const raw = await licenseFile(ct, req.body);
      return reply.code(201).send(await license.upload(raw));
    });
  });

  api.delete('/license', async (req) => {
    requireSystemAdmin(req);
    await license.remove();
    return { status: 'OK' };
  });

  api.get('/license/client', { config: { public: true } }, async (req) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    if (q.format !== 'old') throw new AppError('licenseClientOldFormat');
    return license.clientLicense(req.actor !== undefined && isSystemAdmin(req.actor.user));
  });
}
