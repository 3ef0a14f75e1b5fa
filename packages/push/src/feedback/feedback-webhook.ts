// FeedbackWebhookURL: the push service tells the admin's own endpoint about pushes that failed
// and device tokens the provider declared dead (REMOVE), so they can clean up. Asynchronous: the
// send_push reply never waits for it. Events wait in a bounded queue (the oldest dropped when it
// is full), go out in batches of up to BATCH_SIZE as one JSON POST, and a batch is tried up to
// MAX_TRIES times with backoff. The body carries the whole device token (the receiving admin
// needs it to act on a REMOVE; it is their data going to their URL); logs never show it.
import { createHmac } from 'node:crypto';
import { Counter } from 'prom-client';
import type { Logger } from '../observability/logger.js';
import type { PushMetrics } from '../observability/metrics.js';
import type { SendFail, SendRemove } from '../providers/provider.js';
import type { ValidatedPush } from '../request/push-request.js';
import type { ProxyEnv } from '../transport/proxy.js';
import { outboundRequest, outboundTarget, type OutboundTarget } from '../modes/outbound-http.js';

export interface FeedbackEvent {
  /** "removed": the token is dead, forget it; "failed": this push was not delivered. */
  event: 'removed' | 'failed';
  at: string;
  server_id: string;
  platform: string;
  type: string;
  device_id: string;
  ack_id?: string;
  error: string;
  reason?: string;
}

export interface FeedbackBody {
  source: 'herald-push';
  events: FeedbackEvent[];
}

export interface FeedbackWebhookOptions {
  url: string;
  /** HMAC-SHA256 key: the body is signed in X-Herald-Signature: sha256=<hex>. */
  secret?: string;
  logger: Logger;
  metrics?: PushMetrics;
  env?: ProxyEnv;
  extraCa?: string[];
  maxQueue?: number;
  maxTries?: number;
  baseDelayMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

export const BATCH_SIZE = 100;

export class FeedbackWebhook {
  private readonly queue: FeedbackEvent[] = [];
  private readonly target: OutboundTarget;
  private readonly shownUrl: string;
  private running: Promise<void> | undefined;
  private closed = false;
  private droppedSinceLog = 0;
  private readonly wake = new Set<() => void>();
  readonly events: Counter<'result'> | undefined;

  constructor(private readonly opts: FeedbackWebhookOptions) {
    const url = new URL(opts.url);
    this.target = outboundTarget(url, opts.env ?? process.env, opts.extraCa);
    this.shownUrl = `${url.protocol}//${url.host}${url.pathname}`;
    this.events = opts.metrics && new Counter({ name: 'herald_feedback_events_total', help: 'FeedbackWebhookURL events by result (delivered, dropped)', labelNames: ['result'], registers: [opts.metrics.registry] });
  }

  get pending(): number {
    return this.queue.length;
  }

  /** Queues the outcome of a push that was not delivered; returns at once. */
  report(push: ValidatedPush, result: SendFail | SendRemove): void {
    if (this.closed) return;
    const max = this.opts.maxQueue ?? 10_000;
    if (this.queue.length >= max) {
      this.queue.shift();
      this.dropped(1, 'queue full');
    }
    const e: FeedbackEvent = {
      event: result.status === 'REMOVE' ? 'removed' : 'failed',
      at: new Date((this.opts.now ?? Date.now)()).toISOString(),
      server_id: push.serverId,
      platform: push.platform,
      type: push.type,
      device_id: push.deviceId,
      error: result.error,
    };
    if (push.ackId) e.ack_id = push.ackId;
    if (result.reason) e.reason = result.reason;
    this.queue.push(e);
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
  }

  private dropped(n: number, why: string): void {
    this.events?.labels('dropped').inc(n);
    if (this.droppedSinceLog === 0) {
      // One line per burst of drops, not one per event.
      setTimeout(() => {
        this.opts.logger.warn(`feedback webhook ${this.shownUrl}: dropped ${this.droppedSinceLog} events (${why})`);
        this.droppedSinceLog = 0;
      }, 1000).unref();
    }
    this.droppedSinceLog += n;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(t);
        this.wake.delete(done);
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wake.add(done);
    });
  }

  private async run(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, BATCH_SIZE);
      const body = JSON.stringify({ source: 'herald-push', events: batch } satisfies FeedbackBody);
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'herald-push' };
      if (this.opts.secret) headers['x-herald-signature'] = `sha256=${createHmac('sha256', this.opts.secret).update(body).digest('hex')}`;
      const maxTries = this.opts.maxTries ?? 4;
      let lastError = '';
      let delivered = false;
      for (let attempt = 1; attempt <= maxTries; attempt++) {
        try {
          const r = await outboundRequest(this.target, this.target.url.pathname + this.target.url.search, { headers, body, timeoutMs: this.opts.timeoutMs ?? 5000 });
          if (r.status >= 200 && r.status < 300) {
            delivered = true;
            break;
          }
          lastError = `HTTP ${r.status}`;
          // A 4xx other than 408/429 will not get better by trying again.
          if (r.status >= 400 && r.status < 500 && r.status !== 408 && r.status !== 429) break;
        } catch (e) {
          lastError = (e as Error).message;
        }
        if (attempt < maxTries && !this.closed) await this.sleep((this.opts.baseDelayMs ?? 500) * 2 ** (attempt - 1));
        else if (this.closed) break;
      }
      if (delivered) {
        this.events?.labels('delivered').inc(batch.length);
      } else {
        this.opts.logger.warn({ events: batch.length }, `feedback webhook ${this.shownUrl}${this.target.via ? ` (via ${this.target.via})` : ''} failed: ${lastError}; events dropped`);
        this.events?.labels('dropped').inc(batch.length);
      }
    }
  }

  /** Waits (at most `timeoutMs`) for queued events to go out, then stops. */
  async close(timeoutMs = 2000): Promise<void> {
    if (this.running) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.running, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
      clearTimeout(timer);
    }
    this.closed = true;
    for (const w of [...this.wake]) w();
    this.target.agent.destroy();
  }
}
