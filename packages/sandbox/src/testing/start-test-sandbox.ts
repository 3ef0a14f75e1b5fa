// Test helper: a sandbox on a fresh temp data dir, any free ports, plus an admin client.
// `close()` stops it and removes the data dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SandboxClient } from '../admin/admin-client.js';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../sandbox.js';

export interface TestSandbox extends RunningSandbox {
  client: SandboxClient;
}

export async function startTestSandbox(opts: Omit<SandboxOptions, 'dataDir' | 'port' | 'adminPort'> = {}): Promise<TestSandbox> {
  const dataDir = await mkdtemp(join(tmpdir(), 'herald-sandbox-test-'));
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({ ...opts, dataDir, port: 0, adminPort: 0 });
  } catch (e) {
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    ...sandbox,
    client: new SandboxClient(sandbox.adminUrl),
    async close() {
      try {
        await sandbox.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
