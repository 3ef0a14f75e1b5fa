import { it } from 'node:test';
import assert from 'node:assert/strict';
import { hashPassword, verifyPassword } from './passwords.js';

const cheap = { log2N: 10, r: 8, p: 1 };

it('scrypt hashes verify the right password only, with a fresh salt each time', async () => {
  const h1 = await hashPassword('correct horse', cheap);
  const h2 = await hashPassword('correct horse', cheap);
  assert.match(h1, /^scrypt\$10\$8\$1\$/);
  assert.notEqual(h1, h2);
  assert.equal(await verifyPassword('correct horse', h1), true);
  assert.equal(await verifyPassword('wrong horse', h1), false);
  assert.equal(await verifyPassword('x', 'not-a-hash'), false);
  assert.equal(await verifyPassword('x', 'scrypt$40$8$1$AA$AA'), false, 'an absurd cost is refused, not computed');
});
