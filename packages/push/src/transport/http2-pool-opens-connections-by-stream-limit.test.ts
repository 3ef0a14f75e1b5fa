// The HTTP/2 pool fills a connection up to the stream limit the server announces and opens another
// only when every stream is taken: a burst of first sends must wait for the server's SETTINGS
// (node reports a default of 100 streams until they arrive) rather than open extra connections,
// and must not put more streams on a connection than it allows.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type RunningSandbox } from '@herald/sandbox';
import { Http2Pool } from './http2-pool.js';

const sandboxes: { sandbox: RunningSandbox; dir: string }[] = [];
let ca: string;

async function sandboxWithStreams(maxConcurrentStreams: number): Promise<RunningSandbox> {
  const dir = await mkdtemp(join(tmpdir(), 'herald-pool-test-'));
  const sandbox = await startSandbox({ dataDir: dir, port: 0, adminPort: 0, maxConcurrentStreams });
  sandboxes.push({ sandbox, dir });
  ca = await readFile(sandbox.env.NODE_EXTRA_CA_CERTS, 'utf8');
  return sandbox;
}

// Any request the sandbox answers will do: a GET on an unknown path gets a quick 404.
const probe = { ':method': 'GET', ':path': '/3/device/' };

before(async () => {
  await sandboxWithStreams(1000);
});

after(async () => {
  for (const { sandbox, dir } of sandboxes) {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('500 sends at once on a cold pool share one connection when the server allows 1000 streams', async () => {
  const pool = new Http2Pool({ origin: sandboxes[0]!.sandbox.origin, tls: { ca } });
  try {
    const replies = await Promise.all(Array.from({ length: 500 }, () => pool.request(probe, undefined, { timeoutMs: 10_000 })));
    assert.ok(replies.every((r) => r.status > 0));
    assert.equal(pool.connectionsOpened, 1);
  } finally {
    await pool.close();
  }
});

test('sends beyond the announced stream limit open one more connection, not one per send', async () => {
  const small = await sandboxWithStreams(10);
  const pool = new Http2Pool({ origin: small.origin, tls: { ca } });
  try {
    const replies = await Promise.all(Array.from({ length: 15 }, () => pool.request(probe, undefined, { timeoutMs: 10_000 })));
    assert.ok(replies.every((r) => r.status > 0));
    assert.equal(pool.connectionsOpened, 2, '10 streams on the first connection, 5 on a second');
  } finally {
    await pool.close();
  }
});

test('with every connection full (maxConnections 1), further sends wait for a free stream and all complete', async () => {
  const small = sandboxes.at(-1)!.sandbox;
  const pool = new Http2Pool({ origin: small.origin, tls: { ca }, maxConnections: 1 });
  try {
    const replies = await Promise.all(Array.from({ length: 50 }, () => pool.request(probe, undefined, { timeoutMs: 10_000 })));
    assert.ok(replies.every((r) => r.status > 0));
    assert.equal(pool.connectionsOpened, 1);
  } finally {
    await pool.close();
  }
});
