import type { HeraldConfig } from './schema.js';
export declare class ConfigError extends Error {
    /** One "path: problem" line per issue. */
    readonly issues: readonly string[];
    /** Warnings gathered before the failure (an unknown key is often the typo behind an error). */
    readonly warnings: readonly string[];
    constructor(issues: readonly string[], source?: string, warnings?: readonly string[]);
}
export interface ParsedConfig {
    config: HeraldConfig;
    warnings: string[];
}
export interface ParseConfigOptions {
    /** Directory that relative file paths resolve against (the config file's directory). */
    baseDir?: string;
}
export declare function parseConfig(json: unknown, options?: ParseConfigOptions): ParsedConfig;
//# sourceMappingURL=parse-config.d.ts.map