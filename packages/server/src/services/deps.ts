// Everything a service needs, passed in explicitly (tests build it in-process).
import type { Logger } from 'pino';
import type { PasswordCost } from '../auth/passwords.js';
import type { PushNotifier } from '../push/push-notifier.js';
import type { SessionRecord, Store, UserRecord } from '../store/store.js';
import type { EventHub } from '../websocket/event-hub.js';

export interface ServiceDeps {
  store: Store;
  hub: EventHub;
  notifier: PushNotifier;
  logger: Logger;
  passwordCost: PasswordCost;
  sessionLengthMs: number;
  now(): number;
}

/** The authenticated caller of a request. */
export interface Actor {
  user: UserRecord;
  session: SessionRecord;
}

export function isSystemAdmin(user: Pick<UserRecord, 'roles'>): boolean {
  return user.roles.split(' ').includes('system_admin');
}
