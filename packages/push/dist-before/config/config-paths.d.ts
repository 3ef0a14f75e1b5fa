import type { HeraldConfig } from './schema.js';
/** Config keys holding a file path, per settings list ('' = top level). */
export declare const PATH_KEYS: {
    readonly '': readonly ["LogFileLocation"];
    readonly ApplePushSettings: readonly ["ApplePushCertPrivate", "AppleAuthKeyFile"];
    readonly AndroidPushSettings: readonly ["ServiceFileLocation"];
    readonly WebPushSettings: readonly ["VapidPrivateKeyFile"];
};
export interface ResolveOptions {
    /** When given and the config-relative file is missing but the cwd-relative one exists, use that. */
    exists?: (path: string) => boolean;
    cwd?: string;
}
/** Resolves relative paths in place; returns warnings about cwd fallbacks. */
export declare function resolveConfigPaths(config: HeraldConfig, baseDir: string, opts?: ResolveOptions): string[];
//# sourceMappingURL=config-paths.d.ts.map