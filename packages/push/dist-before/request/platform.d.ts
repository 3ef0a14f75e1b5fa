/** App types the anchor and the Mattermost apps use out of the box. */
export declare const BUILTIN_PLATFORMS: readonly string[];
export interface ParsedPlatform {
    /** The app type: picks the ApplePushSettings / AndroidPushSettings / WebPushSettings entry. */
    type: string;
    /** App version from the "-vN" suffix; 1 when absent, as in the anchor. */
    appVersion: number;
    /** Set when the suffix was present but not a number (the anchor logs and uses 1). */
    warning?: string;
}
/**
 * Splits `raw` into type and app version. `known` is the set of types that can be
 * served (built-ins plus configured custom types); it decides ambiguous cases:
 * a configured type that itself ends in "-v2" is used whole, and a non-numeric
 * suffix after a known type falls back to version 1 like the anchor does.
 * Returns undefined when no known type matches.
 */
export declare function parsePlatform(raw: string, known: ReadonlySet<string>): ParsedPlatform | undefined;
/** Built-in types plus any configured custom types. */
export declare function knownPlatforms(configured?: Iterable<string>): ReadonlySet<string>;
//# sourceMappingURL=platform.d.ts.map