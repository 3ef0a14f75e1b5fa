// Mattermost-style identifiers: 26 characters of base32 (its own alphabet) over 128 random bits.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

/** A new random id, e.g. for users, posts, sessions; also used as an unguessable session token. */
export function newId(): string {
  const bytes = randomBytes(16);
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

const ID_PATTERN = /^[a-z0-9]{26}$/;

export function isId(s: string): boolean {
  return ID_PATTERN.test(s);
}
