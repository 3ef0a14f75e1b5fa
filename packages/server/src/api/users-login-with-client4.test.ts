import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, usePostgres, withServer } from '../testing/engines.js';
import { PASSWORD, expectStatus, newClient, signUp } from '../testing/client4.js';

usePostgres();

for (const engine of ENGINES) {
  describe(`users with Client4 on ${engine}`, () => {
    it('the first user becomes system admin, later ones do not', () =>
      withServer(engine, async (s) => {
        const { user: admin } = await signUp(s.url, 'admin');
        const { user: other } = await signUp(s.url, 'frank');
        assert.equal(admin.roles, 'system_admin system_user');
        assert.equal(other.roles, 'system_user');
        assert.equal((admin as unknown as Record<string, unknown>).password, undefined);
      }));

    it('login returns the Token header and sets the MMAUTHTOKEN cookie; the token and the cookie both authenticate', () =>
      withServer(engine, async (s) => {
        await signUp(s.url, 'alice');
        const res = await fetch(`${s.url}/api/v4/users/login`, { method: 'POST', body: JSON.stringify({ login_id: 'alice', password: PASSWORD }) });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('content-type'), 'application/json');
        const token = res.headers.get('token');
        assert.ok(token && token.length === 26);
        const cookies = res.headers.getSetCookie();
        assert.ok(cookies.some((c) => c.startsWith(`MMAUTHTOKEN=${token};`) && c.includes('HttpOnly')));
        const byCookie = await fetch(`${s.url}/api/v4/users/me`, { headers: { cookie: `MMAUTHTOKEN=${token}` } });
        assert.equal(((await byCookie.json()) as { username: string }).username, 'alice');
        const me = await newClient(s.url, token).getMe();
        assert.equal(me.username, 'alice');
        assert.equal(me.notify_props.push, 'mention', 'default push prop is "For mentions and direct messages"');
      }));

    it('login works by email, and a wrong password or unknown user is 401 with the same error', () =>
      withServer(engine, async (s) => {
        await signUp(s.url, 'bob');
        const c = newClient(s.url);
        assert.equal((await c.login('BOB@example.com', PASSWORD)).username, 'bob');
        const e1 = await expectStatus(401, () => newClient(s.url).login('bob', 'wrong-password'));
        const e2 = await expectStatus(401, () => newClient(s.url).login('nobody', 'wrong-password'));
        assert.equal(e1.server_error_id, 'api.user.login.invalid_credentials_email_username');
        assert.equal(e1.server_error_id, e2.server_error_id);
      }));

    it('logout revokes the session', () =>
      withServer(engine, async (s) => {
        const { client } = await signUp(s.url, 'carol');
        const token = client.getToken();
        await client.logout();
        await expectStatus(401, () => newClient(s.url, token).getMe());
      }));

    it('get by id and by username; duplicates are refused', () =>
      withServer(engine, async (s) => {
        await signUp(s.url, 'admin');
        const { client, user } = await signUp(s.url, 'dave');
        const { user: erin } = await signUp(s.url, 'erin');
        assert.equal((await client.getUser(erin.id)).username, 'erin');
        assert.equal((await client.getUserByUsername('erin')).id, erin.id);
        assert.deepEqual((await client.getUser(erin.id)).notify_props, {}, "others' notify props stay private");
        assert.equal((await client.getUser(user.id)).notify_props.push, 'mention');
        await expectStatus(404, () => client.getUserByUsername('nobody'));
        const dup = await expectStatus(400, () => newClient(s.url).createUser({ username: 'dave', email: 'other@example.com', password: PASSWORD } as never, '', ''));
        assert.equal(dup.server_error_id, 'app.user.save.username_exists.app_error');
      }));

    it('patch sets notify_props push and push_status; bad values are 400; others cannot patch you', () =>
      withServer(engine, async (s) => {
        const { client, user } = await signUp(s.url, 'gina');
        const { client: other } = await signUp(s.url, 'hank');
        const patched = await client.patchMe({ notify_props: { push: 'all', push_status: 'away' } as never, nickname: 'G' });
        assert.equal(patched.notify_props.push, 'all');
        assert.equal(patched.notify_props.push_status, 'away');
        assert.equal(patched.notify_props.email, 'true', 'other props are kept');
        assert.equal((await client.getMe()).nickname, 'G');
        const bad = await expectStatus(400, () => client.patchMe({ notify_props: { push: 'sometimes' } as never }));
        assert.match(bad.detailed_error ?? '', /push/);
        await expectStatus(400, () => client.patchMe({ notify_props: { push_status: 'busy' } as never }));
        await expectStatus(403, () => other.patchUser({ id: user.id, nickname: 'x' }));
      }));
  });
}
