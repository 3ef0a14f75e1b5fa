// FCM HTTP v1 provider: one per AndroidPushSettings entry. Data-only messages (fcm-payload.ts),
// OAuth from the service account (fcm-oauth.ts), HTTP/2 to FCM, Google's errors mapped to
// OK / FAIL / REMOVE (result-mapping.ts).
import { rootCertificates } from 'node:tls';
import type { AndroidSettings } from '../../config/schema.js';
import type { ValidatedPush } from '../../request/push-request.js';
import { Http2Pool } from '../../transport/http2-pool.js';
import type { PushProvider, SendResult, SendTarget } from '../provider.js';
import { extractFcmErrorCode, mapFcmResult, mapTransportError } from '../result-mapping.js';
import { FcmTokenSource, loadServiceAccount, type ServiceAccount } from './fcm-oauth.js';
import { buildFcmMessage } from './fcm-payload.js';

export const FCM_ORIGIN = 'https://fcm.googleapis.com';

export interface FcmProviderOptions {
  /** Overrides Google's host (HERALD_FCM_URL, e.g. the sandbox). */
  origin?: string;
  env?: NodeJS.ProcessEnv;
  extraCa?: string[];
}

export class FcmProvider implements PushProvider {
  readonly kind = 'fcm' as const;
  readonly appType: string;
  private account: ServiceAccount;
  private readonly pool: Http2Pool;
  private readonly oauthPool: Http2Pool;
  private readonly tokens: FcmTokenSource;

  constructor(
    private readonly settings: AndroidSettings,
    opts: FcmProviderOptions = {},
  ) {
    this.appType = settings.Type;
    if (!settings.ServiceFileLocation) throw new Error(`AndroidPushSettings[${settings.Type}]: ServiceFileLocation is required (a Firebase service-account JSON)`);
    this.account = loadServiceAccount(settings.ServiceFileLocation);
    const env = {
      ...(opts.env ? { env: opts.env } : {}),
      ...(opts.extraCa?.length ? { tls: { ca: [...rootCertificates, ...opts.extraCa] } } : {}),
    };
    this.pool = new Http2Pool({ origin: opts.origin ?? FCM_ORIGIN, ...env });
    this.oauthPool = new Http2Pool({ origin: new URL(this.account.token_uri).origin, maxConnections: 1, ...env });
    this.tokens = new FcmTokenSource(this.account, this.oauthPool);
  }

  get projectId(): string {
    return this.account.project_id;
  }

  async validate(): Promise<void> {
    await this.tokens.validate();
  }

  async reload(): Promise<void> {
    this.account = loadServiceAccount(this.settings.ServiceFileLocation);
    this.tokens.replaceAccount(this.account);
    await this.validate();
  }

  async send(push: ValidatedPush, target: SendTarget): Promise<SendResult> {
    const body = JSON.stringify(buildFcmMessage(push, target.deviceToken));
    try {
      const token = await this.tokens.token();
      const res = await this.pool.request(
        {
          ':method': 'POST',
          ':path': `/v1/projects/${encodeURIComponent(this.account.project_id)}/messages:send`,
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
        },
        body,
        {
          ...(target.attemptTimeoutMs !== undefined ? { timeoutMs: target.attemptTimeoutMs } : {}),
          ...(target.signal ? { signal: target.signal } : {}),
        },
      );
      let reason: string | undefined;
      if (res.status >= 300) {
        try {
          reason = extractFcmErrorCode(JSON.parse(res.body.toString('utf8')));
        } catch {
          reason = undefined;
        }
      }
      const retryAfter = res.headers['retry-after'];
      const result = mapFcmResult({ status: res.status, ...(reason ? { reason } : {}), retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter });
      if (result.status === 'FAIL' && result.refreshAuth) this.tokens.invalidate();
      return result;
    } catch (e) {
      return mapTransportError('FCM', e);
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.pool.close(), this.oauthPool.close()]);
  }
}
