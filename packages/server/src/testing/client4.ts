// The official Mattermost JavaScript client, for tests. It is CommonJS, so it comes in through
// its default export; its WebSocketClient expects a global WebSocket, which Node 20 lacks.
import mm from '@mattermost/client';
import { WebSocket as WsWebSocket } from 'ws';

export const { Client4, WebSocketClient, ClientError } = mm;
export type Client4 = InstanceType<typeof mm.Client4>;
export type WebSocketClient = InstanceType<typeof mm.WebSocketClient>;
export type ClientError = InstanceType<typeof mm.ClientError>;

const g = globalThis as { WebSocket?: unknown };
g.WebSocket ??= WsWebSocket;

export const PASSWORD = 'correct-horse-9';

export function newClient(url: string, token?: string): Client4 {
  const c = new Client4();
  c.setUrl(url);
  if (token) c.setToken(token);
  return c;
}

/** Signs up `username` and logs in; returns the logged-in client and the user. */
export async function signUp(url: string, username: string) {
  const client = newClient(url);
  await client.createUser({ username, email: `${username}@example.com`, password: PASSWORD } as never, '', '');
  const user = await client.login(username, PASSWORD);
  return { client, user };
}

/** Runs `fn` expecting a ClientError with the given HTTP status; returns it. */
export async function expectStatus(status: number, fn: () => Promise<unknown>): Promise<ClientError> {
  try {
    await fn();
  } catch (e) {
    const err = e as ClientError;
    if (err.status_code !== status) throw new Error(`expected HTTP ${status}, got ${err.status_code}: ${err.message} (${err.server_error_id})`, { cause: e });
    return err;
  }
  throw new Error(`expected HTTP ${status}, but the call succeeded`);
}

/** Client4's own request path (headers, token, error parsing) for routes it has no method for. */
export function clientFetch<T = unknown>(c: Client4, url: string, init: { method: string; body?: string }): Promise<T> {
  return (c as unknown as { doFetch(url: string, init: { method: string; body?: string }): Promise<T> }).doFetch(url, init);
}
