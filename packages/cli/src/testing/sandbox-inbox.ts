// Reading pushes back from the sandbox's inbox: waiting for a number of them, and the Mattermost
// fields (post_id, ack_id…) of a delivery whichever provider carried it (APNs JSON at the top
// level, an FCM message under `data`).
import type { Delivery, SandboxClient } from '@herald/sandbox';

/** The deliveries to `token` after sequence `after`, once there are at least `n` of them. */
export async function deliveries(sandbox: SandboxClient, token: string, after: number, n: number, timeoutMs = 15_000): Promise<Delivery[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const got = await sandbox.inbox({ token, after, wait: 500 });
    if (got.length >= n) return got;
    if (Date.now() > until) throw new Error(`expected ${n} pushes to ${token.slice(0, 8)}…, got ${got.length}`);
  }
}

/** A Mattermost push field of a delivery (post_id, ack_id, type…), or undefined. */
export function pushField(d: Delivery, field: string): string | undefined {
  const p = d.payload as Record<string, unknown> | undefined;
  const v = d.service === 'fcm' ? (p?.data as Record<string, unknown> | undefined)?.[field] : p?.[field];
  return typeof v === 'string' ? v : undefined;
}
