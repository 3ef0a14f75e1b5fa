import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { ENGINES, freshPostgresUrl, tempDir, usePostgres, withServer } from '../testing/engines.js';
import { expectStatus, newClient, signUp, type Client4 } from '../testing/client4.js';
import { createChatServer } from '../chat-server.js';
import { generateLicenseKeys, issueLicense, signLicensePayload } from '../license/issue.js';
import type { ServerConfig } from '../config/server-config.js';

usePostgres();

const keys = generateLicenseKeys();
const otherKeys = generateLicenseKeys();
const DAY = 24 * 60 * 60 * 1000;

const upload = (c: Client4, text: string | Uint8Array, name = 'herald.license') => c.uploadLicense(new File([text], name) as never);

async function chooseHpns(admin: Client4, terms: boolean) {
  const cfg = (await admin.getConfig()) as unknown as ServerConfig;
  cfg.EmailSettings.SendPushNotifications = true;
  cfg.EmailSettings.PushNotificationServerType = 'mhpns';
  cfg.HeraldSettings.HostedPushTermsAccepted = terms;
  return (await admin.updateConfig(cfg as never)) as unknown as ServerConfig;
}

async function rawUpload(url: string, token: string, body: NonNullable<RequestInit['body']>, headers: Record<string, string> = {}) {
  const res = await fetch(`${url}/api/v4/license`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'x-requested-with': 'XMLHttpRequest', ...headers }, body });
  const json = (await res.json()) as { id: string; status_code: number; message: string };
  return { status: res.status, json };
}

for (const engine of ENGINES) {
  describe(`license and HPNS on ${engine}`, () => {
    it('HPNS is refused without a license, then without the terms, then works; removing the license gates it again', () =>
      withServer(
        engine,
        async (s) => {
          const { client: admin } = await signUp(s.url, 'admin');
          const { client: frank } = await signUp(s.url, 'frank');
          assert.deepEqual(await admin.getClientLicenseOld(), { IsLicensed: 'false' });

          const e1 = await expectStatus(400, () => chooseHpns(admin, true));
          assert.equal(e1.server_error_id, 'api.config.update_config.hpns_license.app_error');
          assert.match(e1.message, /license/);

          await expectStatus(403, () => upload(frank, issueLicense(keys.privateKey)));
          const license = await upload(admin, issueLicense(keys.privateKey, { customer: { name: 'Ada', email: 'ada@example.com', company: 'Ada Co' } }));
          assert.equal(license.customer?.company, 'Ada Co');
          assert.equal(license.features.mhpns, true);
          assert.ok(license.expires_at > Date.now());

          const adminView = await admin.getClientLicenseOld();
          assert.equal(adminView.IsLicensed, 'true');
          assert.equal(adminView.MHPNS, 'true');
          assert.equal(adminView.Company, 'Ada Co');
          assert.equal(adminView.Id, license.id);
          const userView = await frank.getClientLicenseOld();
          assert.equal(userView.IsLicensed, 'true');
          assert.equal(userView.Email, undefined, 'non-admins get the sanitized view');
          assert.equal((await newClient(s.url).getClientLicenseOld()).Company, undefined);

          const e2 = await expectStatus(400, () => chooseHpns(admin, false));
          assert.equal(e2.server_error_id, 'api.config.update_config.hpns_terms.app_error');
          assert.match(e2.message, /terms/);

          const saved = await chooseHpns(admin, true);
          assert.equal(saved.EmailSettings.PushNotificationServer, saved.HeraldSettings.HostedPushServiceURL);
          assert.equal(s.config.current().EmailSettings.PushNotificationServerType, 'mhpns');

          await expectStatus(403, () => frank.removeLicense());
          await admin.removeLicense();
          assert.deepEqual(await admin.getClientLicenseOld(), { IsLicensed: 'false' });
          await expectStatus(400, () => chooseHpns(admin, true));
        },
        { licensePublicKey: keys.publicKeyPem },
      ));

    it('refuses expired, not yet valid, foreign-signed, malformed and unsigned licenses, naming the reason', () =>
      withServer(
        engine,
        async (s) => {
          const { client: admin } = await signUp(s.url, 'admin');
          const now = Date.now();
          const expired = await expectStatus(400, () => upload(admin, issueLicense(keys.privateKey, { starts_at: now - 30 * DAY, expires_at: now - DAY })));
          assert.equal(expired.server_error_id, 'api.license.add_license.expired.app_error');
          assert.match(expired.message, /expired/);
          const future = await expectStatus(400, () => upload(admin, issueLicense(keys.privateKey, { starts_at: now + DAY })));
          assert.equal(future.server_error_id, 'api.license.add_license.expired.app_error');

          const foreign = await expectStatus(400, () => upload(admin, issueLicense(otherKeys.privateKey)));
          assert.equal(foreign.server_error_id, 'api.license.add_license.invalid.app_error');
          assert.match(foreign.message, /signature/);

          const good = issueLicense(keys.privateKey);
          const [body, sig] = good.split('.') as [string, string];
          const tampered = `${Buffer.from(Buffer.from(body, 'base64url').toString().replace('"users":100', '"users":999')).toString('base64url')}.${sig}`;
          assert.match((await expectStatus(400, () => upload(admin, tampered))).message, /signature/);

          for (const junk of ['', 'hello', `${body}.`, `${body}.${sig}.${sig}`, '<?xml version="1.0"?>', `${body}.${'A'.repeat(86)}`, 'x'.repeat(16000)]) {
            const e = await expectStatus(400, () => upload(admin, junk));
            assert.equal(e.server_error_id, 'api.license.add_license.invalid.app_error', junk.slice(0, 40));
          }
          assert.equal((await expectStatus(413, () => upload(admin, 'x'.repeat(20000)))).server_error_id, 'api.context.request_body_too_large.app_error');
          for (const payload of [{}, [], 'string', { id: 'x', issued_at: 'yesterday', starts_at: 0, expires_at: now + DAY }, { id: 'x', issued_at: 0, starts_at: 0, expires_at: now + DAY, features: { mhpns: 'yes' } }]) {
            const e = await expectStatus(400, () => upload(admin, signLicensePayload(keys.privateKey, payload)));
            assert.match(e.message, /not a Herald license/);
          }
          const notJson = `${Buffer.from('{nope').toString('base64url')}`;
          const { sign } = await import('node:crypto');
          const signed = `${notJson}.${sign(null, Buffer.from(notJson), keys.privateKey).toString('base64url')}`;
          assert.match((await expectStatus(400, () => upload(admin, signed))).message, /not a Herald license/);
          assert.deepEqual(await admin.getClientLicenseOld(), { IsLicensed: 'false' }, 'nothing was installed');
        },
        { licensePublicKey: keys.publicKeyPem },
      ));

    it('answers hostile uploads with Mattermost errors, never a 500', () =>
      withServer(
        engine,
        async (s) => {
          const { client: admin } = await signUp(s.url, 'admin');
          const token = admin.getToken();
          const form = new FormData();
          form.append('other', new File(['x'], 'x'));
          let r = await rawUpload(s.url, token, form);
          assert.equal(r.status, 400);
          assert.equal(r.json.id, 'api.license.add_license.no_file.app_error');
          r = await rawUpload(s.url, token, JSON.stringify({ license: issueLicense(keys.privateKey) }), { 'content-type': 'application/json' });
          assert.equal(r.status, 400);
          r = await rawUpload(s.url, token, '--x\r\nContent-Disposition: form-data; name="license"\r\n\r\nabc', { 'content-type': 'multipart/form-data; boundary=x' });
          assert.equal(r.status, 400);
          r = await rawUpload(s.url, token, 'garbage', { 'content-type': 'multipart/form-data' });
          assert.equal(r.status, 400);
          const big = new FormData();
          big.append('license', new File([Buffer.alloc(200_000, 65)], 'big.license'));
          r = await rawUpload(s.url, token, big);
          assert.equal(r.status, 413);
          assert.equal(r.json.status_code, 413);
          // A license sent as a plain form field is accepted like a file.
          const field = new FormData();
          field.append('license', issueLicense(keys.privateKey));
          r = await rawUpload(s.url, token, field);
          assert.equal(r.status, 201);
          const res = await fetch(`${s.url}/api/v4/license/client`);
          assert.equal(res.status, 501);
        },
        { licensePublicKey: keys.publicKeyPem },
      ));

    it('without a configured public key every license is refused, saying so', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const e = await expectStatus(400, () => upload(admin, issueLicense(keys.privateKey)));
        assert.match(e.message, /no license public key/);
      }, { licensePublicKey: '' }));

    it('the license survives a restart, and is dropped when the public key changes', async () => {
      const dir = tempDir();
      const databaseUrl = engine === 'postgres' ? await freshPostgresUrl() : undefined;
      const start = (licensePublicKey: string) =>
        createChatServer({ dataDir: dir.path, databaseUrl, port: 0, logger: pino({ level: 'silent' }), passwordCost: { log2N: 10, r: 8, p: 1 }, licensePublicKey });
      try {
        let s = await start(keys.publicKeyPem);
        const { client: admin } = await signUp(s.url, 'admin');
        await upload(admin, issueLicense(keys.privateKey));
        await s.close();
        // The raw 32-byte key in base64 is accepted as well as PEM.
        const raw = (pem: string) => Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64').subarray(12).toString('base64');
        s = await start(raw(keys.publicKeyPem));
        assert.ok(s.license.current());
        await s.close();
        s = await start(raw(otherKeys.publicKeyPem));
        assert.equal(s.license.current(), undefined);
        await s.close();
      } finally {
        dir.remove();
      }
    });
  });
}
