// Request bodies of the API, as zod schemas. Unknown fields are dropped, as Mattermost ignores them.
import { z } from 'zod';
import { isId } from '../ids.js';
import { MAX_MESSAGE_LENGTH } from '../services/posts-service.js';

const RESERVED_USERNAMES = new Set(['all', 'channel', 'here', 'matterbot', 'system', 'valet', 'surveybot', 'playbooks', 'feedbackbot', 'calls']);

export const id = z.string().refine(isId, 'must be a 26-character id');
const text = (max: number) => z.string().max(max);

export const username = z
  .string()
  .min(3)
  .max(22)
  .regex(/^[a-z][a-z0-9._-]*$/i, 'must start with a letter and contain only letters, digits, ".", "-" and "_"')
  .refine((u) => !RESERVED_USERNAMES.has(u.toLowerCase()), 'is reserved');

export const email = z.email().max(128);
export const password = z.string().min(8).max(72);

export const createUserBody = z.object({
  username,
  email,
  password,
  nickname: text(64).optional(),
  first_name: text(64).optional(),
  last_name: text(64).optional(),
  locale: text(16).optional(),
});

export const loginBody = z.object({
  login_id: z.string().min(1).max(128),
  password: z.string().min(1).max(256),
  token: text(64).optional(),
  device_id: text(512).optional(),
  deviceId: text(512).optional(),
});

const PUSH = ['all', 'mention', 'none', 'default'] as const;
const PUSH_STATUS = ['online', 'away', 'offline', 'dnd', 'ooo'] as const;

export const notifyProps = z
  .record(z.string().max(64), z.string().max(1024))
  .refine((p) => Object.keys(p).length <= 64, 'has too many keys')
  .refine((p) => p.push === undefined || (PUSH as readonly string[]).includes(p.push), { message: `push must be one of ${PUSH.join(', ')}`, path: ['push'] })
  .refine((p) => p.push_status === undefined || (PUSH_STATUS as readonly string[]).includes(p.push_status), {
    message: `push_status must be one of ${PUSH_STATUS.join(', ')}`,
    path: ['push_status'],
  });

export const userActiveBody = z.object({ active: z.boolean() });

export const patchUserBody = z.object({
  username: username.optional(),
  email: email.optional(),
  nickname: text(64).optional(),
  first_name: text(64).optional(),
  last_name: text(64).optional(),
  position: text(128).optional(),
  locale: text(16).optional(),
  notify_props: notifyProps.optional(),
  props: z.record(z.string().max(64), z.string().max(1024)).refine((p) => Object.keys(p).length <= 64, 'has too many keys').optional(),
});

export const revokeSessionBody = z.object({ session_id: id });

/** `platform:token`, e.g. `apple_rn-v2:abcd…` or `android_rn:…`. */
export const attachDeviceBody = z.object({
  device_id: z.string().max(512).regex(/^[A-Za-z0-9_]+(-v\d+)?:\S+$/, 'must be platform:token'),
});

export const createTeamBody = z.object({
  name: z
    .string()
    .min(2)
    .max(64)
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/, 'must be lowercase letters, digits and "-"'),
  display_name: z.string().trim().min(1).max(64),
  type: z.enum(['O', 'I']),
  description: text(255).optional(),
  allow_open_invite: z.boolean().optional(),
});

export const addTeamMemberBody = z.object({ team_id: id, user_id: id });

export const createChannelBody = z.object({
  team_id: id,
  name: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9_-]+$/, 'must be lowercase letters, digits, "-" and "_"')
    .refine((n) => !n.includes('__'), 'must not contain "__"'),
  display_name: z.string().trim().min(1).max(64),
  type: z.enum(['O', 'P']),
  header: text(1024).optional(),
  purpose: text(250).optional(),
});

export const addChannelMemberBody = z.object({ user_id: id, post_root_id: z.string().max(26).optional() });

export const directChannelBody = z.tuple([id, id]);

export const viewChannelBody = z.object({
  channel_id: z.union([id, z.literal('')]),
  prev_channel_id: z.string().max(26).optional(),
  collapsed_threads_supported: z.boolean().optional(),
});

export const createPostBody = z.object({
  channel_id: id,
  message: z.string().min(1).max(MAX_MESSAGE_LENGTH),
  root_id: z.union([id, z.literal('')]).optional(),
  props: z.record(z.string().max(128), z.unknown()).optional(),
  pending_post_id: text(64).optional(),
  file_ids: z.array(z.string().max(26)).max(10).optional(),
});
