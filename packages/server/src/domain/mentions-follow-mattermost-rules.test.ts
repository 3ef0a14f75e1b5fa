import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { findMentions, mentionedUserIds, mentionWords } from './mentions.js';

const members = [
  { id: 'a', username: 'alice' },
  { id: 'b', username: 'bob.smith' },
  { id: 'c', username: 'carol' },
];

describe('mentions', () => {
  it('find @username case-insensitively, ignoring trailing punctuation', () => {
    const m = findMentions('Hi @Alice, and @bob.smith. also @carol!', members, 'x');
    assert.deepEqual([...m.userIds].sort(), ['a', 'b', 'c']);
  });

  it('never count the author, emails or code', () => {
    const m = findMentions('@alice mail me at x@carol.com `@bob.smith` ```\n@carol\n```', members, 'a');
    assert.deepEqual([...m.userIds], []);
  });

  it('see @channel, @all and @here, and spread them to members', () => {
    const m = findMentions('@here and @channel', members, 'a');
    assert.equal(m.here, true);
    assert.equal(m.channel, true);
    assert.deepEqual(mentionedUserIds(m, ['a', 'b', 'c'], 'a', () => false).sort(), ['b', 'c']);
    const here = findMentions('@here', members, 'a');
    assert.deepEqual(mentionedUserIds(here, ['a', 'b', 'c'], 'a', (id) => id === 'c'), ['c']);
  });

  it('list lookup words with punctuation variants', () => {
    assert.deepEqual(mentionWords('@bob.smith. @all'), ['bob.smith.', 'bob.smith']);
  });
});
