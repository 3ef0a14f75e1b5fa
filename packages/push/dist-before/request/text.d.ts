/** Keeps at most `max` characters (code points) of `s`. */
export declare function truncateChars(s: string, max: number): string;
/** Code point count of `s`. */
export declare function charLength(s: string): number;
/**
 * Shortens `text` (keeping whole characters, adding "…") until `fits(candidate)`
 * holds, by binary search over the kept length. Returns the longest candidate that
 * fits, or "" when even the empty text does not fit (the caller then sends as-is
 * and lets the provider reject it).
 */
export declare function shrinkToFit(text: string, fits: (candidate: string) => boolean): string;
/** UTF-8 byte length of the JSON encoding of `value`. */
export declare function jsonByteLength(value: unknown): number;
//# sourceMappingURL=text.d.ts.map