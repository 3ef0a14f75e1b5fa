// Parses and validates a send_push body (protocol.md section 1). Every problem
// becomes a message naming the field, never an exception: the HTTP layer turns
// it into {"status":"FAIL","error":...}. Unknown fields are ignored, as the anchor does.

import { bodyShapeError, readField } from './fields.js';
import type { FieldKind } from './fields.js';
import { knownPlatforms, parsePlatform } from './platform.js';
import { truncateChars } from './text.js';

/** Anchor limits: message is cut to 2046 characters, channel_name to 64. */
export const MAX_MESSAGE_CHARS = 2046;
export const MAX_CHANNEL_NAME_CHARS = 64;

/** Push types a Mattermost server sends; other strings are passed through. */
export type KnownPushType = 'message' | 'clear' | 'update_badge' | 'session' | 'test';

/** A send_push request after validation. Optional strings are absent when not sent. */
export interface ValidatedPush {
  /** The platform string as received, e.g. "apple_rn-v2". */
  platform: string;
  /** App type that picks the settings entry, e.g. "apple_rn". */
  appType: string;
  /** From the "-vN" suffix; 1 when absent. */
  appVersion: number;
  serverId: string;
  deviceId: string;
  /** Push type; "message" when the request has none. */
  type: KnownPushType | (string & {});
  id?: string;
  ackId?: string;
  subType?: string;
  message?: string;
  channelName?: string;
  /** -1 means "leave the badge alone". */
  badge?: number;
  postId?: string;
  rootId?: string;
  channelId?: string;
  teamId?: string;
  category?: string;
  sound?: string;
  senderId?: string;
  senderName?: string;
  overrideUsername?: string;
  overrideIconUrl?: string;
  fromWebhook?: string;
  contentAvailable?: number;
  version?: string;
  isCrtEnabled: boolean;
  isIdLoaded: boolean;
  signature?: string;
  /** "voip" for iOS PushKit call pushes. */
  transport?: string;
}

export type PushRequestResult =
  | { ok: true; push: ValidatedPush; warnings: string[] }
  | { ok: false; error: string };

export interface ParsePushOptions {
  /** App types that can be served: built-ins plus configured ones (see knownPlatforms()). */
  known?: ReadonlySet<string>;
}

type Field = readonly [json: string, key: keyof ValidatedPush, kind: FieldKind];

// Wire name -> ValidatedPush key. Required fields are checked separately below.
const FIELDS: readonly Field[] = [
  ['platform', 'platform', 'string'],
  ['server_id', 'serverId', 'string'],
  ['device_id', 'deviceId', 'string'],
  ['type', 'type', 'string'],
  ['id', 'id', 'string'],
  ['ack_id', 'ackId', 'string'],
  ['sub_type', 'subType', 'string'],
  ['message', 'message', 'string'],
  ['channel_name', 'channelName', 'string'],
  ['badge', 'badge', 'int'],
  ['post_id', 'postId', 'string'],
  ['root_id', 'rootId', 'string'],
  ['channel_id', 'channelId', 'string'],
  ['team_id', 'teamId', 'string'],
  ['category', 'category', 'string'],
  ['sound', 'sound', 'string'],
  ['sender_id', 'senderId', 'string'],
  ['sender_name', 'senderName', 'string'],
  ['override_username', 'overrideUsername', 'string'],
  ['override_icon_url', 'overrideIconUrl', 'string'],
  ['from_webhook', 'fromWebhook', 'string'],
  ['cont_ava', 'contentAvailable', 'int'],
  ['version', 'version', 'string'],
  ['is_crt_enabled', 'isCrtEnabled', 'bool'],
  ['is_id_loaded', 'isIdLoaded', 'bool'],
  ['signature', 'signature', 'string'],
  ['transport', 'transport', 'string'],
];

const REQUIRED: readonly (readonly [string, keyof ValidatedPush])[] = [
  ['server_id', 'serverId'],
  ['device_id', 'deviceId'],
  ['platform', 'platform'],
];
const BUILTIN_KNOWN = knownPlatforms();

export function parsePushRequest(body: unknown, options: ParsePushOptions = {}): PushRequestResult {
  const shape = bodyShapeError(body);
  if (shape !== undefined) return { ok: false, error: shape };
  const obj = body as Record<string, unknown>;

  const errors: string[] = [];
  const mistyped = new Set<string>();
  const out: Record<string, unknown> = {};
  for (const [json, key, kind] of FIELDS) {
    const r = readField(obj, json, kind as 'string');
    if (!r.ok) {
      errors.push(r.error);
      mistyped.add(json);
    } else if (r.value !== undefined) out[key] = r.value;
  }
  for (const [json, key] of REQUIRED) {
    // Empty counts as missing, like the anchor's `== ""` checks.
    if (!mistyped.has(json) && (out[key] === undefined || out[key] === '')) {
      errors.push(`${json}: missing (required)`);
    }
  }
  if (errors.length > 0) return { ok: false, error: errors.join('; ') };

  const raw = out.platform as string;
  const known = options.known ?? BUILTIN_KNOWN;
  const parsed = parsePlatform(raw, known);
  if (parsed === undefined) {
    return { ok: false, error: `platform: unknown platform ${JSON.stringify(truncateChars(raw, 64))} (known: ${[...known].join(', ')})` };
  }

  const push = out as unknown as ValidatedPush;
  push.appType = parsed.type;
  push.appVersion = parsed.appVersion;
  push.type = push.type === undefined || push.type === '' ? 'message' : push.type;
  push.isCrtEnabled = push.isCrtEnabled === true;
  push.isIdLoaded = push.isIdLoaded === true;
  if (push.message !== undefined) push.message = truncateChars(push.message, MAX_MESSAGE_CHARS);
  if (push.channelName !== undefined) push.channelName = truncateChars(push.channelName, MAX_CHANNEL_NAME_CHARS);
  return { ok: true, push, warnings: parsed.warning === undefined ? [] : [parsed.warning] };
}
