// Herald's delivery trace on the chat server side (admin only), for the System Console
// Notification log and `herald doctor`; shapes in docs/server.md.
//   GET /api/v4/herald/notifications?limit=N   the newest pushes of the outbox, newest first
//   GET /api/v4/herald/notifications/{ack_id}  one push: its outbox row, the device's ack, and the
//                                              push service's trace (GET /api/v1/trace/{ack_id})
import type { FastifyInstance } from 'fastify';
import { activePushServer } from '../config/server-config.js';
import { AppError } from '../errors/app-error.js';
import type { HttpAppOptions } from '../http/http-app.js';
import { splitDeviceId } from '../push/push-contents.js';
import type { OutboxRecord, PushAckRecord, Store } from '../store/store.js';
import { requireSystemAdmin } from './config-routes.js';

export const DEFAULT_LIST_LIMIT = 50;
export const MAX_LIST_LIMIT = 500;
const TRACE_TIMEOUT_MS = 3000;

export interface NotificationView {
  ack_id: string;
  id: string;
  type: string;
  user_id: string;
  post_id: string;
  platform: string;
  /** First 8 characters of the device token. */
  device: string;
  state: OutboxRecord['state'];
  attempts: number;
  last_error: string;
  created_at: number;
  next_attempt_at: number;
  sent_at: number;
  /** When the device acked (ms), 0 when it has not. */
  acked_at: number;
}

export interface PushServiceTrace {
  /** The push service asked (EmailSettings.PushNotificationServer), "" when push is off. */
  url: string;
  /** The push service's trace (GET /api/v1/trace/{ack_id} `trace`), null when it has none. */
  trace: unknown;
  /** Why there is no trace, when there is none. */
  error?: string;
}

/** The platform and the token's first characters, as the logs show it. */
export function deviceSummary(deviceId: string): { platform: string; device: string } {
  const d = splitDeviceId(deviceId);
  return { platform: d?.platform ?? '', device: d ? `${d.token.slice(0, 8)}…` : '' };
}

/**
 * The newest outbox rows (the `limit` query parameter, checked) and their acks, for the two
 * admin lists (/herald/notifications and /notifications/log).
 */
export async function recentPushes(store: Store, query: unknown, defaultLimit: number, maxLimit: number): Promise<{ rows: OutboxRecord[]; acks: Map<string, PushAckRecord> }> {
  const raw = ((query ?? {}) as Record<string, unknown>).limit;
  if (raw !== undefined && (typeof raw !== 'string' || !/^\d{1,4}$/.test(raw) || Number(raw) < 1)) throw new AppError('invalidUrlParam', 'limit');
  const rows = await store.pushOutbox.recent(Math.min(Number(raw ?? defaultLimit), maxLimit));
  return { rows, acks: await store.pushOutbox.getAcks(rows.map((r) => r.ack_id)) };
}

function view(r: OutboxRecord, ack: PushAckRecord | undefined): NotificationView {
  const { platform, device } = deviceSummary(r.device_id);
  return {
    ack_id: r.ack_id,
    id: r.id,
    type: r.type,
    user_id: r.user_id,
    post_id: r.post_id,
    platform,
    device,
    state: r.state,
    attempts: r.attempts,
    last_error: r.last_error,
    created_at: r.created_at,
    next_attempt_at: r.next_attempt_at,
    sent_at: r.sent_at,
    acked_at: ack?.received_at ?? 0,
  };
}

/** The push service's trace of `ackId` (never throws: problems are reported in `error`). */
export async function fetchPushTrace(serverUrl: string | undefined, ackId: string, key?: string): Promise<PushServiceTrace> {
  if (!serverUrl) return { url: '', trace: null, error: 'push notifications are off' };
  const url = `${serverUrl.replace(/\/+$/, '')}/api/v1/trace/${encodeURIComponent(ackId)}`;
  try {
    const res = await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {}, signal: AbortSignal.timeout(TRACE_TIMEOUT_MS) });
    const body = (await res.json().catch(() => undefined)) as { trace?: unknown; error?: unknown } | undefined;
    if (res.status === 200 && body?.trace) return { url: serverUrl, trace: body.trace };
    const why = typeof body?.error === 'string' ? body.error : `HTTP ${res.status}`;
    if (res.status === 404) return { url: serverUrl, trace: null, error: `the push service has no trace of it (${why})` };
    return { url: serverUrl, trace: null, error: `the push service answered ${res.status}: ${why}` };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    return { url: serverUrl, trace: null, error: `push service unreachable: ${err.cause?.code ?? err.cause?.message ?? err.message}` };
  }
}

export function heraldNotificationRoutes(api: FastifyInstance, { services, pushServiceKey }: HttpAppOptions): void {
  const { store } = services.deps;

  api.get('/herald/notifications', async (req) => {
    requireSystemAdmin(req);
    const { rows, acks } = await recentPushes(store, req.query, DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT);
    return { notifications: rows.map((r) => view(r, acks.get(r.ack_id))) };
  });

  api.get('/herald/notifications/:ack_id', async (req) => {
    requireSystemAdmin(req);
    const ackId = (req.params as { ack_id: string }).ack_id;
    if (!ackId || ackId.length > 64) throw new AppError('invalidUrlParam', 'ack_id');
    const row = await store.pushOutbox.byAckId(ackId);
    if (!row) throw new AppError('notFound', `no push with ack_id ${ackId}`);
    const ack = await store.pushOutbox.getAck(ackId);
    const push_service = await fetchPushTrace(activePushServer(services.config.current()), ackId, pushServiceKey);
    return { ack_id: ackId, outbox: view(row, ack), ack: ack ?? null, push_service };
  });
}
