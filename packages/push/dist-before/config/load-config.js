// Reads a config file from disk: clear errors for a missing/unreadable file and
// for invalid JSON (with line and column), then parseConfig, then relative paths
// resolved against the file's directory.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { resolveConfigPaths } from './config-paths.js';
import { locateJsonError } from './json-position.js';
import { ConfigError, parseConfig } from './parse-config.js';
export async function loadConfigFile(path) {
    const abs = resolve(path);
    let text;
    try {
        text = await readFile(abs, 'utf8');
    }
    catch (err) {
        throw new ConfigError([readProblem(err)], abs);
    }
    return parseConfigText(text, abs);
}
/** Parses config file contents; `abs` is the file's absolute path (for messages and relative paths). */
export function parseConfigText(text, abs) {
    const warnings = [];
    if (text.charCodeAt(0) === 0xfeff) {
        // Editors on Windows add a BOM; Go would reject it, Herald just says so.
        text = text.slice(1);
        warnings.push('file starts with a byte order mark (ignored)');
    }
    let json;
    try {
        json = JSON.parse(text);
    }
    catch (err) {
        const at = locateJsonError(text);
        const where = at === undefined ? err.message : `line ${at.line}, column ${at.column}: ${at.problem}`;
        throw new ConfigError([`invalid JSON at ${where}`], abs);
    }
    let parsed;
    try {
        parsed = parseConfig(json);
    }
    catch (err) {
        if (err instanceof ConfigError)
            throw new ConfigError(err.issues, abs, [...warnings, ...err.warnings]);
        throw err;
    }
    warnings.push(...parsed.warnings);
    warnings.push(...resolveConfigPaths(parsed.config, dirname(abs), { exists: existsSync }));
    return { config: parsed.config, warnings, path: abs };
}
function readProblem(err) {
    const code = err.code;
    switch (code) {
        case 'ENOENT':
            return 'file not found';
        case 'EISDIR':
            return 'is a directory, expected a JSON file';
        case 'EACCES':
        case 'EPERM':
            return 'permission denied';
        default:
            return `cannot read file: ${err.message}`;
    }
}
//# sourceMappingURL=load-config.js.map