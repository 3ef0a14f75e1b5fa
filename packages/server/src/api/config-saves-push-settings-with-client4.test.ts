import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { ENGINES, freshPostgresUrl, tempDir, usePostgres, withServer, type TestEngine } from '../testing/engines.js';
import { expectStatus, newClient, signUp } from '../testing/client4.js';
import { createChatServer, type ChatServerOptions } from '../chat-server.js';
import type { ServerConfig } from '../config/server-config.js';

usePostgres();

type AnyConfig = ServerConfig & Record<string, unknown>;

/** Starts servers one after another over the same storage (a restart). */
async function restartable(engine: TestEngine) {
  const dir = tempDir();
  const databaseUrl = engine === 'postgres' ? await freshPostgresUrl() : undefined;
  return {
    start: (extra: Partial<ChatServerOptions> = {}) =>
      createChatServer({ dataDir: dir.path, databaseUrl, port: 0, logger: pino({ level: 'silent' }), passwordCost: { log2N: 10, r: 8, p: 1 }, ...extra }),
    remove: () => dir.remove(),
  };
}

for (const engine of ENGINES) {
  describe(`config with Client4 on ${engine}`, () => {
    it('an admin reads the defaults, turns push on with TPNS and full contents; readers are told; clients see SendPushNotifications', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const cfg = (await admin.getConfig()) as unknown as ServerConfig;
        assert.equal(cfg.EmailSettings.SendPushNotifications, false);
        assert.equal(cfg.EmailSettings.PushNotificationServerType, 'off');
        assert.equal(cfg.EmailSettings.PushNotificationContents, 'generic');
        assert.equal(cfg.LogSettings.FileLevel, 'INFO');
        assert.equal((await newClient(s.url).getClientConfig()).SendPushNotifications, 'false');

        const seen: ServerConfig[] = [];
        s.config.onChange((c) => seen.push(c));
        cfg.EmailSettings.SendPushNotifications = true;
        cfg.EmailSettings.PushNotificationServerType = 'mtpns';
        cfg.EmailSettings.PushNotificationServer = 'http://ignored.example.com';
        cfg.EmailSettings.PushNotificationContents = 'full';
        const saved = (await admin.updateConfig(cfg as never)) as unknown as ServerConfig;
        assert.equal(saved.EmailSettings.PushNotificationServer, cfg.HeraldSettings.TestPushServiceURL, 'TPNS points at HeraldSettings.TestPushServiceURL');
        assert.equal(saved.EmailSettings.PushNotificationContents, 'full');
        assert.deepEqual((await admin.getConfig()) as unknown, saved);
        assert.equal(seen.length, 1);
        assert.deepEqual(seen[0], saved);
        assert.deepEqual(s.config.current(), saved);
        assert.equal((await newClient(s.url).getClientConfig()).SendPushNotifications, 'true');
      }));

    it('a manually entered server must be an http(s) URL (400 naming the field); "off" turns SendPushNotifications off', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const cfg = (await admin.getConfig()) as unknown as ServerConfig;
        cfg.EmailSettings.SendPushNotifications = true;
        cfg.EmailSettings.PushNotificationServerType = 'custom';
        for (const bad of ['', 'push.example.com', 'ftp://push.example.com', 'javascript:alert(1)', 'http://user:pw@push.example.com', `http://${'a'.repeat(3000)}.com`]) {
          cfg.EmailSettings.PushNotificationServer = bad;
          const e = await expectStatus(400, () => admin.updateConfig(cfg as never));
          assert.equal(e.server_error_id, 'model.config.is_valid.push_notification_server.app_error', bad);
          assert.match(e.message, /PushNotificationServer/);
        }
        cfg.EmailSettings.PushNotificationServer = 'https://push.example.com:8066';
        const saved = (await admin.updateConfig(cfg as never)) as unknown as ServerConfig;
        assert.equal(saved.EmailSettings.PushNotificationServer, 'https://push.example.com:8066');
        assert.equal(saved.EmailSettings.SendPushNotifications, true);

        saved.EmailSettings.PushNotificationServerType = 'off';
        const off = (await admin.updateConfig(saved as never)) as unknown as ServerConfig;
        assert.equal(off.EmailSettings.SendPushNotifications, false);
        assert.equal((await admin.getClientConfig()).SendPushNotifications, 'false');
      }));

    it('refuses unknown contents, server types and log levels with a 400 naming the field; accepts lower-case levels', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const cfg = (await admin.getConfig()) as unknown as AnyConfig;
        const bad = async (mutate: (c: AnyConfig) => void, id: string, field: RegExp) => {
          const c = structuredClone(cfg);
          mutate(c);
          const e = await expectStatus(400, () => admin.updateConfig(c as never));
          assert.equal(e.server_error_id, id);
          assert.match(`${e.message} ${(e as unknown as { detailed_error: string }).detailed_error}`, field);
        };
        await bad((c) => ((c.EmailSettings as Record<string, unknown>).PushNotificationContents = 'everything'), 'model.config.is_valid.push_notification_contents.app_error', /PushNotificationContents/);
        await bad((c) => ((c.EmailSettings as Record<string, unknown>).PushNotificationServerType = 'carrier-pigeon'), 'model.config.is_valid.app_error', /PushNotificationServerType/);
        await bad((c) => ((c.LogSettings as Record<string, unknown>).FileLevel = 'VERBOSE'), 'model.config.is_valid.app_error', /LogSettings\.FileLevel/);
        await bad((c) => ((c.EmailSettings as Record<string, unknown>).SendPushNotifications = 'yes'), 'model.config.is_valid.app_error', /SendPushNotifications/);
        await bad((c) => ((c.HeraldSettings as Record<string, unknown>).TestPushServiceURL = 'file:///etc/passwd'), 'model.config.is_valid.app_error', /TestPushServiceURL/);
        await bad((c) => ((c.ServiceSettings as Record<string, unknown>).SiteURL = null), 'model.config.is_valid.app_error', /SiteURL/);
        await bad((c) => ((c as Record<string, unknown>).EmailSettings = 'on'), 'model.config.is_valid.app_error', /EmailSettings/);
        assert.deepEqual((await admin.getConfig()) as unknown, cfg, 'nothing was saved');

        const c = structuredClone(cfg);
        (c.LogSettings as Record<string, unknown>).FileLevel = 'debug';
        assert.equal(((await admin.updateConfig(c as never)) as unknown as ServerConfig).LogSettings.FileLevel, 'DEBUG');
      }));

    it('ignores unknown sections and fields (a whole Mattermost config is fine); patchConfig changes one field', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const cfg = (await admin.getConfig()) as unknown as AnyConfig;
        const big = {
          ...structuredClone(cfg),
          TeamSettings: { SiteName: 'Mattermost', MaxUsersPerTeam: 50 },
          SqlSettings: { DataSource: 'postgres://evil' },
          EmailSettings: { ...cfg.EmailSettings, FeedbackName: 'x', PushNotificationBuffer: 1000, PushNotificationServerLocation: 'us' },
        };
        const saved = (await admin.updateConfig(big as never)) as unknown as AnyConfig;
        assert.deepEqual(saved, cfg);
        assert.equal(saved.TeamSettings, undefined);
        const patched = (await admin.patchConfig({ LogSettings: { ConsoleLevel: 'WARN' } } as never)) as unknown as ServerConfig;
        assert.equal(patched.LogSettings.ConsoleLevel, 'WARN');
        assert.equal(patched.LogSettings.FileLevel, cfg.LogSettings.FileLevel);
      }));

    it('is admin-only: other users get 403, no session 401; the client config is public and needs format=old', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const { client: frank } = await signUp(s.url, 'frank');
        const cfg = await admin.getConfig();
        assert.equal((await expectStatus(403, () => frank.getConfig())).server_error_id, 'api.context.permissions.app_error');
        await expectStatus(403, () => frank.updateConfig(cfg));
        await expectStatus(403, () => frank.patchConfig({ EmailSettings: { SendPushNotifications: true } } as never));
        await expectStatus(401, () => newClient(s.url).getConfig());
        const client = await newClient(s.url).getClientConfig();
        assert.equal(client.Version, '10.5.0');
        assert.equal((client as unknown as Record<string, unknown>).HeraldSettings, undefined);
        assert.ok(!JSON.stringify(client).includes('TestPushServiceURL'));
        const res = await fetch(`${s.url}/api/v4/config/client`);
        assert.equal(res.status, 501);
        assert.equal(((await res.json()) as { id: string }).id, 'api.config.client.old_format.app_error');
      }));

    it('answers hostile config bodies with Mattermost 4xx errors and saves nothing', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const before = await admin.getConfig();
        const deep = '{"EmailSettings":'.repeat(5000) + '{}' + '}'.repeat(5000);
        for (const body of ['', '[]', '"x"', 'null', '42', '{', '{"EmailSettings":[]}', '{"EmailSettings":{"PushNotificationServerType":{"$ne":1}}}', deep, JSON.stringify({ HeraldSettings: { HostedPushTermsAccepted: 1 } })]) {
          const res = await fetch(`${s.url}/api/v4/config`, { method: 'PUT', headers: { authorization: `Bearer ${admin.getToken()}`, 'content-type': 'application/json' }, body });
          assert.equal(res.status, 400, body.slice(0, 60));
          const json = (await res.json()) as { id: string; status_code: number };
          assert.equal(json.status_code, 400);
          assert.match(json.id, /invalid_body_param|is_valid/);
        }
        const proto = await fetch(`${s.url}/api/v4/config`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${admin.getToken()}`, 'content-type': 'application/json' },
          body: '{"__proto__":{"SendPushNotifications":true},"EmailSettings":{"__proto__":{"x":1},"constructor":{"prototype":{"y":1}}}}',
        });
        assert.equal(proto.status, 200);
        assert.equal(({} as Record<string, unknown>).x, undefined);
        assert.equal(({} as Record<string, unknown>).y, undefined);
        assert.deepEqual(await admin.getConfig(), before);
        const huge = await fetch(`${s.url}/api/v4/config`, { method: 'PUT', headers: { authorization: `Bearer ${admin.getToken()}` }, body: JSON.stringify({ x: 'y'.repeat(2_000_000) }) });
        assert.equal(huge.status, 413);
      }));

    it('persists across restarts; untouched defaults follow the environment, admin choices stick; the initial config applies on a first start only', async () => {
      const r = await restartable(engine);
      try {
        const initialConfig = (d: ServerConfig): ServerConfig => ({ ...d, EmailSettings: { ...d.EmailSettings, SendPushNotifications: true, PushNotificationServerType: 'mtpns' } });
        let s = await r.start({ configDefaults: { pushServiceUrl: 'http://127.0.0.1:9001' }, initialConfig });
        assert.equal(s.config.wasStored, false);
        assert.equal(s.config.current().EmailSettings.PushNotificationServer, 'http://127.0.0.1:9001');
        const { client: admin } = await signUp(s.url, 'admin');
        const cfg = (await admin.getConfig()) as unknown as ServerConfig;
        cfg.EmailSettings.PushNotificationContents = 'id_loaded';
        cfg.LogSettings.FileLevel = 'DEBUG';
        await admin.updateConfig(cfg as never);
        await s.close();

        s = await r.start({ configDefaults: { pushServiceUrl: 'http://127.0.0.1:9002' }, initialConfig: () => assert.fail('not a first start') });
        const c = s.config.current();
        assert.equal(s.config.wasStored, true);
        assert.equal(c.EmailSettings.SendPushNotifications, true);
        assert.equal(c.EmailSettings.PushNotificationServerType, 'mtpns');
        assert.equal(c.HeraldSettings.TestPushServiceURL, 'http://127.0.0.1:9002', 'an untouched default follows the environment');
        assert.equal(c.EmailSettings.PushNotificationServer, 'http://127.0.0.1:9002', 'and TPNS is re-derived from it');
        assert.equal(c.EmailSettings.PushNotificationContents, 'id_loaded');
        assert.equal(c.LogSettings.FileLevel, 'DEBUG');

        // Turning push off sticks too, even though it equals the default.
        const admin2 = newClient(s.url);
        await admin2.login('admin', 'correct-horse-9');
        await admin2.patchConfig({ EmailSettings: { PushNotificationServerType: 'off' } } as never);
        await s.close();
        s = await r.start({ initialConfig });
        assert.equal(s.config.current().EmailSettings.SendPushNotifications, false);
        await s.close();
      } finally {
        r.remove();
      }
    });

    it('a bad stored value falls back to its default instead of keeping the server down', async () => {
      const r = await restartable(engine);
      try {
        let s = await r.start();
        await s.store.config.set('EmailSettings', { PushNotificationContents: 'everything', SendPushNotifications: true, PushNotificationServerType: 'mtpns' });
        await s.store.config.set('LogSettings', 'not an object');
        await s.close();
        s = await r.start();
        assert.equal(s.config.current().EmailSettings.PushNotificationContents, 'generic');
        assert.equal(s.config.current().EmailSettings.SendPushNotifications, true);
        assert.equal(s.config.current().LogSettings.FileLevel, 'INFO');
        await s.close();
      } finally {
        r.remove();
      }
    });
  });
}

