// Character-safe string helpers. The anchor truncates by bytes and can cut a
// UTF-8 sequence in half; Herald counts Unicode code points so an emoji or a
// CJK character is never split (a surrogate pair is one character here).
/** Number of code points in `s`, stopping early once `limit` is exceeded. */
function codePointsUpTo(s, limit) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
            const d = s.charCodeAt(i + 1);
            if (d >= 0xdc00 && d <= 0xdfff)
                i++;
        }
        if (++n > limit)
            return n;
    }
    return n;
}
/** UTF-16 index just after the first `count` code points of `s`. */
function indexAfterCodePoints(s, count) {
    let i = 0;
    for (let n = 0; n < count && i < s.length; n++) {
        const c = s.charCodeAt(i);
        const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < s.length;
        const d = pair ? s.charCodeAt(i + 1) : 0;
        i += pair && d >= 0xdc00 && d <= 0xdfff ? 2 : 1;
    }
    return i;
}
/** Keeps at most `max` characters (code points) of `s`. */
export function truncateChars(s, max) {
    // Fast path: UTF-16 length is an upper bound on the code point count.
    if (s.length <= max)
        return s;
    if (codePointsUpTo(s, max) <= max)
        return s;
    return s.slice(0, indexAfterCodePoints(s, max));
}
/** Code point count of `s`. */
export function charLength(s) {
    return codePointsUpTo(s, Number.POSITIVE_INFINITY);
}
const ELLIPSIS = '…';
/**
 * Shortens `text` (keeping whole characters, adding "…") until `fits(candidate)`
 * holds, by binary search over the kept length. Returns the longest candidate that
 * fits, or "" when even the empty text does not fit (the caller then sends as-is
 * and lets the provider reject it).
 */
export function shrinkToFit(text, fits) {
    if (fits(text))
        return text;
    let lo = 0;
    let hi = charLength(text) - 1;
    let best = '';
    while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const candidate = truncateChars(text, mid) + ELLIPSIS;
        if (fits(candidate)) {
            best = candidate;
            lo = mid + 1;
        }
        else {
            hi = mid - 1;
        }
    }
    return best;
}
/** UTF-8 byte length of the JSON encoding of `value`. */
export function jsonByteLength(value) {
    return Buffer.byteLength(JSON.stringify(value), 'utf8');
}
//# sourceMappingURL=text.js.map