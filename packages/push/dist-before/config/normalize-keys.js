// Brings raw config JSON to the canonical key spelling before zod sees it.
// Go's encoding/json (the anchor) matches keys case-insensitively and treats
// null as "leave the default", so a config the anchor accepted may spell keys
// differently; Herald accepts the same files and warns where it had to guess.
// Unknown keys are dropped with a warning naming their path, never an error.
import { KEY_ALIASES, SETTINGS_LISTS } from './schema.js';
import { ConfigSchema } from './schema.js';
function levelOf(shape) {
    return { known: Object.keys(shape) };
}
const TOP = {
    known: Object.keys(ConfigSchema.shape),
    lists: Object.fromEntries(Object.keys(SETTINGS_LISTS).map((k) => [k, levelOf(SETTINGS_LISTS[k].shape)])),
};
export function isRecord(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
/** `a.b[0].c` style path used in every config message. */
export function joinPath(prefix, key) {
    if (typeof key === 'number')
        return `${prefix}[${key}]`;
    return prefix === '' ? key : `${prefix}.${key}`;
}
/**
 * Returns a copy of `raw` with canonical keys only. Non-object input is returned
 * unchanged for the schema to reject with a proper message.
 */
export function normalizeKeys(raw, warnings) {
    return isRecord(raw) ? normalizeObject(raw, TOP, '', warnings) : raw;
}
function normalizeObject(obj, level, path, warnings) {
    const byLower = new Map(level.known.map((k) => [k.toLowerCase(), k]));
    // Null prototype: even a key named "__proto__" is a plain data property here.
    const out = Object.create(null);
    const seenAs = new Map();
    for (const key of Object.keys(obj)) {
        const here = joinPath(path, key);
        const value = obj[key];
        const canonical = canonicalKey(key, level, byLower);
        if (canonical === undefined) {
            warnings.push(`${here}: unknown key (ignored)`);
            continue;
        }
        if (canonical !== key && !Object.hasOwn(KEY_ALIASES, key)) {
            warnings.push(`${here}: matched "${canonical}" ignoring case; please spell it "${canonical}"`);
        }
        const earlier = seenAs.get(canonical);
        if (earlier !== undefined) {
            warnings.push(`${here}: also given as "${earlier}"; the later one wins`);
        }
        seenAs.set(canonical, key);
        if (value === null) {
            delete out[canonical];
            continue;
        }
        const sub = level.lists?.[canonical];
        out[canonical] =
            sub !== undefined && Array.isArray(value)
                ? value.map((el, i) => (isRecord(el) ? normalizeObject(el, sub, joinPath(here, i), warnings) : el))
                : value;
    }
    // Back to an ordinary object so zod and callers see a normal prototype.
    return { ...out };
}
function canonicalKey(key, level, byLower) {
    if (level.known.includes(key))
        return key;
    const alias = Object.hasOwn(KEY_ALIASES, key) ? KEY_ALIASES[key] : undefined;
    if (alias !== undefined && level.known.includes(alias))
        return alias;
    const ci = byLower.get(key.toLowerCase());
    if (ci !== undefined)
        return ci;
    // Aliases are case-insensitive too (e.g. "vapidpublickey", "subscriber").
    for (const [a, target] of Object.entries(KEY_ALIASES)) {
        if (a.toLowerCase() === key.toLowerCase() && level.known.includes(target))
            return target;
    }
    return undefined;
}
//# sourceMappingURL=normalize-keys.js.map