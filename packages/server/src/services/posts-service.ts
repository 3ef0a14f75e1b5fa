// Posts: create (counts, mentions, live event, push hand-off), get, list, threads.
import { AppError } from '../errors/app-error.js';
import { isUniqueViolation } from '../store/constraint-errors.js';
import { newId } from '../ids.js';
import { findMentions, mentionedUserIds, mentionWords } from '../domain/mentions.js';
import { postToApi } from '../domain/api-shapes.js';
import type { PostRecord } from '../store/store.js';
import type { PostCreatedEvent } from '../push/push-notifier.js';
import type { Actor, ServiceDeps } from './deps.js';
import type { channelsService } from './channels-service.js';

export const MAX_MESSAGE_LENGTH = 16383;
/** Most posts one `?since=` answer holds (Mattermost's limit). */
export const SINCE_LIMIT = 1000;

export interface NewPost {
  channel_id: string;
  message: string;
  root_id?: string | undefined;
  props?: Record<string, unknown> | undefined;
  pending_post_id?: string | undefined;
}

export function postsService(deps: ServiceDeps, channels: ReturnType<typeof channelsService>) {
  const { store } = deps;

  /** The posts plus the roots of replies among them that are not themselves in the list. */
  async function withRoots(posts: PostRecord[]): Promise<{ posts: PostRecord[]; roots: PostRecord[] }> {
    const listed = new Set(posts.map((p) => p.id));
    const missing = [...new Set(posts.map((p) => p.root_id).filter((id) => id !== '' && !listed.has(id)))];
    return { posts, roots: await store.posts.getMany(missing) };
  }

  return {
    async create(actor: Actor, input: NewPost): Promise<PostRecord> {
      const { channel } = await channels.requireMember(actor, input.channel_id);
      // A retry of a post already made (same pending_post_id, as Mattermost's clients send) is
      // caught by the unique index when the post is saved, below: no look-up on every post.
      const pending = input.pending_post_id ?? '';
      let root: PostRecord | undefined;
      if (input.root_id) {
        root = await store.posts.get(input.root_id);
        if (!root || root.channel_id !== channel.id || root.root_id !== '') throw new AppError('invalidRootId');
      }
      const memberIds = await store.channels.memberUserIds(channel.id);
      const words = mentionWords(input.message);
      const memberSet = new Set(memberIds);
      const candidates = words.length ? (await store.users.getByUsernames(words)).filter((u) => memberSet.has(u.id)) : [];
      const mentions = findMentions(input.message, candidates, actor.user.id);
      const mentioned = mentionedUserIds(mentions, memberIds, actor.user.id, (id) => deps.hub.isOnline(id));
      // In a direct channel every post is a mention of the other member.
      if (channel.type === 'D') for (const id of memberIds) if (id !== actor.user.id && !mentioned.includes(id)) mentioned.push(id);

      const now = deps.now();
      const post: PostRecord = {
        id: newId(),
        create_at: now,
        update_at: now,
        edit_at: 0,
        delete_at: 0,
        user_id: actor.user.id,
        channel_id: channel.id,
        root_id: root?.id ?? '',
        message: input.message,
        type: '',
        props: input.props ?? {},
        hashtags: '',
        pending_post_id: input.pending_post_id ?? '',
        reply_count: 0,
        last_reply_at: 0,
      };
      const team = channel.team_id ? await store.teams.get(channel.team_id) : undefined;
      const isRoot = root === undefined;
      const event: PostCreatedEvent = { post, channel, team, sender: actor.user, memberIds, mentions, mentionedUserIds: mentioned, root };
      let updatedChannel: Awaited<ReturnType<typeof store.channels.recordPost>>;
      try {
        updatedChannel = await store.transaction(async (tx) => {
          await tx.posts.create(post);
          const c = await tx.channels.recordPost(channel.id, now, isRoot);
          if (root) await tx.posts.recordReply(root.id, now);
          await tx.channels.incrementMentions(channel.id, mentioned, isRoot);
          await tx.channels.markViewed(channel.id, actor.user.id, now);
          await deps.notifier.inPostTransaction?.(tx, event);
          return c;
        });
      } catch (e) {
        // A retry (or the same retry racing on another node): the first post is the answer,
        // with no second event or push (this transaction, outbox rows included, rolled back).
        const raced = pending && isUniqueViolation(e) ? await this.retried(actor, channel.id, pending) : undefined;
        if (raced) return raced;
        throw e;
      }
      if (updatedChannel) event.channel = updatedChannel;

      deps.hub.publish(
        'posted',
        {
          channel_display_name: channel.type === 'D' ? `@${actor.user.username}` : channel.display_name,
          channel_name: channel.name,
          channel_type: channel.type,
          post: JSON.stringify(postToApi(post)),
          sender_name: `@${actor.user.username}`,
          set_online: true,
          team_id: channel.team_id,
          ...(mentioned.length ? { mentions: JSON.stringify(mentioned) } : {}),
        },
        memberIds,
        { channel_id: channel.id, team_id: channel.team_id },
      );
      void Promise.resolve()
        .then(() => deps.notifier.postCreated(event))
        .catch((e: Error) => deps.logger.error({ err: e, post_id: post.id }, 'push notifier failed on new post'));
      return post;
    },

    /** The post `actor` already made with this pending_post_id; one in another channel is a client bug. */
    async retried(actor: Actor, channelId: string, pendingPostId: string): Promise<PostRecord | undefined> {
      const earlier = await store.posts.getByPendingPostId(actor.user.id, pendingPostId);
      if (earlier && earlier.channel_id !== channelId) throw new AppError('pendingPostIdReused');
      return earlier;
    },

    async get(actor: Actor, postId: string): Promise<PostRecord> {
      const post = await store.posts.get(postId);
      if (!post) throw new AppError('postNotFound');
      await channels.requireMember(actor, post.channel_id);
      return post;
    },

    /** A page of the channel, newest first, plus the roots of replies on the page. */
    async listForChannel(actor: Actor, channelId: string, page: number, perPage: number): Promise<{ posts: PostRecord[]; roots: PostRecord[] }> {
      await channels.requireMember(actor, channelId);
      const posts = await store.posts.listForChannel(channelId, page * perPage, perPage);
      return withRoots(posts);
    },

    /**
     * Mattermost's `?since=`: the channel's posts made or changed after `since` (ms), newest
     * first, plus the roots of replies among them; at most SINCE_LIMIT (Mattermost's 1000).
     */
    async listChangedSince(actor: Actor, channelId: string, since: number): Promise<{ posts: PostRecord[]; roots: PostRecord[] }> {
      await channels.requireMember(actor, channelId);
      const posts = await store.posts.listChangedSince(channelId, since, SINCE_LIMIT);
      return withRoots(posts);
    },

    /** The whole thread of a post (root and replies), newest first. */
    async thread(actor: Actor, postId: string): Promise<PostRecord[]> {
      const post = await this.get(actor, postId);
      const posts = await store.posts.thread(post.root_id || post.id);
      return posts.reverse();
    },
  };
}
