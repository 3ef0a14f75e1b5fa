// Every push the sandbox accepted, in order, so tests can read what a device would have received.
// `wait` resolves as soon as a matching push arrives: tests never sleep.
import type { Service } from './devices.js';

export interface Delivery {
  seq: number;
  service: Service;
  token: string;
  receivedAt: string;
  /** Request headers as the provider saw them (auth redacted). */
  headers: Record<string, string>;
  /** Decoded payload: the APNs JSON, the FCM message, or the decrypted Web Push body (JSON if it parses). */
  payload: unknown;
  /** Provider-assigned id (apns-id, FCM message name, Web Push message id). */
  id: string;
}

export interface InboxQuery {
  service?: Service;
  token?: string;
  /** Only deliveries with seq greater than this. */
  after?: number;
}

interface Waiter {
  query: InboxQuery;
  resolve: (d: Delivery[]) => void;
}

const MAX_KEPT = 100_000;

export class Inbox {
  private deliveries: Delivery[] = [];
  private seq = 0;
  private waiters = new Set<Waiter>();

  add(d: Omit<Delivery, 'seq' | 'receivedAt'>): Delivery {
    const full: Delivery = { ...d, seq: ++this.seq, receivedAt: new Date().toISOString() };
    this.deliveries.push(full);
    if (this.deliveries.length > MAX_KEPT) this.deliveries.splice(0, this.deliveries.length - MAX_KEPT);
    for (const w of this.waiters) {
      if (matches(full, w.query)) {
        this.waiters.delete(w);
        w.resolve([full]);
      }
    }
    return full;
  }

  query(q: InboxQuery): Delivery[] {
    // Deliveries are kept in seq order: with `after`, start past it (a long-poll that follows the
    // inbox reads only what is new, not the whole inbox each time).
    let lo = 0;
    if (q.after !== undefined) {
      let hi = this.deliveries.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (this.deliveries[mid]!.seq <= q.after) lo = mid + 1;
        else hi = mid;
      }
    }
    const out: Delivery[] = [];
    for (let i = lo; i < this.deliveries.length; i++) if (matches(this.deliveries[i]!, q)) out.push(this.deliveries[i]!);
    return out;
  }

  /** Deliveries matching q now, or the first one to arrive within timeoutMs (else []). */
  wait(q: InboxQuery, timeoutMs: number, signal?: AbortSignal): Promise<Delivery[]> {
    const now = this.query(q);
    if (now.length > 0 || timeoutMs <= 0) return Promise.resolve(now);
    return new Promise((resolve) => {
      const w: Waiter = {
        query: q,
        resolve: (d) => {
          this.waiters.delete(w);
          clearTimeout(timer);
          resolve(d);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(w);
        resolve([]);
      }, timeoutMs);
      signal?.addEventListener('abort', () => w.resolve([]), { once: true });
      this.waiters.add(w);
    });
  }

  get lastSeq(): number {
    return this.seq;
  }

  clear(): void {
    this.deliveries = [];
  }
}

function matches(d: Delivery, q: InboxQuery): boolean {
  return (
    (q.service === undefined || d.service === q.service) &&
    (q.token === undefined || d.token === q.token) &&
    (q.after === undefined || d.seq > q.after)
  );
}
