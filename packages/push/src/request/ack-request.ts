// Parses a POST /api/v1/ack body: the app's receipt for a delivered push.
// The anchor only uses acks for metrics, so validation is about shape, not meaning.

import { bodyShapeError, readField } from './fields.js';

export interface ValidatedAck {
  id: string;
  platform: string;
  type: string;
  /** Client receive time in epoch milliseconds, when sent. */
  receivedAt?: number;
  postId?: string;
  isIdLoaded?: boolean;
}

export type AckRequestResult = { ok: true; ack: ValidatedAck } | { ok: false; error: string };

export function parseAckRequest(body: unknown): AckRequestResult {
  const shape = bodyShapeError(body);
  if (shape !== undefined) return { ok: false, error: shape };
  const obj = body as Record<string, unknown>;

  const errors: string[] = [];
  const required = (name: string): string | undefined => {
    const r = readField(obj, name, 'string');
    if (!r.ok) errors.push(r.error);
    else if (r.value === undefined || r.value === '') errors.push(`${name}: missing (required)`);
    else return r.value;
    return undefined;
  };
  const id = required('id');
  const platform = required('platform');
  const type = required('type');
  const receivedAt = readField(obj, 'received_at', 'number');
  const postId = readField(obj, 'post_id', 'string');
  const isIdLoaded = readField(obj, 'is_id_loaded', 'bool');
  for (const r of [receivedAt, postId, isIdLoaded]) if (!r.ok) errors.push(r.error);
  if (receivedAt.ok && receivedAt.value !== undefined && receivedAt.value < 0) {
    errors.push(`received_at: expected a non-negative timestamp, got ${receivedAt.value}`);
  }
  if (errors.length > 0 || id === undefined || platform === undefined || type === undefined) {
    return { ok: false, error: errors.join('; ') };
  }

  const ack: ValidatedAck = { id, platform, type };
  if (receivedAt.ok && receivedAt.value !== undefined) ack.receivedAt = receivedAt.value;
  if (postId.ok && postId.value !== undefined && postId.value !== '') ack.postId = postId.value;
  if (isIdLoaded.ok && isIdLoaded.value !== undefined) ack.isIdLoaded = isIdLoaded.value;
  return { ok: true, ack };
}
