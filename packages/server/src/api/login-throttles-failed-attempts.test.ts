import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ENGINES, usePostgres, withServer } from '../testing/engines.js';
import { PASSWORD, expectStatus, newClient, signUp } from '../testing/client4.js';

usePostgres();

for (const engine of ENGINES) {
  describe(`login rate limiting on ${engine}`, () => {
    it('after 10 failed logins in a minute the account gets 429 (by username or email) until the minute passes', async () => {
      let t = Date.now();
      await withServer(
        engine,
        async (s) => {
          await signUp(s.url, 'alice');
          await signUp(s.url, 'bob');
          for (let i = 0; i < 10; i++) await expectStatus(401, () => newClient(s.url).login(i % 2 ? 'alice' : 'ALICE@example.com', 'wrong-password'));
          const e = await expectStatus(429, () => newClient(s.url).login('alice', PASSWORD));
          assert.equal(e.server_error_id, 'api.user.check_user_login_attempts.too_many.app_error');
          await expectStatus(429, () => newClient(s.url).login('alice@example.com', PASSWORD));
          const res = await fetch(`${s.url}/api/v4/users/login`, { method: 'POST', body: JSON.stringify({ login_id: 'alice', password: PASSWORD }) });
          assert.equal(res.status, 429);
          assert.ok(Number(res.headers.get('retry-after')) >= 1);
          assert.equal(((await res.json()) as { status_code: number }).status_code, 429);

          assert.equal((await newClient(s.url).login('bob', PASSWORD)).username, 'bob', 'other accounts are not affected');
          t += 61_000;
          assert.equal((await newClient(s.url).login('alice', PASSWORD)).username, 'alice');
        },
        { now: () => t },
      );
    });

    it('a successful login clears the count; parallel guesses cannot overrun the budget; unknown ids are limited too', () =>
      withServer(engine, async (s) => {
        await signUp(s.url, 'carol');
        for (let i = 0; i < 9; i++) await expectStatus(401, () => newClient(s.url).login('carol', 'wrong-password'));
        await newClient(s.url).login('carol', PASSWORD);
        for (let i = 0; i < 9; i++) await expectStatus(401, () => newClient(s.url).login('carol', 'wrong-password'));
        await newClient(s.url).login('carol', PASSWORD);

        const results = await Promise.allSettled(Array.from({ length: 20 }, () => newClient(s.url).login('carol', 'wrong-password')));
        const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { status_code: number }).status_code : 200));
        assert.equal(codes.filter((c) => c === 401).length, 10, codes.join(','));
        assert.equal(codes.filter((c) => c === 429).length, 10);

        for (let i = 0; i < 10; i++) await expectStatus(401, () => newClient(s.url).login('nobody', 'wrong-password'));
        await expectStatus(429, () => newClient(s.url).login('nobody', 'wrong-password'));
      }));
  });
}
