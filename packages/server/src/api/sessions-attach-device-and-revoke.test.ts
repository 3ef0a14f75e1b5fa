import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, usePostgres, withServer } from '../testing/engines.js';
import { PASSWORD, clientFetch, expectStatus, newClient, signUp, type Client4 } from '../testing/client4.js';

usePostgres();

function attachDevice(c: Client4, deviceId: unknown) {
  return clientFetch(c, `${c.getUsersRoute()}/sessions/device`, { method: 'put', body: JSON.stringify({ device_id: deviceId }) });
}

for (const engine of ENGINES) {
  describe(`sessions on ${engine}`, () => {
    it('a device id attaches to the current session and shows in the session list', () =>
      withServer(engine, async (s) => {
        const { client, user } = await signUp(s.url, 'alice');
        assert.deepEqual(await attachDevice(client, 'apple_rn-v2:abcdef0123'), { status: 'OK' });
        const sessions = await client.getSessions(user.id);
        assert.equal(sessions.length, 1);
        assert.equal(sessions[0]!.device_id, 'apple_rn-v2:abcdef0123');
        assert.equal(sessions[0]!.token, '', 'tokens are never listed');
        const withDevice = await s.store.sessions.listWithDevice(user.id, Date.now());
        assert.equal(withDevice.length, 1);
      }));

    it('a device belongs to one session: attaching it elsewhere revokes the older session', () =>
      withServer(engine, async (s) => {
        const { client: first, user } = await signUp(s.url, 'bob');
        await attachDevice(first, 'android_rn:tok1');
        const second = newClient(s.url);
        await second.login('bob', PASSWORD);
        await attachDevice(second, 'android_rn:tok1');
        await expectStatus(401, () => first.getMe());
        assert.equal((await second.getSessions(user.id)).length, 1);
      }));

    it('a session can be revoked; only by its user or an admin', () =>
      withServer(engine, async (s) => {
        const { client: admin } = await signUp(s.url, 'admin');
        const { client: carol, user } = await signUp(s.url, 'carol');
        const { client: dan } = await signUp(s.url, 'dan');
        const [session] = await carol.getSessions(user.id);
        await expectStatus(403, () => dan.getSessions(user.id));
        await expectStatus(403, () => dan.revokeSession(user.id, session!.id));
        await admin.revokeSession(user.id, session!.id);
        await expectStatus(401, () => carol.getMe());
      }));

    it('a malformed device id is 400', () =>
      withServer(engine, async (s) => {
        const { client } = await signUp(s.url, 'erin');
        for (const bad of ['', 'no-colon', 42, null, 'x:' + 'a'.repeat(600)]) await expectStatus(400, () => attachDevice(client, bad));
      }));
  });
}
