// What the provider stand-ins share: the device registry, the inbox, fault rules, the APNs key
// registry and the FCM service accounts. One per running sandbox.
import type { DeviceRegistry } from './state/devices.js';
import type { Inbox } from './state/inbox.js';
import type { FaultInjector } from './state/faults.js';
import type { ProviderTokenVerifier } from './apns/provider-token.js';
import type { FcmAuth } from './fcm/oauth.js';

export interface SandboxContext {
  devices: DeviceRegistry;
  inbox: Inbox;
  faults: FaultInjector;
  apnsTokens: ProviderTokenVerifier;
  fcmAuth: FcmAuth;
  /** Origin of the TLS listener as clients address it, e.g. https://127.0.0.1:7443. */
  origin(): string;
  /** Origins a VAPID `aud` may name for this listener (hostname variants of origin()). */
  audiences(): string[];
  /** Called after every provider request, for the optional request log. */
  onRequest?(service: 'apns' | 'fcm' | 'webpush' | 'oauth', status: number, detail: string): void;
}
