import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, usePostgres, withServer, type TestServer } from '../testing/engines.js';
import { signUp } from '../testing/client4.js';

usePostgres();

async function raw(s: TestServer, method: string, path: string, opts: { token?: string; body?: string | Buffer; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${s.url}/api/v4${path}`, {
    method,
    headers: { ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers },
    ...(opts.body !== undefined ? { body: opts.body } : {}),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    /* not JSON: the assertion below reports it */
  }
  return { status: res.status, json, text, type: res.headers.get('content-type') };
}

function assertMmError(r: Awaited<ReturnType<typeof raw>>, status: number, idPattern?: RegExp) {
  assert.equal(r.status, status, r.text);
  assert.equal(r.type, 'application/json');
  assert.equal(r.json.status_code, status);
  assert.equal(typeof r.json.id, 'string');
  assert.equal(typeof r.json.message, 'string');
  assert.equal(typeof r.json.request_id, 'string');
  if (idPattern) assert.match(String(r.json.id), idPattern);
}

for (const engine of ENGINES) {
  describe(`hostile input on ${engine}`, () => {
    it('is answered with Mattermost-style 4xx errors, never a 500', () =>
      withServer(engine, async (s) => {
        const { client, user } = await signUp(s.url, 'alice');
        const token = client.getToken();
        const team = await client.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
        const ts = await client.getChannelByName(team.id, 'town-square');

        assertMmError(await raw(s, 'GET', '/users/me'), 401, /session_expired/);
        assertMmError(await raw(s, 'GET', '/users/me', { token: 'garbage' }), 401);
        assertMmError(await raw(s, 'POST', '/posts', { body: '{"channel_id":"x"}' }), 401);
        assertMmError(await raw(s, 'GET', '/no/such/route', { token }), 404);

        assertMmError(await raw(s, 'POST', '/users', { body: '{"username": "bob",' }), 400, /invalid_body/);
        assertMmError(await raw(s, 'POST', '/users', { body: '[1,2,3]' }), 400);
        assertMmError(await raw(s, 'POST', '/users', { body: '"just a string"' }), 400);
        assertMmError(await raw(s, 'POST', '/users', { body: '{}' }), 400);
        assertMmError(await raw(s, 'POST', '/users', { body: JSON.stringify({ username: 42, email: 'a@b.c', password: 'long-enough' }) }), 400);
        assertMmError(await raw(s, 'POST', '/users', { body: JSON.stringify({ username: 'all', email: 'a@b.c', password: 'long-enough' }) }), 400);
        assertMmError(await raw(s, 'POST', '/users', { body: '{"__proto__": {"roles": "system_admin"}, "username": "eve"}' }), 400);
        assertMmError(await raw(s, 'POST', '/users/login', { body: '' }), 400);
        assertMmError(await raw(s, 'POST', '/users/login', { body: JSON.stringify({ login_id: ['alice'], password: {} }) }), 400);

        assertMmError(await raw(s, 'POST', '/posts', { token, body: JSON.stringify({ channel_id: ts.id }) }), 400);
        assertMmError(await raw(s, 'POST', '/posts', { token, body: JSON.stringify({ channel_id: ts.id, message: 'x'.repeat(16384) }) }), 400);
        assertMmError(await raw(s, 'POST', '/posts', { token, body: JSON.stringify({ channel_id: ts.id, message: 'x', root_id: 12 }) }), 400);
        assertMmError(await raw(s, 'POST', '/posts', { token, body: Buffer.alloc(2 * 1024 * 1024, 0x41) }), 413);
        assertMmError(await raw(s, 'POST', '/channels/direct', { token, body: JSON.stringify([user.id]) }), 400);
        assertMmError(await raw(s, 'GET', '/channels/not-an-id', { token }), 400, /invalid_url_param/);
        assertMmError(await raw(s, 'GET', `/channels/${ts.id}/posts?page=-1`, { token }), 400);
        assertMmError(await raw(s, 'GET', `/channels/${ts.id}/posts?per_page=abc`, { token }), 400);
        assertMmError(await raw(s, 'PUT', '/users/me/patch', { token, body: JSON.stringify({ notify_props: 'all' }) }), 400);
        assertMmError(await raw(s, 'POST', `/teams/${team.id}/members`, { token, body: JSON.stringify({ team_id: ts.id, user_id: user.id }) }), 400);

        const fine = await raw(s, 'GET', `/channels/${ts.id}/posts`, { token });
        assert.equal(fine.status, 200);
      }));

    it("other users' channels are 403, whether or not they exist", () =>
      withServer(engine, async (s) => {
        const a = await signUp(s.url, 'alice');
        const b = await signUp(s.url, 'bob');
        const team = await a.client.createTeam({ name: 'demo', display_name: 'Demo', type: 'O' } as never);
        const ts = await a.client.getChannelByName(team.id, 'town-square');
        const post = await a.client.createPost({ channel_id: ts.id, message: 'mine' } as never);
        const tb = b.client.getToken();
        assertMmError(await raw(s, 'GET', `/channels/${ts.id}`, { token: tb }), 403, /permissions/);
        assertMmError(await raw(s, 'GET', `/channels/${ts.id}/posts`, { token: tb }), 403);
        assertMmError(await raw(s, 'GET', `/posts/${post.id}`, { token: tb }), 403);
        assertMmError(await raw(s, 'GET', `/posts/${post.id}/thread`, { token: tb }), 403);
        assertMmError(await raw(s, 'POST', '/posts', { token: tb, body: JSON.stringify({ channel_id: ts.id, message: 'intrude' }) }), 403);
        assertMmError(await raw(s, 'POST', '/posts', { token: tb, body: JSON.stringify({ channel_id: 'a'.repeat(26), message: 'x' }) }), 403);
        assertMmError(await raw(s, 'POST', '/channels/members/me/view', { token: tb, body: JSON.stringify({ channel_id: ts.id }) }), 403);
        assertMmError(await raw(s, 'GET', `/users/${a.user.id}/sessions`, { token: tb }), 403);
      }));

    it('a cookie session cannot write without the CSRF header', () =>
      withServer(engine, async (s) => {
        const { client } = await signUp(s.url, 'alice');
        const cookie = `MMAUTHTOKEN=${client.getToken()}`;
        const body = JSON.stringify({ name: 'demo', display_name: 'Demo', type: 'O' });
        assertMmError(await raw(s, 'POST', '/teams', { body, headers: { cookie } }), 401);
        const ok = await raw(s, 'POST', '/teams', { body, headers: { cookie, 'x-requested-with': 'XMLHttpRequest' } });
        assert.equal(ok.status, 201, ok.text);
      }));
  });
}
