import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { ENGINES, usePostgres, withServer } from '../testing/engines.js';
import { expectStatus, signUp, type Client4 } from '../testing/client4.js';
import type { LogLevel, ServerConfig } from '../config/server-config.js';

usePostgres();

interface Line {
  timestamp: string;
  level: string;
  msg: string;
}

async function lines(admin: Client4, perPage = 1000, page = 0): Promise<Line[]> {
  const raw = await admin.getPlainLogs(page, perPage);
  assert.ok(Array.isArray(raw));
  return raw.map((l) => {
    assert.equal(typeof l, 'string');
    return JSON.parse(l) as Line;
  });
}

async function setLevels(admin: Client4, levels: { FileLevel?: LogLevel; ConsoleLevel?: LogLevel }) {
  const cfg = (await admin.getConfig()) as unknown as ServerConfig;
  Object.assign(cfg.LogSettings, levels);
  await admin.updateConfig(cfg as never);
}

for (const engine of ENGINES) {
  describe(`logs on ${engine}`, () => {
    it('GET /logs returns the file log as Mattermost JSON lines; FileLevel changes at runtime', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const first = await lines(admin);
        assert.ok(first.some((l) => l.level === 'info' && /chat server listening/.test(l.msg)));
        for (const l of first) assert.match(l.timestamp, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} Z$/);

        s.logger.debug('probe-debug-1');
        assert.ok(!(await lines(admin)).some((l) => l.msg === 'probe-debug-1'), 'DEBUG is not written at INFO');

        await setLevels(admin, { FileLevel: 'DEBUG' });
        s.logger.debug('probe-debug-2');
        s.logger.child({ component: 'push' }).debug("Sending push notification to apple_rn-v2:abcd wi msg of '@accountb: Hello'");
        let now = await lines(admin);
        assert.ok(now.some((l) => l.level === 'debug' && l.msg === 'probe-debug-2'));
        assert.ok(now.some((l) => l.level === 'debug' && l.msg.startsWith('Sending push notification to')), 'child loggers follow the level');
        assert.ok(now.some((l) => /log levels changed/.test(l.msg)));

        await setLevels(admin, { FileLevel: 'ERROR' });
        s.logger.info('probe-info-3');
        s.logger.error('probe-error-4');
        now = await lines(admin);
        assert.ok(!now.some((l) => l.msg === 'probe-info-3'));
        assert.ok(now.some((l) => l.level === 'error' && l.msg === 'probe-error-4'));
      }));

    it('pages from the end: page 0 is the newest logs_per_page lines, oldest first', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        for (let i = 0; i < 30; i++) s.logger.info(`line-${i}`);
        const p0 = (await lines(admin, 10, 0)).map((l) => l.msg);
        const p1 = (await lines(admin, 10, 1)).map((l) => l.msg);
        assert.deepEqual(p0, Array.from({ length: 10 }, (_, i) => `line-${20 + i}`));
        assert.deepEqual(p1, Array.from({ length: 10 }, (_, i) => `line-${10 + i}`));
        assert.deepEqual(await admin.getPlainLogs(1000, 100), []);
      }));

    it('is admin-only and refuses bad paging with 400', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const { client: frank } = await signUp(s.url, 'frank');
        assert.equal((await expectStatus(403, () => frank.getPlainLogs(0, 10))).server_error_id, 'api.context.permissions.app_error');
        const token = admin.getToken();
        for (const q of ['logs_per_page=-1', 'logs_per_page=abc', 'page=x', 'page=1e3', 'logs_per_page=0', 'page=99999999999999999999', 'logs_per_page=1&logs_per_page=2']) {
          const res = await fetch(`${s.url}/api/v4/logs?${q}`, { headers: { authorization: `Bearer ${token}` } });
          assert.equal(res.status, 400, q);
          assert.equal(((await res.json()) as { id: string }).id, 'api.context.invalid_url_param.app_error');
        }
        assert.ok((await admin.getPlainLogs(0, 10 ** 9)).length > 0, 'a huge page size is capped, not refused');
      }));

    it('ConsoleLevel changes the console sink at runtime, never below the handed-in logger level', async () => {
      const out: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _enc, cb) {
          out.push(chunk.toString());
          cb();
        },
      });
      await withServer(
        engine,
        async (s) => {
          const { client: admin } = await signUp(s.url, 'admin');
          s.logger.debug('console-debug-1');
          await setLevels(admin, { ConsoleLevel: 'DEBUG' });
          s.logger.debug('console-debug-2');
          s.logger.trace('console-trace-3');
          await setLevels(admin, { ConsoleLevel: 'ERROR' });
          s.logger.warn('console-warn-4');
          const text = out.join('');
          assert.ok(!text.includes('console-debug-1'));
          assert.ok(text.includes('console-debug-2'));
          assert.ok(!text.includes('console-trace-3'));
          assert.ok(!text.includes('console-warn-4'));
        },
        { logger: pino({ level: 'debug' }, sink) },
      );
      const quiet: string[] = [];
      await withServer(
        engine,
        async (s) => {
          const { client: admin } = await signUp(s.url, 'admin');
          await setLevels(admin, { ConsoleLevel: 'DEBUG' });
          s.logger.info('below-the-floor');
          s.logger.warn('at-the-floor');
          assert.ok(!quiet.join('').includes('below-the-floor'));
          assert.ok(quiet.join('').includes('at-the-floor'));
        },
        { logger: pino({ level: 'warn' }, new Writable({ write: (c: Buffer, _e, cb) => (quiet.push(c.toString()), cb()) })) },
      );
    });
  });
}
