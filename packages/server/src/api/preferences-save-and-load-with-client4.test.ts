import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, usePostgres, withServer } from '../testing/engines.js';
import { clientFetch, expectStatus, signUp } from '../testing/client4.js';

usePostgres();

for (const engine of ENGINES) {
  describe(`preferences with Client4 on ${engine}`, () => {
    it('a user saves and reads their preferences; a save overwrites by (category, name)', () =>
      withServer(engine, async (s) => {
        const { client, user } = await signUp(s.url, 'alice');
        assert.deepEqual(await client.getMyPreferences(), []);
        const prefs = [
          { user_id: user.id, category: 'display_settings', name: 'use_military_time', value: 'true' },
          { user_id: user.id, category: 'direct_channel_show', name: 'a'.repeat(26), value: 'true' },
        ];
        assert.deepEqual(await client.savePreferences(user.id, prefs), { status: 'OK' });
        await client.savePreferences(user.id, [{ ...prefs[0]!, value: 'false' }]);
        const mine = (await client.getMyPreferences()) as unknown as typeof prefs;
        assert.equal(mine.length, 2);
        assert.equal(mine.find((p) => p.name === 'use_military_time')?.value, 'false');
        assert.deepEqual(await client.getUserPreferences(user.id), mine);
        const cat = await clientFetch<typeof prefs>(client, `${s.url}/api/v4/users/me/preferences/display_settings`, { method: 'get' });
        assert.deepEqual(cat.map((p) => p.name), ['use_military_time']);
      }));

    it('only the user (or a system admin) reads and writes them; a preference for someone else is 403', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const { client: alice, user: a } = await signUp(s.url, 'alice');
        const { client: bob, user: b } = await signUp(s.url, 'bob');
        const pref = { user_id: a.id, category: 'theme', name: '', value: '{}' };
        await expectStatus(403, () => bob.getUserPreferences(a.id));
        await expectStatus(403, () => bob.savePreferences(a.id, [pref]));
        const e = await expectStatus(403, () => alice.savePreferences(a.id, [pref, { ...pref, user_id: b.id }]));
        assert.equal(e.server_error_id, 'api.preference.update_preferences.set.app_error');
        assert.deepEqual(await alice.getMyPreferences(), [], 'nothing was saved');
        await admin.savePreferences(a.id, [pref]);
        assert.equal((await admin.getUserPreferences(a.id)).length, 1);
      }));

    it('refuses hostile bodies with 400', () =>
      withServer(engine, async (s) => {
        const { client, user } = await signUp(s.url, 'alice');
        const ok = { user_id: user.id, category: 'c', name: 'n', value: 'v' };
        const put = (body: string) => clientFetch(client, `${s.url}/api/v4/users/${user.id}/preferences`, { method: 'put', body });
        for (const body of [
          '[]',
          '{}',
          'null',
          '"x"',
          '[1]',
          '[{',
          JSON.stringify([{ ...ok, category: '' }]),
          JSON.stringify([{ ...ok, category: 'c'.repeat(33) }]),
          JSON.stringify([{ ...ok, name: 'n'.repeat(33) }]),
          JSON.stringify([{ ...ok, value: 'v'.repeat(2001) }]),
          JSON.stringify([{ ...ok, value: 42 }]),
          JSON.stringify([{ ...ok, user_id: 'not-an-id' }]),
          JSON.stringify(Array.from({ length: 101 }, (_, i) => ({ ...ok, name: `n${i}` }))),
        ]) {
          const e = await expectStatus(400, () => put(body));
          assert.equal(e.server_error_id, 'api.context.invalid_body_param.app_error', body.slice(0, 60));
        }
        await expectStatus(400, () => clientFetch(client, `${s.url}/api/v4/users/not-an-id/preferences`, { method: 'get' }));
        assert.deepEqual(await client.getMyPreferences(), []);
      }));
  });
}
