// Web Push provider (RFC 8030/8291/8292): one per WebPushSettings entry. The `web-push` package
// encrypts (aes128gcm) and signs (VAPID); the request goes out over a keep-alive HTTPS agent,
// through a CONNECT tunnel to HTTPS_PROXY when set (a proxy's refusal is a retryable transport
// error naming the proxy, never read as the push service's answer).
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { rootCertificates } from 'node:tls';
import webpush from 'web-push';
import type { WebPushSettings } from '../../config/schema.js';
import type { ValidatedPush } from '../../request/push-request.js';
import { ProxyTunnelAgent, proxyFor } from '../../transport/proxy.js';
import type { PushProvider, SendResult, SendTarget } from '../provider.js';
import { mapTransportError, mapWebPushResult } from '../result-mapping.js';
import { DEFAULT_WEBPUSH_HOSTS, isAllowedHost, publicOnlyLookup } from './webpush-destinations.js';
import { buildWebPushPayload, decodeSubscription } from './webpush-payload.js';

export interface WebPushProviderOptions {
  env?: NodeJS.ProcessEnv;
  extraCa?: string[];
}

/** VapidPrivateKeyFile holds the base64url key itself, or JSON with a `privateKey` field. */
function readPrivateKey(s: WebPushSettings): string {
  if (s.VapidPrivateKey) return s.VapidPrivateKey;
  if (!s.VapidPrivateKeyFile) throw new Error(`WebPushSettings[${s.Type}]: set VapidPrivateKey or VapidPrivateKeyFile`);
  const text = readFileSync(s.VapidPrivateKeyFile, 'utf8').trim();
  if (text.startsWith('{')) {
    const key = (JSON.parse(text) as { privateKey?: unknown }).privateKey;
    if (typeof key !== 'string') throw new Error(`${s.VapidPrivateKeyFile}: no "privateKey" field`);
    return key;
  }
  return text;
}

export class WebPushProvider implements PushProvider {
  readonly kind = 'webpush' as const;
  readonly appType: string;
  private vapid: { subject: string; publicKey: string; privateKey: string };
  private readonly direct: Agent;
  private readonly ca: string[] | undefined;
  private readonly proxied = new Map<string, ProxyTunnelAgent>();
  private readonly env: NodeJS.ProcessEnv;
  private readonly allowedHosts: readonly string[];

  constructor(
    private readonly settings: WebPushSettings,
    opts: WebPushProviderOptions = {},
  ) {
    this.appType = settings.Type;
    this.env = opts.env ?? process.env;
    this.ca = opts.extraCa?.length ? [...rootCertificates, ...opts.extraCa] : undefined;
    this.allowedHosts = settings.AllowedHosts.length ? settings.AllowedHosts : DEFAULT_WEBPUSH_HOSTS;
    this.direct = new Agent({
      keepAlive: true,
      maxSockets: 64,
      ...(this.ca ? { ca: this.ca } : {}),
      ...(settings.InsecureSkipDestinationIPCheck ? {} : { lookup: publicOnlyLookup }),
    });
    this.vapid = this.loadVapid();
  }

  private loadVapid() {
    const s = this.settings;
    const vapid = { subject: s.Subject || 'mailto:admin@localhost', publicKey: s.VapidPublicKey, privateKey: readPrivateKey(s) };
    // Throws with a clear message on a malformed key or subject.
    webpush.getVapidHeaders('https://push.example', vapid.subject, vapid.publicKey, vapid.privateKey, 'aes128gcm');
    return vapid;
  }

  get publicKey(): string {
    return this.vapid.publicKey;
  }

  async validate(): Promise<void> {}

  async reload(): Promise<void> {
    this.vapid = this.loadVapid();
  }

  private agentFor(endpoint: URL) {
    const proxy = proxyFor(endpoint, this.env);
    if (!proxy) return this.direct;
    let a = this.proxied.get(proxy.href);
    if (!a) {
      a = new ProxyTunnelAgent(proxy, { keepAlive: true, maxSockets: 64, ...(this.ca ? { ca: this.ca } : {}) });
      this.proxied.set(proxy.href, a);
    }
    return a;
  }

  async send(push: ValidatedPush, target: SendTarget): Promise<SendResult> {
    const sub = decodeSubscription(target.deviceToken);
    if (typeof sub === 'string') return { status: 'FAIL', error: sub, retryable: false, reason: 'BadSubscription' };
    const host = new URL(sub.endpoint).hostname;
    if (!isAllowedHost(host, this.allowedHosts)) {
      return {
        status: 'FAIL',
        error: `device_id: endpoint host ${host} is not an allowed Web Push service (WebPushSettings.AllowedHosts)`,
        retryable: false,
        reason: 'DestinationNotAllowed',
      };
    }
    let details;
    try {
      details = webpush.generateRequestDetails(sub, JSON.stringify(buildWebPushPayload(push)), {
        vapidDetails: this.vapid,
        TTL: push.type === 'message' ? 24 * 3600 : 600,
        contentEncoding: 'aes128gcm',
        urgency: push.type === 'message' || push.type === 'session' ? 'high' : 'normal',
      });
    } catch (e) {
      return { status: 'FAIL', error: `Web Push: cannot encrypt for this subscription: ${(e as Error).message}`, retryable: false, reason: 'BadSubscription' };
    }
    const url = new URL(details.endpoint);
    try {
      const res = await new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            headers: details.headers as Record<string, string>,
            agent: this.agentFor(url),
            ...(target.attemptTimeoutMs !== undefined ? { timeout: target.attemptTimeoutMs } : {}),
            ...(target.signal ? { signal: target.signal } : {}),
          },
          (r) => {
            r.resume();
            r.on('end', () => resolve({ status: r.statusCode ?? 0, ...(r.headers['retry-after'] ? { retryAfter: r.headers['retry-after'] } : {}) }));
            r.on('error', reject);
          },
        );
        req.on('timeout', () => req.destroy(new Error(`no response within ${target.attemptTimeoutMs} ms`)));
        // `timeout` above fires only when the socket is idle: a server trickling bytes would hold
        // the try forever. This bounds the whole request.
        const whole = target.attemptTimeoutMs !== undefined ? setTimeout(() => req.destroy(new Error(`no complete response within ${target.attemptTimeoutMs} ms`)), target.attemptTimeoutMs) : undefined;
        req.on('close', () => clearTimeout(whole));
        req.on('error', reject);
        req.end(details.body ?? undefined);
      });
      return mapWebPushResult({ status: res.status, retryAfter: res.retryAfter ?? null });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EDESTINATION') {
        return { status: 'FAIL', error: (e as Error).message, retryable: false, reason: 'DestinationNotAllowed' };
      }
      return mapTransportError('Web Push', e);
    }
  }

  async close(): Promise<void> {
    this.direct.destroy();
    for (const a of this.proxied.values()) a.destroy();
  }
}
