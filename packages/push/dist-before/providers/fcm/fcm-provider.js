// FCM HTTP v1 provider: one per AndroidPushSettings entry. Data-only messages (fcm-payload.ts),
// OAuth from the service account (fcm-oauth.ts), HTTP/2 to FCM, Google's errors mapped to
// OK / FAIL / REMOVE (result-mapping.ts).
import { rootCertificates } from 'node:tls';
import { Http2Pool } from '../../transport/http2-pool.js';
import { extractFcmErrorCode, mapFcmResult, mapTransportError } from '../result-mapping.js';
import { FcmTokenSource, loadServiceAccount } from './fcm-oauth.js';
import { buildFcmMessage } from './fcm-payload.js';
export const FCM_ORIGIN = 'https://fcm.googleapis.com';
export class FcmProvider {
    settings;
    kind = 'fcm';
    appType;
    account;
    pool;
    oauthPool;
    tokens;
    constructor(settings, opts = {}) {
        this.settings = settings;
        this.appType = settings.Type;
        if (!settings.ServiceFileLocation)
            throw new Error(`AndroidPushSettings[${settings.Type}]: ServiceFileLocation is required (a Firebase service-account JSON)`);
        this.account = loadServiceAccount(settings.ServiceFileLocation);
        const env = {
            ...(opts.env ? { env: opts.env } : {}),
            ...(opts.extraCa?.length ? { tls: { ca: [...rootCertificates, ...opts.extraCa] } } : {}),
        };
        this.pool = new Http2Pool({ origin: opts.origin ?? FCM_ORIGIN, ...env });
        this.oauthPool = new Http2Pool({ origin: new URL(this.account.token_uri).origin, maxConnections: 1, ...env });
        this.tokens = new FcmTokenSource(this.account, this.oauthPool);
    }
    get projectId() {
        return this.account.project_id;
    }
    async validate() {
        await this.tokens.validate();
    }
    async reload() {
        this.account = loadServiceAccount(this.settings.ServiceFileLocation);
        this.tokens.replaceAccount(this.account);
        await this.validate();
    }
    async send(push, target) {
        const body = JSON.stringify(buildFcmMessage(push, target.deviceToken));
        try {
            const token = await this.tokens.token();
            const res = await this.pool.request({
                ':method': 'POST',
                ':path': `/v1/projects/${encodeURIComponent(this.account.project_id)}/messages:send`,
                authorization: `Bearer ${token}`,
                'content-type': 'application/json',
            }, body, {
                ...(target.attemptTimeoutMs !== undefined ? { timeoutMs: target.attemptTimeoutMs } : {}),
                ...(target.signal ? { signal: target.signal } : {}),
            });
            let reason;
            if (res.status >= 300) {
                try {
                    reason = extractFcmErrorCode(JSON.parse(res.body.toString('utf8')));
                }
                catch {
                    reason = undefined;
                }
            }
            const retryAfter = res.headers['retry-after'];
            const result = mapFcmResult({ status: res.status, ...(reason ? { reason } : {}), retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter });
            if (result.status === 'FAIL' && result.refreshAuth)
                this.tokens.invalidate();
            return result;
        }
        catch (e) {
            return mapTransportError('FCM', e);
        }
    }
    async close() {
        await Promise.all([this.pool.close(), this.oauthPool.close()]);
    }
}
//# sourceMappingURL=fcm-provider.js.map