// The sandbox's data dir: a private CA, its TLS cert, and a ready set of provider credentials.
// Created on first start, reused afterwards; files derived from the listen address
// (service-account token_uri, push-proxy.json) are rewritten on every start.
import { createECDH, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  certificateHosts,
  createCertificateAuthority,
  issueApplePushCertificate,
  issueServerCertificate,
  toPkcs12,
  type KeyAndCert,
} from './certificates.js';

export const FILES = {
  caCert: 'ca.pem',
  caKey: 'ca-key.pem',
  serverCert: 'server.pem',
  serverKey: 'server-key.pem',
  apnsAuthKey: 'apns-auth-key.p8',
  appleCertP12: 'apple-push-cert.p12',
  appleCertPem: 'apple-push-cert.pem',
  firebaseServiceAccount: 'firebase-service-account.json',
  vapid: 'vapid.json',
  manifest: 'sandbox.json',
  pushProxyConfig: 'push-proxy.json',
} as const;

/** Ids and secrets that are not files of their own; persisted in sandbox.json. */
export interface Manifest {
  apns: {
    keyId: string;
    teamId: string;
    /** Topics the team's auth key may push to (besides `<topic>.voip`). */
    topics: string[];
    certTopic: string;
    certPassword: string;
  };
  fcm: { projectId: string; clientEmail: string; privateKeyId: string };
  vapid: { subject: string };
}

export interface Credentials {
  dataDir: string;
  manifest: Manifest;
  ca: KeyAndCert;
  server: KeyAndCert;
  apnsAuthKeyPem: string;
  appleCert: KeyAndCert;
  firebase: ServiceAccount;
  vapid: { publicKey: string; privateKey: string; subject: string };
  path(name: keyof typeof FILES): string;
}

export interface ServiceAccount {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  universe_domain: string;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function appleId(): string {
  return Array.from(randomBytes(10), (b) => ALNUM[b % ALNUM.length]).join('');
}

function readOr<T>(path: string, make: () => T, parse: (s: string) => T, write: (v: T) => string): T {
  if (existsSync(path)) return parse(readFileSync(path, 'utf8'));
  const v = make();
  writeFileSync(path, write(v), { mode: 0o600 });
  return v;
}

function keyAndCert(dir: string, keyFile: string, certFile: string, make: () => KeyAndCert): KeyAndCert {
  const k = join(dir, keyFile);
  const c = join(dir, certFile);
  if (existsSync(k) && existsSync(c)) return { keyPem: readFileSync(k, 'utf8'), certPem: readFileSync(c, 'utf8') };
  const kc = make();
  writeFileSync(k, kc.keyPem, { mode: 0o600 });
  writeFileSync(c, kc.certPem);
  return kc;
}

export interface CredentialOptions {
  /** Host names and IPs the TLS certificate must cover. */
  hosts: string[];
}

export function loadOrCreateCredentials(dataDirIn: string, opts: CredentialOptions): Credentials {
  const dataDir = resolve(dataDirIn);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = (name: keyof typeof FILES) => join(dataDir, FILES[name]);

  const manifest = readOr<Manifest>(
    path('manifest'),
    () => ({
      apns: {
        keyId: appleId(),
        teamId: appleId(),
        topics: ['com.mattermost.rn', 'com.mattermost.rnbeta', 'com.mattermost.Mattermost'],
        certTopic: 'com.mattermost.rnbeta',
        certPassword: randomBytes(9).toString('base64url'),
      },
      fcm: {
        projectId: 'herald-sandbox',
        clientEmail: 'firebase-adminsdk@herald-sandbox.iam.gserviceaccount.com',
        privateKeyId: randomBytes(20).toString('hex'),
      },
      vapid: { subject: 'mailto:admin@herald.invalid' },
    }),
    JSON.parse,
    (m) => JSON.stringify(m, null, 2) + '\n',
  );

  const ca = keyAndCert(dataDir, FILES.caKey, FILES.caCert, () => createCertificateAuthority('Herald Sandbox CA'));

  let server = keyAndCert(dataDir, FILES.serverKey, FILES.serverCert, () => issueServerCertificate(ca, opts.hosts));
  const covered = new Set(certificateHosts(server.certPem));
  if (!opts.hosts.every((h) => covered.has(h))) {
    server = issueServerCertificate(ca, [...new Set([...opts.hosts, ...covered])]);
    writeFileSync(path('serverKey'), server.keyPem, { mode: 0o600 });
    writeFileSync(path('serverCert'), server.certPem);
  }

  const apnsAuthKeyPem = readOr(
    path('apnsAuthKey'),
    () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    (s) => s,
    (s) => s,
  );

  const appleCert = readOr<KeyAndCert>(
    path('appleCertPem'),
    () => {
      const kc = issueApplePushCertificate(ca, manifest.apns.certTopic);
      writeFileSync(path('appleCertP12'), toPkcs12(kc, manifest.apns.certPassword, ca.certPem), { mode: 0o600 });
      return kc;
    },
    (s) => {
      // cert PEM then key PEM, split exactly where the key begins (forge writes CRLF line ends).
      const keyAt = s.indexOf('-----BEGIN', s.indexOf('-----END CERTIFICATE-----'));
      return { certPem: s.slice(0, keyAt), keyPem: s.slice(keyAt) };
    },
    (kc) => kc.certPem + kc.keyPem,
  );

  const firebaseKeyPem = readOr(
    join(dataDir, 'firebase-key.pem'),
    () => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    (s) => s,
    (s) => s,
  );
  const firebase: ServiceAccount = {
    type: 'service_account',
    project_id: manifest.fcm.projectId,
    private_key_id: manifest.fcm.privateKeyId,
    private_key: firebaseKeyPem,
    client_email: manifest.fcm.clientEmail,
    client_id: '100000000000000000001',
    auth_uri: '',
    token_uri: '',
    universe_domain: 'googleapis.com',
  };

  const vapid = readOr(
    path('vapid'),
    () => {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      return {
        publicKey: ecdh.getPublicKey().toString('base64url'),
        privateKey: Buffer.concat([Buffer.alloc(32), ecdh.getPrivateKey()]).subarray(-32).toString('base64url'), // left-padded: getPrivateKey drops leading zero bytes
        subject: manifest.vapid.subject,
      };
    },
    JSON.parse,
    (v) => JSON.stringify(v, null, 2) + '\n',
  );

  return { dataDir, manifest, ca, server, apnsAuthKeyPem, appleCert, firebase, vapid, path };
}

/**
 * Writes the files that depend on where the sandbox listens: the service account (its token_uri)
 * and push-proxy.json. Called once the TLS listener has its port.
 */
export function writeAddressedFiles(c: Credentials, tlsOrigin: string): void {
  c.firebase.auth_uri = `${tlsOrigin}/o/oauth2/auth`;
  c.firebase.token_uri = `${tlsOrigin}/token`;
  writeFileSync(c.path('firebaseServiceAccount'), JSON.stringify(c.firebase, null, 2) + '\n', { mode: 0o600 });
  writeFileSync(c.path('pushProxyConfig'), JSON.stringify(pushProxyConfig(c, new URL(tlsOrigin).hostname), null, 2) + '\n', { mode: 0o600 });
}

/** A mattermost-push-proxy config wired to the sandbox credentials (plus Herald's WebPushSettings). */
export function pushProxyConfig(c: Credentials, webPushHost = '127.0.0.1'): Record<string, unknown> {
  const [rnTopic = 'com.mattermost.rn'] = c.manifest.apns.topics;
  return {
    ListenAddress: ':8066',
    ThrottlePerSec: 300,
    ThrottleMemoryStoreSize: 50000,
    ThrottleVaryByHeader: '',
    EnableMetrics: true,
    SendTimeoutSec: 30,
    RetryTimeoutSec: 8,
    ApplePushSettings: [
      {
        Type: 'apple_rn',
        ApplePushUseDevelopment: false,
        ApplePushCertPrivate: '',
        ApplePushCertPassword: '',
        ApplePushTopic: rnTopic,
        AppleAuthKeyFile: c.path('apnsAuthKey'),
        AppleAuthKeyID: c.manifest.apns.keyId,
        AppleTeamID: c.manifest.apns.teamId,
      },
      {
        Type: 'apple_rnbeta',
        ApplePushUseDevelopment: false,
        ApplePushCertPrivate: c.path('appleCertP12'),
        ApplePushCertPassword: c.manifest.apns.certPassword,
        ApplePushTopic: c.manifest.apns.certTopic,
        AppleAuthKeyFile: '',
        AppleAuthKeyID: '',
        AppleTeamID: '',
      },
    ],
    AndroidPushSettings: [
      { Type: 'android_rn', AndroidAPIKey: '', ServiceFileLocation: c.path('firebaseServiceAccount') },
    ],
    WebPushSettings: [
      {
        Type: 'webpush',
        VapidPublicKey: c.vapid.publicKey,
        VapidPrivateKey: c.vapid.privateKey,
        Subject: c.vapid.subject,
        // The sandbox's push endpoints live on loopback, which the destination check refuses by default.
        AllowedHosts: [...new Set([webPushHost.replace(/^\[|\]$/g, ''), '127.0.0.1', 'localhost'])],
        InsecureSkipDestinationIPCheck: true,
      },
    ],
    EnableConsoleLog: true,
    EnableFileLog: false,
    LogFileLocation: '',
    LogFormat: 'plain',
  };
}

