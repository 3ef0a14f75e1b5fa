// Hosted mode with HERALD_REDIS_URL: a server's quota is shared by every instance (a real
// redis-server), so two instances together let through only the key's N requests per second.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type TestRedis } from '../http/testing-redis-server.js';
import { startStack, type Stack } from '../testing/start-stack.js';
import { createKey } from './hosted-keys.js';

let redis: TestRedis;
let dir: string;
let a: Stack;
let b: Stack;
let key: string;

before(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'herald-hosted-redis-'));
  const keysFile = join(dir, 'keys.json');
  ({ key } = await createKey(keysFile, { serverId: 'shared-srv', quotaPerSec: 4 }));
  const config = (c: Record<string, any>) => {
    c.Mode = 'hosted';
    c.BehindTLSProxy = true;
    c.HostedKeysFile = keysFile;
  };
  a = await startStack({ config, env: { HERALD_REDIS_URL: redis.url } });
  b = await startStack({ config, env: { HERALD_REDIS_URL: redis.url } });
});
after(async () => {
  await a?.close();
  await b?.close();
  await redis?.stop();
  await rm(dir, { recursive: true, force: true });
});

test('quota 4/s across two instances: 4 pass in total, the rest are 429 on either instance', async () => {
  assert.match(a.logs.text(), /hosted quotas: shared through Redis/);
  const body = { id: 'shared', platform: 'apple_rn', type: 'message' };
  const headers = { authorization: `Bearer ${key}` };
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    statuses.push((await a.request({ path: '/api/v1/ack', body, headers })).status);
    statuses.push((await b.request({ path: '/api/v1/ack', body, headers })).status);
  }
  assert.equal(statuses.filter((s) => s === 200).length, 4, statuses.join(','));
  assert.equal(statuses.filter((s) => s === 429).length, 4);
  const last = await b.request({ path: '/api/v1/ack', body, headers });
  assert.equal(last.status, 429);
  assert.ok(Number(last.headers['retry-after']) >= 1);
});
