// Session tokens: random 128-bit ids handed to the client; only their sha256 is stored.
import { createHash } from 'node:crypto';
import { newId } from '../ids.js';

export function newSessionToken(): string {
  return newId();
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
