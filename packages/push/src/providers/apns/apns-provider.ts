// APNs provider: one per ApplePushSettings entry. Maps the push (apns-payload.ts), authenticates
// with a provider token or the client certificate, sends over the shared HTTP/2 pool, and maps
// Apple's answer to OK / FAIL / REMOVE (result-mapping.ts).
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import type { AppleSettings } from '../../config/schema.js';
import type { ValidatedPush } from '../../request/push-request.js';
import { Http2Pool, type Http2PoolOptions } from '../../transport/http2-pool.js';
import type { PushProvider, SendResult, SendTarget } from '../provider.js';
import { mapApnsResult, mapTransportError } from '../result-mapping.js';
import { loadClientCertificate, ProviderTokenSigner, type ClientCertificate } from './apns-credentials.js';
import { buildApnsRequest } from './apns-payload.js';

export const APNS_PRODUCTION = 'https://api.push.apple.com';
export const APNS_DEVELOPMENT = 'https://api.sandbox.push.apple.com';

export interface ApnsProviderOptions {
  /** Overrides Apple's host (HERALD_APNS_URL, e.g. the sandbox). */
  origin?: string;
  env?: NodeJS.ProcessEnv;
  maxConnections?: number;
  extraCa?: string[];
  /** Clock for provider-token iat, epoch seconds (tests). */
  now?: () => number;
}

export class ApnsProvider implements PushProvider {
  readonly kind = 'apns' as const;
  readonly appType: string;
  readonly origin: string;
  private signer: ProviderTokenSigner | undefined;
  private certificate: ClientCertificate | undefined;
  private readonly pool: Http2Pool;
  private readonly ca: string[] | undefined;
  private readonly now: (() => number) | undefined;

  constructor(
    private readonly settings: AppleSettings,
    opts: ApnsProviderOptions = {},
  ) {
    this.appType = settings.Type;
    this.origin = opts.origin ?? (settings.ApplePushUseDevelopment ? APNS_DEVELOPMENT : APNS_PRODUCTION);
    this.ca = opts.extraCa?.length ? [...rootCertificates, ...opts.extraCa] : undefined;
    this.now = opts.now;
    this.loadCredentials();
    this.pool = new Http2Pool({
      origin: this.origin,
      tls: this.tlsOptions(),
      ...(opts.maxConnections !== undefined ? { maxConnections: opts.maxConnections } : {}),
      ...(opts.env ? { env: opts.env } : {}),
    });
  }

  /** Token auth when a key file is configured, else the client certificate. */
  get authKind(): 'token' | 'certificate' {
    return this.signer ? 'token' : 'certificate';
  }

  /** Expiry of the client certificate, when certificate auth is used. */
  get certificateNotAfter(): Date | undefined {
    return this.certificate?.notAfter;
  }

  get connectionCount(): number {
    return this.pool.connectionCount;
  }

  /** HTTP/2 connections opened over the provider's life. */
  get connectionsOpened(): number {
    return this.pool.connectionsOpened;
  }

  private loadCredentials(): void {
    const s = this.settings;
    if (s.AppleAuthKeyFile) {
      const pem = readFileSync(s.AppleAuthKeyFile, 'utf8');
      if (this.signer) this.signer.replaceKey(pem);
      else this.signer = new ProviderTokenSigner(pem, s.AppleAuthKeyID, s.AppleTeamID, ...(this.now ? [this.now] : []));
      this.certificate = undefined;
    } else if (s.ApplePushCertPrivate) {
      this.certificate = loadClientCertificate(s.ApplePushCertPrivate, s.ApplePushCertPassword);
      this.signer = undefined;
    } else {
      throw new Error(`ApplePushSettings[${s.Type}]: set AppleAuthKeyFile (with AppleAuthKeyID and AppleTeamID) or ApplePushCertPrivate`);
    }
  }

  private tlsOptions(): Http2PoolOptions['tls'] {
    return {
      ...(this.ca ? { ca: this.ca } : {}),
      ...(this.certificate ? { cert: this.certificate.certPem, key: this.certificate.keyPem } : {}),
    };
  }

  /** Checks the key parses, so a bad credential fails at start-up. */
  async validate(): Promise<void> {
    await this.signer?.validate();
  }

  async reload(): Promise<void> {
    this.loadCredentials();
    await this.validate();
    this.pool.setTls(this.tlsOptions());
  }

  async send(push: ValidatedPush, target: SendTarget): Promise<SendResult> {
    const { headers, payload, body } = buildApnsRequest({ ...push, deviceId: target.deviceToken }, { topic: this.settings.ApplePushTopic || this.certificate?.topic || '' });
    let path: string;
    try {
      path = `/3/device/${encodeURIComponent(target.deviceToken)}`;
    } catch {
      // Lone surrogates cannot be put in a URL (URIError); no APNs token looks like that.
      return { status: 'FAIL', error: 'device_id: not a valid APNs device token (malformed Unicode)', retryable: false, reason: 'BadDeviceToken' };
    }
    const h: Record<string, string> = { ':method': 'POST', ':path': path };
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) h[k] = v;
    try {
      if (this.signer) h.authorization = `bearer ${await this.signer.token()}`;
      const res = await this.pool.request(h, body ?? JSON.stringify(payload), {
        ...(target.attemptTimeoutMs !== undefined ? { timeoutMs: target.attemptTimeoutMs } : {}),
        ...(target.signal ? { signal: target.signal } : {}),
      });
      let reason: string | undefined;
      if (res.status !== 200 && res.body.length > 0) {
        try {
          reason = (JSON.parse(res.body.toString('utf8')) as { reason?: string }).reason;
        } catch {
          reason = undefined;
        }
      }
      const retryAfter = res.headers['retry-after'];
      const result = mapApnsResult({ status: res.status, ...(reason ? { reason } : {}), retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter });
      if (result.status === 'FAIL' && result.refreshAuth) this.signer?.invalidate();
      return result;
    } catch (e) {
      return mapTransportError('APNs', e);
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
