import type { ParsedConfig } from './parse-config.js';
export interface LoadedConfig extends ParsedConfig {
    /** Absolute path of the file read. */
    path: string;
}
export declare function loadConfigFile(path: string): Promise<LoadedConfig>;
/** Parses config file contents; `abs` is the file's absolute path (for messages and relative paths). */
export declare function parseConfigText(text: string, abs: string): LoadedConfig;
//# sourceMappingURL=load-config.d.ts.map