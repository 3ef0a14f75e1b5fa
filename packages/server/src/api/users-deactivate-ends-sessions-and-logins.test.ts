// DELETE /users/{id} (Mattermost's deactivate) and PUT /users/{id}/active: a deactivated user's
// sessions end (their devices get no more pushes), they cannot log in, and only a system admin
// deactivates others or reactivates; a mistyped body gets a 400 naming the field.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, usePostgres, withServer } from '../testing/engines.js';
import { PASSWORD, clientFetch, expectStatus, newClient, signUp } from '../testing/client4.js';

usePostgres();

for (const engine of ENGINES) {
  describe(`deactivating users on ${engine}`, () => {
    it('ends sessions and refuses logins; admins only for others and for reactivation', () =>
      withServer(engine, async (s) => {
        const admin = await signUp(s.url, 'admin');
        const alice = await signUp(s.url, 'alice');
        const bob = await signUp(s.url, 'bob');
        await clientFetch(alice.client, `${alice.client.getUsersRoute()}/sessions/device`, { method: 'put', body: JSON.stringify({ device_id: 'apple_rn:tok-alice' }) });

        await expectStatus(403, () => bob.client.updateUserActive(alice.user.id, false));
        await expectStatus(403, () => clientFetch(bob.client, `${bob.client.getUserRoute(alice.user.id)}`, { method: 'delete' }));
        const bad = await expectStatus(400, () => clientFetch(admin.client, `${admin.client.getUserRoute(alice.user.id)}/active`, { method: 'put', body: JSON.stringify({ active: 'no' }) }));
        assert.match((bad as unknown as { detailed_error: string }).detailed_error, /^active: /);

        assert.deepEqual(await clientFetch(admin.client, admin.client.getUserRoute(alice.user.id), { method: 'delete' }), { status: 'OK' });
        assert.ok((await admin.client.getUser(alice.user.id)).delete_at > 0);
        assert.equal((await s.store.sessions.listForUser(alice.user.id)).length, 0, 'sessions (and the device) are gone');
        await expectStatus(401, () => alice.client.getMe());
        await expectStatus(401, () => newClient(s.url).login('alice', PASSWORD));

        // Self-deactivation is allowed; reactivation is not, for oneself.
        await bob.client.updateUserActive(bob.user.id, false);
        await expectStatus(401, () => newClient(s.url).login('bob', PASSWORD));

        await admin.client.updateUserActive(alice.user.id, true);
        assert.equal((await admin.client.getUser(alice.user.id)).delete_at, 0);
        const again = newClient(s.url);
        assert.equal((await again.login('alice', PASSWORD)).id, alice.user.id);
        await expectStatus(404, () => admin.client.updateUserActive('x'.repeat(26), false));
        // An admin cannot lock themselves out (there may be no other admin to undo it).
        await expectStatus(403, () => admin.client.updateUserActive(admin.user.id, false));
        assert.equal((await admin.client.getMe()).delete_at, 0);
      }));
  });
}
