// Drains the push outbox: claims due rows with a lease, sends each with bounded concurrency,
// and records the outcome. OK -> done; REMOVE -> removed (the caller detaches the device);
// FAIL or a transport error -> retried with exponential backoff until maxAttempts, then failed.
// Posting never waits for any of this: kick() only schedules a drain.
//
// Exactly-once in practice: a row is claimed by one worker (the claim re-checks the state in the
// same UPDATE), finished only by its claimant, and close() stops claiming and waits for the sends
// in flight to be recorded, so a graceful restart neither loses nor repeats a push. A crash
// between the provider accepting a push and the row being marked done can repeat that one push
// after the lease lapses (at-least-once); it carries the same ack_id both times.
//
// When the push service itself cannot be reached (a transport error, not a provider's FAIL), the
// worker holds off claiming for a while (base delay, doubling, capped at pollMs) and then probes
// with one row at a time until a send gets an answer: a push service that is down costs a few
// attempts per second, not one per queued row, so posting stays as fast as with it up, and the
// queued rows keep their attempts for when it returns.
import type { Logger } from 'pino';
import type { OutboxRecord, PushOutboxRepo } from '../store/store.js';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 1000, maxDelayMs: 60_000 };

/** Delay before attempt `attempt + 1` after `attempt` failed (1-based): base * 2^(attempt-1), capped. */
export function retryDelay(attempt: number, p: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>): number {
  return Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.max(0, attempt - 1));
}

export type RowOutcome =
  | { kind: 'done' }
  | { kind: 'removed' }
  /** `unreachable`: the push service did not answer at all (connection refused, timeout…). */
  | { kind: 'retry'; error: string; unreachable?: boolean }
  | { kind: 'failed'; error: string };

export interface OutboxWorkerOptions {
  outbox: () => PushOutboxRepo;
  /** Sends one row; never throws (errors are outcomes). */
  send(row: OutboxRecord): Promise<RowOutcome>;
  logger: Logger;
  nodeId: string;
  concurrency: number;
  leaseMs: number;
  retry: RetryPolicy;
  /** Also look for due rows this often (lapsed leases, other nodes' retries). */
  pollMs: number;
  now(): number;
}

export class OutboxWorker {
  private inFlight = new Map<string, Promise<void>>();
  private draining = false;
  private again = false;
  private closed = false;
  private timer: NodeJS.Timeout | undefined;
  private poller: NodeJS.Timeout;
  private idleWaiters: (() => void)[] = [];
  /** Push service unreachable: no claims before holdUntil, then one probe at a time (holdMs > 0). */
  private holdUntil = 0;
  private holdMs = 0;

  constructor(private readonly o: OutboxWorkerOptions) {
    this.poller = setInterval(() => this.kick(), o.pollMs);
    this.poller.unref();
  }

  /** Looks for due rows soon (coalesced). */
  kick(): void {
    if (this.closed) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        const held = this.holdUntil - this.o.now();
        if (held > 0) {
          this.later(held);
          return;
        }
        while (!this.closed && this.inFlight.size < this.limit()) {
          const room = this.limit() - this.inFlight.size;
          const rows = await this.o.outbox().claim(this.o.nodeId, this.o.now(), this.o.leaseMs, room);
          if (this.closed) {
            await this.o.outbox().release(rows.map((r) => r.id), this.o.nodeId);
            return;
          }
          for (const row of rows) this.start(row);
          if (rows.length < room) break;
        }
      } while (this.again && !this.closed);
      if (!this.closed && this.inFlight.size < this.limit()) await this.scheduleNext();
    } catch (e) {
      this.o.logger.error({ err: e }, 'push outbox: claim failed');
      this.later(this.o.retry.baseDelayMs);
    } finally {
      this.draining = false;
      if (this.again && !this.closed) this.kick();
      this.notifyIdle();
    }
  }

  /** Sends at once: all of `concurrency`, or one probe while the push service is unreachable. */
  private limit(): number {
    return this.holdMs > 0 ? 1 : this.o.concurrency;
  }

  private serviceAnswered(): void {
    this.holdMs = 0;
    this.holdUntil = 0;
  }

  private serviceUnreachable(now: number): void {
    // Sends that were already in flight when the hold began fail too; they do not lengthen it.
    if (now < this.holdUntil) return;
    this.holdMs = Math.min(this.holdMs === 0 ? this.o.retry.baseDelayMs : this.holdMs * 2, this.o.retry.maxDelayMs, this.o.pollMs);
    this.holdUntil = now + this.holdMs;
  }

  private async scheduleNext(): Promise<void> {
    const due = await this.o.outbox().nextDue();
    if (due !== undefined) this.later(Math.max(0, due - this.o.now()));
  }

  private later(ms: number): void {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, Math.min(ms, this.o.pollMs) + 1);
    this.timer.unref();
  }

  private start(row: OutboxRecord): void {
    const p = this.process(row).finally(() => {
      this.inFlight.delete(row.id);
      this.kick();
      this.notifyIdle();
    });
    this.inFlight.set(row.id, p);
  }

  private async process(row: OutboxRecord): Promise<void> {
    const outbox = this.o.outbox();
    try {
      const outcome = await this.o.send(row);
      const now = this.o.now();
      if (outcome.kind === 'retry' && outcome.unreachable) this.serviceUnreachable(now);
      else this.serviceAnswered();
      switch (outcome.kind) {
        case 'done':
          await outbox.finish(row.id, this.o.nodeId, 'done', now);
          break;
        case 'removed':
          await outbox.finish(row.id, this.o.nodeId, 'removed', now, 'device removed');
          break;
        case 'failed':
          await outbox.finish(row.id, this.o.nodeId, 'failed', now, outcome.error);
          break;
        case 'retry':
          if (row.attempts >= this.o.retry.maxAttempts) {
            this.o.logger.error({ ack_id: row.ack_id, type: row.type, attempts: row.attempts, error: outcome.error }, 'push notification failed; giving up');
            await outbox.finish(row.id, this.o.nodeId, 'failed', now, outcome.error);
          } else {
            const delay = retryDelay(row.attempts, this.o.retry);
            this.o.logger.warn({ ack_id: row.ack_id, type: row.type, attempt: row.attempts, retry_in_ms: delay, error: outcome.error }, 'push notification not accepted; will retry');
            await outbox.retryLater(row.id, this.o.nodeId, now + delay, outcome.error);
          }
          break;
      }
    } catch (e) {
      // The row stays claimed; its lease lapses and it is tried again.
      this.o.logger.error({ err: e, ack_id: row.ack_id }, 'push outbox: recording a send failed');
    }
  }

  private notifyIdle(): void {
    if (this.inFlight.size > 0 || this.draining) return;
    const w = this.idleWaiters;
    this.idleWaiters = [];
    for (const f of w) f();
  }

  /** Resolves when nothing is in flight and no drain runs (tests, benchmarks). */
  idle(): Promise<void> {
    if (this.inFlight.size === 0 && !this.draining) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  get sending(): number {
    return this.inFlight.size;
  }

  /** Stops claiming and waits for the sends in flight to be recorded. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.poller);
    if (this.timer) clearTimeout(this.timer);
    while (this.inFlight.size > 0 || this.draining) {
      await Promise.allSettled([...this.inFlight.values()]);
      if (this.draining) await new Promise((r) => setTimeout(r, 5));
    }
  }
}
