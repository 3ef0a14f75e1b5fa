// The devices the sandbox knows: APNs tokens per topic, FCM tokens per project, Web Push
// subscriptions with the private keys a browser would hold. A token is "active" until it is
// unregistered; the providers then answer with their real "gone" errors.
import { createECDH, randomBytes, randomUUID } from 'node:crypto';

export type Service = 'apns' | 'fcm' | 'webpush';

export interface ApnsDevice {
  service: 'apns';
  token: string;
  topic: string;
  unregisteredAt?: number;
}

export interface FcmDevice {
  service: 'fcm';
  token: string;
  project: string;
  unregisteredAt?: number;
}

export interface WebPushSubscription {
  service: 'webpush';
  /** The path segment of the endpoint; also the subscription's inbox key. */
  token: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  /** Private key (base64url) of the browser side, for decrypting aes128gcm. */
  privateKey: string;
  /** VAPID public key the subscription was created with, if any (base64url). */
  applicationServerKey?: string;
  unregisteredAt?: number;
}

export type Device = ApnsDevice | FcmDevice | WebPushSubscription;

const APNS_TOKEN = /^[0-9a-fA-F]{64,200}$/;
const FCM_TOKEN = /^[A-Za-z0-9_:\-]{20,4096}$/;

export function isWellFormedApnsToken(token: string): boolean {
  return APNS_TOKEN.test(token) && token.length % 2 === 0;
}

export class DeviceRegistry {
  private readonly devices = new Map<string, Device>();

  constructor(private readonly webPushOrigin: () => string) {}

  registerApns(topic: string, token?: string): ApnsDevice {
    const t = (token ?? randomBytes(32).toString('hex')).toLowerCase();
    if (!isWellFormedApnsToken(t)) throw new RangeError('token: must be 64 or more hex digits');
    const d: ApnsDevice = { service: 'apns', token: t, topic };
    this.devices.set(key('apns', t), d);
    return d;
  }

  registerFcm(project: string, token?: string): FcmDevice {
    const t = token ?? `${randomBytes(11).toString('base64url')}:APA91${randomBytes(100).toString('base64url')}`;
    if (!FCM_TOKEN.test(t)) throw new RangeError('token: must be 20-4096 characters of [A-Za-z0-9_:-]');
    const d: FcmDevice = { service: 'fcm', token: t, project };
    this.devices.set(key('fcm', t), d);
    return d;
  }

  /** Creates a subscription as a browser's PushManager.subscribe would. */
  subscribeWebPush(applicationServerKey?: string): WebPushSubscription {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const id = randomUUID();
    const d: WebPushSubscription = {
      service: 'webpush',
      token: id,
      endpoint: `${this.webPushOrigin()}/wp/${id}`,
      p256dh: ecdh.getPublicKey().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
      privateKey: Buffer.concat([Buffer.alloc(32), ecdh.getPrivateKey()]).subarray(-32).toString('base64url'), // left-padded: getPrivateKey drops leading zero bytes
      ...(applicationServerKey ? { applicationServerKey } : {}),
    };
    this.devices.set(key('webpush', id), d);
    return d;
  }

  get(service: Service, token: string): Device | undefined {
    const d = this.devices.get(key(service, service === 'apns' ? token.toLowerCase() : token));
    return d && this.current(d);
  }

  /**
   * A subscription's endpoint names the listener's origin; one saved by an earlier run on another
   * port is re-addressed to this run's origin (the path, /wp/<id>, is what identifies it).
   */
  private current(d: Device): Device {
    if (d.service === 'webpush') {
      const endpoint = `${this.webPushOrigin()}/wp/${d.token}`;
      if (d.endpoint !== endpoint && !/:0$/.test(this.webPushOrigin())) d.endpoint = endpoint;
    }
    return d;
  }

  /** Marks a device gone (the app was uninstalled / the browser unsubscribed). */
  unregister(service: Service, token: string, at = Date.now()): Device | undefined {
    const d = this.get(service, token);
    if (d) d.unregisteredAt = at;
    return d;
  }

  list(service?: Service): Device[] {
    return [...this.devices.values()].filter((d) => !service || d.service === service).map((d) => this.current(d));
  }

  toJSON(): Device[] {
    return this.list();
  }

  load(devices: Device[]): void {
    for (const d of devices) this.devices.set(key(d.service, d.token), d);
  }
}

function key(service: Service, token: string): string {
  return `${service}:${token}`;
}

/** The browser-side PushSubscription JSON (what `subscription.toJSON()` returns). */
export function subscriptionJSON(s: WebPushSubscription) {
  return { endpoint: s.endpoint, expirationTime: null, keys: { p256dh: s.p256dh, auth: s.auth } };
}
