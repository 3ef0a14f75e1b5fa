// Behind nginx every request comes from nginx's address. With trustedProxies the server takes the
// client's address and scheme from X-Forwarded-For/-Proto — only from those proxies: anyone else
// could forge them to dodge a per-address throttle or fake https.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { withServer } from '../testing/engines.js';
import { PASSWORD, signUp } from '../testing/client4.js';

async function loginCookies(url: string, headers: Record<string, string>): Promise<string[]> {
  const res = await fetch(`${url}/api/v4/users/login`, { method: 'POST', headers, body: JSON.stringify({ login_id: 'alice', password: PASSWORD }) });
  assert.equal(res.status, 200);
  return res.headers.getSetCookie();
}

/** POST /system/server_check until it answers 429; the number of checks allowed. */
async function checksAllowed(url: string, headers: Record<string, string>): Promise<number> {
  for (let n = 0; n < 40; n++) {
    const res = await fetch(`${url}/api/v4/system/server_check`, { method: 'POST', headers, body: JSON.stringify({ url: 'http://127.0.0.1:1' }) });
    await res.arrayBuffer();
    if (res.status === 429) return n;
  }
  return Infinity;
}

describe('forwarded headers', () => {
  it('from a trusted proxy: Secure cookies for X-Forwarded-Proto https, the throttle counts each forwarded client', () =>
    withServer(
      'sqlite',
      async (s) => {
        await signUp(s.url, 'alice');
        const cookies = await loginCookies(s.url, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.7' });
        assert.ok(cookies.some((c) => c.startsWith('MMAUTHTOKEN=') && /;\s*Secure/i.test(c)), cookies.join('\n'));
        const plain = await loginCookies(s.url, {});
        assert.ok(!plain.some((c) => /;\s*Secure/i.test(c)), 'no Secure over plain http');
        assert.equal(await checksAllowed(s.url, { 'x-forwarded-for': '203.0.113.7' }), 30);
        assert.equal(await checksAllowed(s.url, { 'x-forwarded-for': '203.0.113.8' }), 30, 'another client has its own budget');
      },
      { trustedProxies: ['127.0.0.1'] },
    ));

  it('from anyone else: ignored', () =>
    withServer('sqlite', async (s) => {
      await signUp(s.url, 'alice');
      const cookies = await loginCookies(s.url, { 'x-forwarded-proto': 'https' });
      assert.ok(!cookies.some((c) => /;\s*Secure/i.test(c)), 'a forged X-Forwarded-Proto does not count');
      assert.equal(await checksAllowed(s.url, { 'x-forwarded-for': '203.0.113.7' }), 30);
      assert.equal(await checksAllowed(s.url, { 'x-forwarded-for': '203.0.113.8' }), 0, 'a forged X-Forwarded-For gets no fresh budget');
    }));
});
