// The APNs listener announces SETTINGS_MAX_CONCURRENT_STREAMS (1000 like APNs, or as configured)
// and holds clients to it: past the limit, requests wait for a free stream.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestSandbox } from '../testing/start-test-sandbox.js';
import { alertPayload, closeSession, openSession, post, providerToken } from './apns-test-helpers.js';

describe('SETTINGS_MAX_CONCURRENT_STREAMS', () => {
  test('is 1000 by default', async () => {
    const sb = await startTestSandbox();
    try {
      const session = await openSession(sb);
      assert.equal(session.remoteSettings.maxConcurrentStreams, 1000);
      await closeSession(session);
    } finally {
      await sb.close();
    }
  });

  test('is configurable, and a client can have no more streams than that in flight', async () => {
    const limit = 5;
    const latencyMs = 150;
    const sb = await startTestSandbox({ maxConcurrentStreams: limit });
    try {
      const session = await openSession(sb);
      assert.equal(session.remoteSettings.maxConcurrentStreams, limit);

      const device = await sb.client.registerApns({ topic: 'com.mattermost.rn' });
      const authorization = `bearer ${await providerToken(sb)}`;
      // Every request is held for latencyMs, so at most `limit` can finish in the first wave.
      await sb.client.addFault({ kind: 'latency', service: 'apns', latencyMs });
      const t0 = performance.now();
      const finished = await Promise.all(
        Array.from({ length: 2 * limit }, async () => {
          const r = await post(session, { token: device.token, headers: { authorization, 'apns-topic': 'com.mattermost.rn' }, body: alertPayload });
          assert.equal(r.status, 200);
          return performance.now() - t0;
        }),
      );
      finished.sort((a, b) => a - b);
      assert.ok(finished[limit]! >= 2 * latencyMs - 10, `request ${limit + 1} had to wait for a free stream (${finished[limit]!.toFixed(0)} ms)`);
      assert.equal((await sb.client.inbox({ token: device.token })).length, 2 * limit);
      await closeSession(session);
    } finally {
      await sb.close();
    }
  });
});
