// Step 5: the push service's provider credentials, when its config file is at hand (--push-config):
// the file loads (@herald/push's loadCheckedConfig, the rules `herald push --check` applies), and
// each entry's credentials load and parse as the service loads them (ApnsProvider / FcmProvider /
// WebPushProvider + validate): APNs .p8 key or certificate (and its expiry), FCM service account.
import { ApnsProvider, ConfigError, FcmProvider, loadCheckedConfig, WebPushProvider, type HeraldConfig } from '@herald/push';
import { EXPIRY_WARN_DAYS } from './check-tls.js';
import type { Check, Report } from './types.js';

const DAY_MS = 24 * 3600 * 1000;

interface Closable {
  close(): Promise<void>;
  validate?(): Promise<void>;
}

async function tryEntry<T extends Closable>(make: () => T, use: (p: T) => void | Promise<void>): Promise<string | undefined> {
  let p: T | undefined;
  try {
    p = make();
    await p.validate?.();
    await use(p);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await p?.close().catch(() => {});
  }
}

async function checkEntries(config: HeraldConfig, report: Report, now: number): Promise<void> {
  let checked = 0;
  for (const [i, s] of config.ApplePushSettings.entries()) {
    const path = `ApplePushSettings[${i}] (${s.Type})`;
    if (!s.AppleAuthKeyFile && !s.ApplePushCertPrivate) continue; // the config's warnings said so
    checked++;
    let line = '';
    let expiry: Date | undefined;
    const err = await tryEntry(
      () => new ApnsProvider(s, { origin: 'https://127.0.0.1:9' }),
      (p) => {
        expiry = p.certificateNotAfter;
        line = p.authKind === 'token' ? `token auth, key ${s.AppleAuthKeyID} of team ${s.AppleTeamID} (${s.AppleAuthKeyFile}) parses as an ES256 key` : `certificate auth (${s.ApplePushCertPrivate})`;
      },
    );
    if (err) {
      report({
        hop: 'provider-credentials',
        status: 'fail',
        message: `Provider credentials: ${path}: ${err}`,
        hint: s.AppleAuthKeyFile
          ? 'AppleAuthKeyFile must be the .p8 key downloaded from Apple (PKCS#8 PEM, "-----BEGIN PRIVATE KEY-----"); download a new key if this one is damaged or revoked, then SIGHUP the push service.'
          : 'ApplePushCertPrivate must be the .p12 (or a PEM with the certificate and key) of an "Apple Push Services" certificate, with ApplePushCertPassword its password.',
        data: { entry: path },
      });
      continue;
    }
    if (s.AppleAuthKeyFile && (!/^[A-Z0-9]{10}$/.test(s.AppleAuthKeyID) || !/^[A-Z0-9]{10}$/.test(s.AppleTeamID))) {
      report({ hop: 'provider-credentials', status: 'warn', message: `Provider credentials: ${path}: AppleAuthKeyID "${s.AppleAuthKeyID}" / AppleTeamID "${s.AppleTeamID}" are not 10-character Apple ids`, hint: 'Copy the Key ID and Team ID from the Apple developer account; APNs answers InvalidProviderToken otherwise.' });
    }
    if (expiry) {
      const days = Math.floor((expiry.getTime() - now) / DAY_MS);
      const data = { entry: path, expires: expiry.toISOString(), days_left: days };
      if (days < 0) {
        report({ hop: 'provider-credentials', status: 'fail', message: `Provider credentials: ${path}: the APNs certificate expired on ${data.expires.slice(0, 10)}`, hint: 'Create a new Apple Push Services certificate (or switch to a .p8 key: token auth never expires) and SIGHUP the push service.', data });
        continue;
      }
      if (days < EXPIRY_WARN_DAYS) {
        report({ hop: 'provider-credentials', status: 'warn', message: `Provider credentials: ${path}: the APNs certificate expires in ${days} days (${data.expires.slice(0, 10)})`, hint: 'Renew it now, or switch to a .p8 key (token auth never expires).', data });
        continue;
      }
      line += `, valid until ${data.expires.slice(0, 10)} (${days} days)`;
    }
    report({ hop: 'provider-credentials', status: 'ok', message: `Provider credentials: ${path}: ${line}`, data: { entry: path } });
  }
  for (const [i, s] of config.AndroidPushSettings.entries()) {
    const path = `AndroidPushSettings[${i}] (${s.Type})`;
    if (!s.ServiceFileLocation) continue;
    checked++;
    let project = '';
    const err = await tryEntry(
      () => new FcmProvider(s, { origin: 'https://127.0.0.1:9' }),
      (p) => {
        project = p.projectId;
      },
    );
    if (err) {
      report({
        hop: 'provider-credentials',
        status: 'fail',
        message: `Provider credentials: ${path}: ${err}`,
        hint: 'ServiceFileLocation must be the Firebase service-account JSON (Project settings > Service accounts > Generate new private key), with project_id, client_email, private_key and token_uri.',
        data: { entry: path },
      });
      continue;
    }
    report({ hop: 'provider-credentials', status: 'ok', message: `Provider credentials: ${path}: service account for project ${project} (${s.ServiceFileLocation}) has an RSA key`, data: { entry: path, project } });
  }
  for (const [i, s] of config.WebPushSettings.entries()) {
    const path = `WebPushSettings[${i}] (${s.Type})`;
    if (!s.VapidPublicKey && !s.VapidPrivateKey && !s.VapidPrivateKeyFile) continue;
    checked++;
    const err = await tryEntry(() => new WebPushProvider(s, {}), () => {});
    report(
      err
        ? { hop: 'provider-credentials', status: 'fail', message: `Provider credentials: ${path}: ${err}`, hint: 'Generate VAPID keys (web-push generate-vapid-keys --json) and set VapidPublicKey and VapidPrivateKey(File).', data: { entry: path } }
        : { hop: 'provider-credentials', status: 'ok', message: `Provider credentials: ${path}: VAPID keys load`, data: { entry: path } },
    );
  }
  if (checked === 0) {
    report({ hop: 'provider-credentials', status: 'fail', message: 'Provider credentials: no entry has credentials: every push will FAIL', hint: 'Set AppleAuthKeyFile/AppleAuthKeyID/AppleTeamID (or ApplePushCertPrivate) and/or ServiceFileLocation for your app types.' });
  }
}

export const credentialsCheck: Check = {
  hop: 'provider-credentials',
  title: 'Provider credentials',
  async run(state, report) {
    const file = state.opts.pushConfig;
    if (!file) {
      report({ hop: 'provider-credentials', status: 'info', message: 'Provider credentials: skipped: no --push-config (give the push service\'s config file when it runs on this machine)' });
      return;
    }
    let config: HeraldConfig;
    let warnings: string[];
    try {
      ({ config, warnings } = await loadCheckedConfig(file));
    } catch (e) {
      const msg = e instanceof ConfigError ? e.message : `cannot read ${file}: ${(e as Error).message}`;
      report({ hop: 'provider-credentials', status: 'fail', message: `Provider credentials: ${msg.replace(/\n/g, ' ')}`, hint: `Fix the push service's config (herald push --config ${file} --check shows the same).` });
      return;
    }
    for (const w of warnings) {
      if (/no credentials|will fail|APNs will reject/.test(w)) report({ hop: 'provider-credentials', status: 'warn', message: `Provider credentials: ${w}` });
    }
    await checkEntries(config, report, state.opts.now?.() ?? Date.now());
  },
};
