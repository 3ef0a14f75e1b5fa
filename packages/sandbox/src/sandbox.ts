// Starts the sandbox: one TLS listener (HTTP/2 with HTTP/1.1 fallback) that answers as APNs, FCM
// (with Google's OAuth token endpoint) and a Web Push service, plus a plain-HTTP admin listener.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createSecureServer, type Http2SecureServer, type Http2Session } from 'node:http2';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { adminHandler } from './admin/admin-api.js';
import { handleApns, isApnsPath } from './apns/apns-handler.js';
import { ProviderTokenVerifier } from './apns/provider-token.js';
import type { SandboxContext } from './context.js';
import { loadOrCreateCredentials, writeAddressedFiles, type Credentials } from './credentials/credentials.js';
import { handleFcmSend, isFcmPath } from './fcm/messages-handler.js';
import { FcmAuth, handleOAuthToken, isOAuthPath } from './fcm/oauth.js';
import { sendJson, type Req, type Res } from './http/http.js';
import { DeviceRegistry, type Device } from './state/devices.js';
import { FaultInjector } from './state/faults.js';
import { Inbox } from './state/inbox.js';
import { handleWebPush, isWebPushPath } from './webpush/webpush-handler.js';

export interface SandboxOptions {
  /** Data dir for credentials and registered devices (created if missing). */
  dataDir: string;
  /** Address to listen on (default 127.0.0.1). */
  host?: string;
  /** TLS port for the provider endpoints (0 = any free port). */
  port?: number;
  /** Plain HTTP admin port (0 = any free port). Always bound to host. */
  adminPort?: number;
  /** SETTINGS_MAX_CONCURRENT_STREAMS announced to HTTP/2 clients (APNs announces 1000). */
  maxConcurrentStreams?: number;
  /** Called for each provider request (status and a short detail); for `herald sandbox --verbose`. */
  onRequest?: SandboxContext['onRequest'];
}

export interface RunningSandbox {
  /** https://host:port of the provider endpoints. */
  origin: string;
  /** http://host:port of the admin API. */
  adminUrl: string;
  credentials: Credentials;
  context: SandboxContext;
  /** The environment lines a client needs. */
  env: { HERALD_APNS_URL: string; HERALD_FCM_URL: string; NODE_EXTRA_CA_CERTS: string };
  close(): Promise<void>;
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startSandbox(opts: SandboxOptions): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1';
  const hosts = [...new Set([host, 'localhost', '127.0.0.1', '::1'].filter((h) => h !== '0.0.0.0' && h !== '::'))];
  const credentials = loadOrCreateCredentials(opts.dataDir, { hosts });
  const clientHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;

  let port = 0;
  const origin = () => `https://${urlHost(clientHost)}:${port}`;
  const devicesFile = credentials.path('manifest').replace(/sandbox\.json$/, 'devices.json');
  const devices = new DeviceRegistry(origin);
  if (existsSync(devicesFile)) {
    try {
      devices.load(JSON.parse(readFileSync(devicesFile, 'utf8')) as Device[]);
    } catch {
      // A damaged devices file only loses registrations; credentials are separate.
    }
  }

  const apnsTokens = new ProviderTokenVerifier();
  const { keyId, teamId, topics } = credentials.manifest.apns;
  apnsTokens.addKey(keyId, teamId, credentials.apnsAuthKeyPem, topics);
  const fcmAuth = new FcmAuth();
  fcmAuth.addServiceAccount(credentials.firebase);

  const context: SandboxContext = {
    devices,
    inbox: new Inbox(),
    faults: new FaultInjector(),
    apnsTokens,
    fcmAuth,
    origin,
    audiences: () => hosts.map((h) => `https://${urlHost(h)}:${port}`),
    ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
  };

  const tls: Http2SecureServer = createSecureServer(
    {
      key: credentials.server.keyPem,
      cert: credentials.server.certPem,
      allowHTTP1: true,
      // Client certificates are optional (APNs certificate auth); those not signed by the sandbox CA are not trusted.
      requestCert: true,
      rejectUnauthorized: false,
      ca: [credentials.ca.certPem],
      settings: { maxConcurrentStreams: opts.maxConcurrentStreams ?? 1000 },
    },
    (req, res) => dispatch(context, req, res),
  );
  const sessions = new Set<Http2Session>();
  tls.on('session', (s) => {
    sessions.add(s);
    s.on('close', () => sessions.delete(s));
    // Garbage frames or protocol errors end that session only.
    s.on('error', () => s.destroy());
  });
  tls.on('sessionError', () => {});
  tls.on('tlsClientError', () => {});
  await listen(tls, opts.port ?? 0, host);
  port = (tls.address() as AddressInfo).port;
  writeAddressedFiles(credentials, origin());

  const saveDevices = () => writeFileSync(devicesFile, JSON.stringify(devices.toJSON(), null, 1), { mode: 0o600 });
  const info = () => ({
    origin: origin(),
    adminUrl,
    env,
    dataDir: credentials.dataDir,
    apns: { keyId, teamId, topics, keyFile: credentials.path('apnsAuthKey'), certFile: credentials.path('appleCertP12'), certPemFile: credentials.path('appleCertPem'), certTopic: credentials.manifest.apns.certTopic },
    fcm: { projectId: credentials.firebase.project_id, serviceAccountFile: credentials.path('firebaseServiceAccount') },
    webpush: { vapidPublicKey: credentials.vapid.publicKey, vapidFile: credentials.path('vapid') },
    pushProxyConfig: credentials.path('pushProxyConfig'),
  });
  const admin: Server = createHttpServer(
    adminHandler({
      ctx: context,
      info,
      defaults: { apnsTopic: topics[0] ?? 'com.mattermost.rn', fcmProject: credentials.firebase.project_id },
      saveDevices,
    }),
  );
  await listen(admin, opts.adminPort ?? 0, host);
  const adminUrl = `http://${urlHost(clientHost)}:${(admin.address() as AddressInfo).port}`;
  const env = {
    HERALD_APNS_URL: origin(),
    HERALD_FCM_URL: origin(),
    NODE_EXTRA_CA_CERTS: credentials.path('caCert'),
  };

  // Lets `herald sandbox register|inbox|fault --data DIR` find this sandbox, whoever started it.
  const runningFile = credentials.path('manifest').replace(/sandbox\.json$/, 'running.json');
  writeFileSync(runningFile, JSON.stringify({ pid: process.pid, origin: origin(), adminUrl }) + '\n');

  return {
    origin: origin(),
    adminUrl,
    credentials,
    context,
    env,
    async close() {
      admin.closeAllConnections();
      for (const s of sessions) s.destroy();
      await Promise.all([
        new Promise<void>((r) => admin.close(() => r())),
        new Promise<void>((r) => tls.close(() => r())),
      ]);
      rmSync(runningFile, { force: true });
    },
  };
}

function listen(server: Server | Http2SecureServer, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function dispatch(ctx: SandboxContext, req: Req, res: Res): void {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const handler = isApnsPath(path)
    ? handleApns
    : isFcmPath(path)
      ? handleFcmSend
      : isOAuthPath(path)
        ? handleOAuthToken
        : isWebPushPath(path)
          ? handleWebPush
          : undefined;
  if (!handler) return sendJson(res, 404, { error: `not found: ${path}` });
  handler(ctx, req, res).catch((e: unknown) => {
    // A handler bug must answer 500, never take the sandbox down.
    sendJson(res, 500, { error: `sandbox internal error: ${(e as Error).message}` });
  });
}
