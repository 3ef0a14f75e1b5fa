// Worker thread: checkpoints the SQLite WAL on its own connection, so the disk syncs a checkpoint
// does (WAL, then the database file) never block the chat server's event loop. The main
// connection turns its automatic checkpoints off while this runs (open-store.ts). PASSIVE
// checkpoints never wait for, or block, the writer.
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const db = new BetterSqlite3(file);
db.pragma('synchronous = NORMAL');
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy or locked: the next tick tries again.
  }
}, intervalMs);
parentPort!.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort!.close();
});
