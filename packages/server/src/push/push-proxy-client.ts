// The wire to the push service (protocol.md §1, mattermost-push-proxy's API):
// POST {server}/api/v1/send_push -> {"status":"OK"|"FAIL"|"REMOVE","error"?}, POST {server}/api/v1/ack.
// A transport error, a timeout, a non-JSON reply or an unknown status is reported as `error`
// (the outbox retries it like FAIL).
import type { PushWire } from './push-contents.js';

export type SendOutcome =
  | { status: 'OK' }
  | { status: 'REMOVE' }
  | { status: 'FAIL'; error: string }
  | { status: 'ERROR'; error: string };

export interface PushAck {
  id: string;
  received_at: number;
  platform: string;
  type: string;
  post_id?: string;
  is_id_loaded?: boolean;
}

export interface PushProxyClient {
  send(serverUrl: string, push: PushWire): Promise<SendOutcome>;
  ack(serverUrl: string, ack: PushAck): Promise<void>;
}

function endpoint(serverUrl: string, path: string): string {
  return serverUrl.replace(/\/+$/, '') + path;
}

/**
 * `key`: a hosted-mode (HPNS) server key, sent as `Authorization: Bearer <key>` with every request
 * (HERALD_PUSH_SERVICE_KEY in `herald server`).
 */
export function httpPushProxyClient(timeoutMs = 10_000, opts: { key?: string | undefined } = {}): PushProxyClient {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(opts.key ? { authorization: `Bearer ${opts.key}` } : {}) };
  return {
    async send(serverUrl, push) {
      let res: Response;
      try {
        res = await fetch(endpoint(serverUrl, '/api/v1/send_push'), {
          method: 'POST',
          headers,
          body: JSON.stringify(push),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        const err = e as Error & { cause?: { code?: string } };
        return { status: 'ERROR', error: err.cause?.code ?? err.message };
      }
      const text = await res.text().catch(() => '');
      let body: { status?: unknown; error?: unknown };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return { status: 'ERROR', error: `HTTP ${res.status}: reply is not JSON` };
      }
      if (body.status === 'OK') return { status: 'OK' };
      if (body.status === 'REMOVE') return { status: 'REMOVE' };
      if (body.status === 'FAIL') return { status: 'FAIL', error: typeof body.error === 'string' ? body.error : `HTTP ${res.status}` };
      return { status: 'ERROR', error: `HTTP ${res.status}: unknown status ${JSON.stringify(body.status)}` };
    },
    async ack(serverUrl, ack) {
      const res = await fetch(endpoint(serverUrl, '/api/v1/ack'), {
        method: 'POST',
        headers,
        body: JSON.stringify(ack),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`push service answered the ack with HTTP ${res.status}`);
    },
  };
}
