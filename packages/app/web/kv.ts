// A tiny key-value store in IndexedDB, shared by the page and the service worker (the worker
// cannot read localStorage): the server URL and session token it needs for id_loaded pushes and
// acks, and the last badge it set.
const DB = 'herald';
const STORE = 'kv';

let opening: Promise<IDBDatabase> | undefined;

function db(): Promise<IDBDatabase> {
  opening ??= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  return opening;
}

async function run<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const d = await db();
  return new Promise((resolve, reject) => {
    const tx = d.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result as T);
    tx.onerror = () => reject(tx.error);
  });
}

export const kvGet = <T>(key: string) => run<T | undefined>('readonly', (s) => s.get(key));
export const kvSet = (key: string, value: unknown) => run<void>('readwrite', (s) => s.put(value, key));
export const kvDel = (key: string) => run<void>('readwrite', (s) => s.delete(key));

/** What the service worker needs to talk to the server on its own. */
export interface SwSession {
  serverUrl: string;
  token: string;
  userId: string;
}
export const SESSION_KEY = 'session';
export const BADGE_KEY = 'badge';
