// Platform strings on the wire are an app "type" (which settings entry to use)
// with an optional "-vN" suffix carrying the app version, e.g. "apple_rn-v2".
/** App types the anchor and the Mattermost apps use out of the box. */
export const BUILTIN_PLATFORMS = Object.freeze([
    'apple',
    'apple_rn',
    'apple_rnbeta',
    'android',
    'android_rn',
    'webpush',
]);
const SUFFIX = /^(.+)-v(\d{1,9})$/;
/**
 * Splits `raw` into type and app version. `known` is the set of types that can be
 * served (built-ins plus configured custom types); it decides ambiguous cases:
 * a configured type that itself ends in "-v2" is used whole, and a non-numeric
 * suffix after a known type falls back to version 1 like the anchor does.
 * Returns undefined when no known type matches.
 */
export function parsePlatform(raw, known) {
    if (known.has(raw))
        return { type: raw, appVersion: 1 };
    const m = SUFFIX.exec(raw);
    if (m && known.has(m[1])) {
        return { type: m[1], appVersion: Number(m[2]) };
    }
    const cut = raw.lastIndexOf('-v');
    if (cut > 0 && known.has(raw.slice(0, cut))) {
        return {
            type: raw.slice(0, cut),
            appVersion: 1,
            warning: `platform "${raw}": app version "${raw.slice(cut + 2)}" is not a number, using 1`,
        };
    }
    return undefined;
}
/** Built-in types plus any configured custom types. */
export function knownPlatforms(configured = []) {
    return new Set([...BUILTIN_PLATFORMS, ...configured]);
}
//# sourceMappingURL=platform.js.map