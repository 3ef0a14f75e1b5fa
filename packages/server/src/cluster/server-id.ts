// The server_id every push carries (Mattermost's telemetry id; a hosted push service binds its
// key to it). It lives in the database, created by the first start of the first node, so every
// node and every restart sends the same one.
import { newId } from '../ids.js';
import type { Store } from '../store/store.js';

export const SERVER_ID_ROW = 'server_id';

/** The stored server id, created on first use. */
export function storedServerId(store: Store): Promise<string> {
  return store.systems.getOrCreate(SERVER_ID_ROW, newId());
}
