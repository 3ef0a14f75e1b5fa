// The delivery trace: a bounded recent history per ack_id of what the push service did with a
// push — when it was received, each provider try (status, reason, duration), the final result,
// and the device's ack — served by GET /api/v1/trace/<ack_id>. Memory is bounded: at most
// `capacity` ack ids (the least recently touched forgotten first), at most MAX_REQUESTS
// send_push requests per ack id (a chat server retrying a FAIL re-sends the same ack id), at most
// the retry policy's tries per request, and error texts cut to MAX_ERROR_CHARS. Device tokens are
// kept only as the prefix the logs show.
import { redactToken } from '../observability/redact.js';
import type { SendResult } from '../providers/provider.js';
import type { ValidatedAck } from '../request/ack-request.js';
import type { ValidatedPush } from '../request/push-request.js';

export const DEFAULT_TRACE_CAPACITY = 10_000;
export const MAX_REQUESTS = 5;
export const MAX_TRIES = 10;
export const MAX_ERROR_CHARS = 300;

export interface TraceTry {
  try: number;
  at: string;
  ms: number;
  status: 'OK' | 'FAIL' | 'REMOVE';
  reason?: string;
  error?: string;
  retryable?: boolean;
}

export interface TraceRequest {
  received_at: string;
  /** Where the push went: "apns", "fcm", "webpush", or "relay <upstream origin>". */
  via: string;
  tries: TraceTry[];
  /** Absent while the push is in flight. */
  result?: { status: 'OK' | 'FAIL' | 'REMOVE'; error?: string; at: string; ms: number; tries: number };
}

export interface PushTrace {
  ack_id: string;
  server_id: string;
  platform: string;
  type: string;
  /** First characters of the device token, as in the logs. */
  device: string;
  requests: TraceRequest[];
  /** When the device's ack reached this push service. */
  acked_at?: string;
}

function cut(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text;
}

// Stored with epoch-millisecond times and the provider's results as they came: every push is
// recorded but few are ever looked at, so the ISO strings and trimmed texts of the wire shape
// are built in get(), not three times per push on the hot path.
interface TryRecord {
  n: number;
  at: number;
  ms: number;
  result: SendResult;
}

/** One send_push request's record: what received() returns and tried()/finished() take. */
export interface TraceHandle {
  receivedAt: number;
  via: string;
  tries: TryRecord[];
  result?: { result: SendResult; at: number; ms: number; tries: number };
}

interface TraceRecord {
  ack_id: string;
  server_id: string;
  platform: string;
  type: string;
  device: string;
  requests: TraceHandle[];
  ackedAt?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

function tryOf(t: TryRecord): TraceTry {
  const out: TraceTry = { try: t.n, at: iso(t.at), ms: Math.round(t.ms), status: t.result.status };
  const r = t.result;
  if (r.status !== 'OK') {
    if (r.reason) out.reason = r.reason;
    out.error = cut(r.error)!;
    if (r.status === 'FAIL') out.retryable = r.retryable;
  }
  return out;
}

function requestOf(h: TraceHandle): TraceRequest {
  const out: TraceRequest = { received_at: iso(h.receivedAt), via: h.via, tries: h.tries.map(tryOf) };
  if (h.result) {
    const { result, at, ms, tries } = h.result;
    out.result = { status: result.status, at: iso(at), ms: Math.round(ms), tries };
    if (result.status !== 'OK') out.result.error = cut(result.error)!;
  }
  return out;
}

export class TraceStore {
  private readonly traces = new Map<string, TraceRecord>();

  constructor(
    readonly capacity = DEFAULT_TRACE_CAPACITY,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.traces.size;
  }

  /**
   * A send_push arrived (only pushes with an ack_id are traced); returns the request's record to
   * pass to tried()/finished(), or undefined when not traced.
   */
  received(push: Pick<ValidatedPush, 'ackId' | 'serverId' | 'platform' | 'type' | 'deviceId'>, via: string): TraceHandle | undefined {
    if (!push.ackId || this.capacity <= 0) return undefined;
    let trace = this.traces.get(push.ackId);
    if (trace) {
      this.traces.delete(push.ackId);
    } else {
      if (this.traces.size >= this.capacity) {
        const oldest = this.traces.keys().next().value;
        if (oldest !== undefined) this.traces.delete(oldest);
      }
      trace = { ack_id: push.ackId, server_id: push.serverId, platform: push.platform, type: push.type, device: redactToken(push.deviceId), requests: [] };
    }
    this.traces.set(push.ackId, trace);
    const request: TraceHandle = { receivedAt: this.now(), via, tries: [] };
    trace.requests.push(request);
    if (trace.requests.length > MAX_REQUESTS) trace.requests.splice(0, trace.requests.length - MAX_REQUESTS);
    return request;
  }

  tried(request: TraceHandle | undefined, n: number, result: SendResult, ms: number): void {
    if (!request || request.tries.length >= MAX_TRIES) return;
    request.tries.push({ n, at: this.now(), ms, result });
  }

  finished(request: TraceHandle | undefined, result: SendResult, tries: number, ms: number): void {
    if (!request) return;
    request.result = { result, at: this.now(), ms, tries };
  }

  /** The device acked: recorded on the trace of that ack id, if still kept. */
  acked(ack: Pick<ValidatedAck, 'id'>): void {
    const trace = this.traces.get(ack.id);
    if (trace && trace.ackedAt === undefined) trace.ackedAt = this.now();
  }

  /** Whose push it was (hosted mode checks the caller owns it), without building the trace. */
  serverIdOf(ackId: string): string | undefined {
    return this.traces.get(ackId)?.server_id;
  }

  get(ackId: string): PushTrace | undefined {
    const t = this.traces.get(ackId);
    if (!t) return undefined;
    const out: PushTrace = { ack_id: t.ack_id, server_id: t.server_id, platform: t.platform, type: t.type, device: t.device, requests: t.requests.map(requestOf) };
    if (t.ackedAt !== undefined) out.acked_at = iso(t.ackedAt);
    return out;
  }
}
