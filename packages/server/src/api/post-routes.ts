// /posts and a channel's posts: create, get, list, thread.
import type { FastifyInstance } from 'fastify';
import { postList, postToApi } from '../domain/api-shapes.js';
import { actorOf, type HttpAppOptions } from '../http/http-app.js';
import { AppError } from '../errors/app-error.js';
import { idParam, paging, parseBody } from '../http/params.js';
import { createPostBody } from './schemas.js';

export function postRoutes(api: FastifyInstance, { services }: HttpAppOptions): void {
  api.post('/posts', async (req, reply) => {
    const body = parseBody(createPostBody, req.body);
    const post = await services.posts.create(actorOf(req), body);
    return reply.code(201).send(postToApi(post));
  });

  api.get('/posts/:post_id', async (req) => postToApi(await services.posts.get(actorOf(req), idParam(req.params, 'post_id'))));

  api.get('/posts/:post_id/thread', async (req) => postList(await services.posts.thread(actorOf(req), idParam(req.params, 'post_id'))));

  api.get('/channels/:channel_id/posts', async (req) => {
    const channelId = idParam(req.params, 'channel_id');
    // ?since=<ms>: what changed since then (Client4.getPostsSince), instead of a page.
    const since = (req.query as Record<string, unknown> | undefined)?.since;
    if (since !== undefined) {
      if (typeof since !== 'string' || !/^\d{1,15}$/.test(since)) throw new AppError('invalidUrlParam', 'since');
      const { posts, roots } = await services.posts.listChangedSince(actorOf(req), channelId, Number(since));
      return postList(posts, roots);
    }
    const { page, perPage } = paging(req.query);
    const { posts, roots } = await services.posts.listForChannel(actorOf(req), channelId, page, perPage);
    return postList(posts, roots);
  });
}
