// The chat server on its own thread (worker_threads): SQLite in a temp dir, the built web app at /,
// seeded (seed.js). The benchmark's own thread drives Chromium over DevTools; the server must not
// wait behind that in one event loop (a response late by the driver's work would be counted as the
// app's). The driver asks this thread for the one thing it cannot do over HTTP: dropping a user's
// WebSocket connections as a server does when a phone's connection goes silent.
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Starts the server thread; resolves once it is seeded and listening. */
export function startServerThread() {
  const dir = mkdtempSync(join(tmpdir(), 'herald-bench-mobile-'));
  const worker = new Worker(new URL(import.meta.url), { workerData: { dir } });
  let next = 0;
  const pending = new Map();
  const call = (type, args) =>
    new Promise((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, type, args });
    });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (m) => {
      if (m.type === 'ready') {
        resolve({
          url: m.url,
          seed: m.seed,
          seconds: m.seconds,
          /** Closes every WebSocket connection of the user (the sessions stay valid). */
          dropSockets: (userId) => call('dropSockets', { userId }),
          async close() {
            await call('close').catch(() => undefined);
            await worker.terminate();
            rmSync(dir, { recursive: true, force: true });
          },
        });
        return;
      }
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error) p?.reject(new Error(m.error));
      else p?.resolve(m.result);
    });
  });
}

if (!isMainThread) {
  const { pino } = await import('pino');
  const { createChatServer, noPushNotifier } = await import('@herald/server');
  const { webAppDir } = await import('@herald/app');
  const { seedTeam } = await import('./seed.js');
  const server = await createChatServer({ dataDir: workerData.dir, port: 0, logger: pino({ level: 'warn' }), notifier: noPushNotifier, webAppDir: webAppDir() });
  const t0 = performance.now();
  const { api: _api, ...seed } = await seedTeam(server);
  const seconds = (performance.now() - t0) / 1000;
  const handlers = {
    async dropSockets({ userId }) {
      for (const s of await server.store.sessions.listForUser(userId)) server.hub.closeSession(s.id);
    },
    async close() {
      await server.close();
    },
  };
  parentPort.on('message', async (m) => {
    try {
      parentPort.postMessage({ id: m.id, result: await handlers[m.type](m.args) });
    } catch (e) {
      parentPort.postMessage({ id: m.id, error: e.message });
    }
  });
  parentPort.postMessage({ type: 'ready', url: server.url, seed, seconds });
}
