// Renders deploy/nginx/herald.conf (the shipped file, not a copy) for a test. Only the lines the
// file marks `# herald:NAME` change: their first value after the directive is replaced, once per
// value given (several values -> several lines, e.g. one `server` line per node; the marker
// comment is dropped). Everything else is used as shipped. Drift is loud: a marker with no value,
// a value with no marker, or a marked line of another shape is an error.
import { readFileSync } from 'node:fs';

/** deploy/nginx/herald.conf in this checkout (from dist/testing/ or src/testing/). */
export const HERALD_CONF_PATH = new URL('../../../../deploy/nginx/herald.conf', import.meta.url).pathname;

/** The markers herald.conf has, with the values a test gives them. */
export interface HeraldConfValues {
  /** `host:port` of each chat server node (upstream herald_chat). */
  'chat-node': string[];
  /** `host:port` of each push service node (upstream herald_push). */
  'push-node': string[];
  /** listen address of the chat server's HTTPS, its plain-HTTP redirect, and the push service's HTTPS. */
  'chat-listen': string[];
  'chat-http-listen': string[];
  'push-listen': string[];
  'chat-name': string[];
  'push-name': string[];
  /** PEM certificate (chain) and key files. */
  'chat-cert': string[];
  'chat-key': string[];
  'push-cert': string[];
  'push-key': string[];
}

// indentation + directive + spaces | first value | the rest up to the marker | the marker's name
const MARKED = /^(\s*[a-z_]+\s+)([^\s;]+)([^#]*?)\s*#\s*herald:([a-z0-9-]+)\s*$/;

export function renderMarkedConf(text: string, values: Record<string, string[]>): string {
  const used = new Set<string>();
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    // Comment lines may mention markers; only a directive carries one.
    if (line.trimStart().startsWith('#') || !/#\s*herald:/.test(line)) return void out.push(line);
    const m = MARKED.exec(line);
    if (!m) throw new Error(`herald.conf line ${i + 1}: a marked line must be "directive VALUE …; # herald:NAME": ${line.trim()}`);
    const [, head, , rest, name] = m as unknown as [string, string, string, string, string];
    const vals = values[name];
    if (!vals) throw new Error(`herald.conf line ${i + 1}: no value given for marker herald:${name}`);
    if (vals.length === 0) throw new Error(`herald.conf line ${i + 1}: herald:${name} needs at least one value`);
    used.add(name);
    for (const v of vals) out.push(head + v + rest);
  });
  const unused = Object.keys(values).filter((k) => !used.has(k));
  if (unused.length) throw new Error(`herald.conf has no line marked ${unused.map((k) => `herald:${k}`).join(', ')}`);
  return out.join('\n');
}

export function renderHeraldConf(values: HeraldConfValues, path = HERALD_CONF_PATH): string {
  return renderMarkedConf(readFileSync(path, 'utf8'), values as unknown as Record<string, string[]>);
}
