// Who a message mentions, with Mattermost's rules: @username of a channel member (trailing
// punctuation ignored, case-insensitive), @channel / @all for everyone, @here for members who are
// online; nothing inside code spans or fenced code blocks counts. Pure: no I/O.

export interface MentionCandidate {
  id: string;
  username: string;
}

export interface Mentions {
  /** Users named explicitly with @username (never the author). */
  userIds: Set<string>;
  channel: boolean;
  all: boolean;
  here: boolean;
}

const WORD = /@([a-z0-9][a-z0-9._-]*)/gi;

function stripCode(message: string): string {
  return message.replace(/```[\s\S]*?(```|$)/g, ' ').replace(/`[^`\n]*`/g, ' ');
}

/** Every username a message might mention (with trailing punctuation variants), to look up. */
export function mentionWords(message: string): string[] {
  const words = new Set<string>();
  for (const match of stripCode(message).matchAll(WORD)) {
    let word = match[1]!.toLowerCase();
    words.add(word);
    while (/[._-]$/.test(word)) {
      word = word.slice(0, -1);
      words.add(word);
    }
  }
  for (const special of ['channel', 'all', 'here']) words.delete(special);
  return [...words].slice(0, 200);
}

export function findMentions(message: string, members: readonly MentionCandidate[], authorId: string): Mentions {
  const byName = new Map(members.map((m) => [m.username.toLowerCase(), m.id]));
  const out: Mentions = { userIds: new Set(), channel: false, all: false, here: false };
  const text = stripCode(message);
  for (const match of text.matchAll(WORD)) {
    const before = match.index === 0 ? '' : text[(match.index ?? 1) - 1] ?? '';
    if (/[a-z0-9_]/i.test(before)) continue; // e.g. an email address
    let word = match[1]!.toLowerCase();
    for (;;) {
      if (word === 'channel') out.channel = true;
      else if (word === 'all') out.all = true;
      else if (word === 'here') out.here = true;
      else {
        const id = byName.get(word);
        if (id !== undefined) {
          if (id !== authorId) out.userIds.add(id);
        } else if (/[._-]$/.test(word)) {
          word = word.slice(0, -1);
          continue;
        }
      }
      break;
    }
  }
  return out;
}

/** Everyone whose mention count goes up: explicit names, plus everyone for @channel/@all, plus the online for @here. */
export function mentionedUserIds(m: Mentions, memberIds: readonly string[], authorId: string, isOnline: (userId: string) => boolean): string[] {
  const ids = new Set(m.userIds);
  for (const id of memberIds) {
    if (id === authorId) continue;
    if (m.channel || m.all || (m.here && isOnline(id))) ids.add(id);
  }
  return [...ids];
}
