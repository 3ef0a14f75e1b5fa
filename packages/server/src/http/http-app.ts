// The HTTP side: fastify with Mattermost-style JSON errors for everything (bad JSON, too large,
// unknown route, validation, internal), session resolution per request, and the API routes.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { AppError, errorBody } from '../errors/app-error.js';
import { newId } from '../ids.js';
import type { Actor } from '../services/deps.js';
import type { Services } from '../services/services.js';
import type { PushNotifier } from '../push/push-notifier.js';
import { findToken, passesCsrf } from './request-auth.js';
import { registerApiRoutes } from '../api/routes.js';
import { registerWebAppRoutes } from './web-app-routes.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | undefined;
  }
  interface FastifyContextConfig {
    /** Routes that work without a session (login, sign-up, ping). */
    public?: boolean;
  }
}

export interface HttpAppOptions {
  services: Services;
  notifier: PushNotifier;
  logger: Logger;
  serverVersion: string;
  maxBodyBytes: number;
  secureCookies: boolean;
  /**
   * Front proxies (addresses or CIDRs, e.g. nginx on 127.0.0.1) whose X-Forwarded-For/-Proto are
   * believed: the client's address (req.ip) and scheme come from them, so cookies get Secure
   * behind a TLS proxy. Others' forwarded headers are ignored (they could be forged).
   */
  trustedProxies?: string[] | undefined;
  /** The built web app (packages/app dist-web) served at `/`; none when undefined. */
  webAppDir?: string | undefined;
  /** Native TLS (PEM): the app then listens with HTTPS (and WSS). */
  https?: { cert: Buffer; key: Buffer } | undefined;
  /** Hosted-mode push service key (Authorization: Bearer), for trace look-ups. */
  pushServiceKey?: string | undefined;
}

const FASTIFY_ERRORS: Record<string, AppError['key']> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalidJson',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalidJson',
  FST_ERR_CTP_BODY_TOO_LARGE: 'bodyTooLarge',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupportedMedia',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalidBody',
};

function toAppError(err: FastifyError | Error): AppError | undefined {
  if (err instanceof AppError) return err;
  const e = err as FastifyError;
  const key = e.code ? FASTIFY_ERRORS[e.code] : undefined;
  if (key) return new AppError(key);
  if (err instanceof SyntaxError || (e.statusCode === 400 && /JSON|prototype|constructor/i.test(e.message))) return new AppError('invalidJson');
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return new AppError(e.statusCode === 413 ? 'bodyTooLarge' : 'invalidBody');
  return undefined;
}

function parseJson(_req: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void): void {
  if (body === '') return done(null, undefined);
  try {
    done(null, JSON.parse(body, (k, v: unknown) => (k === '__proto__' ? undefined : v)));
  } catch {
    done(new AppError('invalidJson'));
  }
}

export function buildHttpApp(opts: HttpAppOptions): FastifyInstance {
  // With `https` fastify's instance is typed for an https.Server; the routes are the same.
  const app = (Fastify as unknown as (o: object) => FastifyInstance)({
    ...(opts.https ? { https: opts.https } : {}),
    logger: false,
    bodyLimit: opts.maxBodyBytes,
    ...(opts.trustedProxies?.length ? { trustProxy: opts.trustedProxies } : {}),
    genReqId: () => newId(),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  app.decorateRequest('actor', undefined);

  // Mattermost reads every body as JSON whatever its content type; so do we, with our own errors.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: opts.maxBodyBytes }, parseJson);

  app.addHook('onRequest', async (req, reply) => {
    reply.header('X-Request-Id', req.id);
    reply.header('X-Version-Id', opts.serverVersion);
    if (req.is404) return;
    if (req.routeOptions.config?.public) {
      // Still identify the caller when a token is present (logout, ping).
      const found = findToken(req.headers, req.url);
      if (found) req.actor = await opts.services.sessions.authenticate(found.token);
      return;
    }
    const found = findToken(req.headers, req.url);
    const actor = found ? await opts.services.sessions.authenticate(found.token) : undefined;
    if (!actor) throw new AppError('sessionExpired', found ? 'token not valid' : 'no session token');
    if (found!.source === 'cookie' && !passesCsrf(req.method, req.headers, actor.session.props.csrf)) {
      throw new AppError('sessionExpired', 'CSRF check failed for a cookie-authenticated request');
    }
    req.actor = actor;
  });

  // Client4 parses a body as JSON only when Content-Type is exactly application/json.
  app.addHook('onSend', async (_req, reply, payload) => {
    const ct = reply.getHeader('content-type');
    if (typeof ct === 'string' && ct.startsWith('application/json')) reply.header('content-type', 'application/json');
    return payload;
  });

  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    let appErr = toAppError(err);
    if (!appErr) {
      opts.logger.error({ err, method: req.method, url: req.url.split('?')[0] }, 'request failed');
      appErr = new AppError('internal');
    }
    void reply.code(appErr.status).type('application/json').send(errorBody(appErr, String(req.id)));
  });

  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).type('application/json').send(errorBody(new AppError('notFound', `${req.method} ${req.url.split('?')[0]}`), String(req.id)));
  });

  registerApiRoutes(app, opts);
  if (opts.webAppDir) registerWebAppRoutes(app, opts.webAppDir);
  return app;
}

/** The actor of a route that requires a session (guaranteed by the onRequest hook). */
export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError('sessionExpired');
  return req.actor;
}
