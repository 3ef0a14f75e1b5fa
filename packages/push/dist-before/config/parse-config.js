// parseConfig: raw JSON value -> validated HeraldConfig plus warnings, or a
// ConfigError listing every bad value by key path (e.g.
// "ApplePushSettings[0].AppleAuthKeyID: expected string, got number").
import { checkConfig } from './check-config.js';
import { resolveConfigPaths } from './config-paths.js';
import { joinPath, normalizeKeys } from './normalize-keys.js';
import { SECRET_KEYS } from './redact.js';
import { ConfigSchema } from './schema.js';
export class ConfigError extends Error {
    /** One "path: problem" line per issue. */
    issues;
    /** Warnings gathered before the failure (an unknown key is often the typo behind an error). */
    warnings;
    constructor(issues, source, warnings = []) {
        const where = source === undefined ? 'invalid config' : `config file ${source}`;
        super(issues.length === 1 ? `${where}: ${issues[0]}` : `${where}:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
        this.name = 'ConfigError';
        this.issues = issues;
        this.warnings = warnings;
    }
}
export function parseConfig(json, options = {}) {
    const warnings = [];
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        throw new ConfigError([`(root): expected a JSON object, got ${describe(json)}`]);
    }
    const normalized = normalizeKeys(json, warnings);
    const result = ConfigSchema.safeParse(normalized, { reportInput: true });
    if (!result.success)
        throw new ConfigError(result.error.issues.map(formatIssue), undefined, warnings);
    const config = result.data;
    const checked = checkConfig(config);
    if (checked.errors.length > 0)
        throw new ConfigError(checked.errors, undefined, [...warnings, ...checked.warnings]);
    warnings.push(...checked.warnings);
    if (options.baseDir !== undefined)
        resolveConfigPaths(config, options.baseDir);
    return { config, warnings };
}
class Redacted {
    value;
    constructor(value) {
        this.value = value;
    }
}
function describe(v) {
    if (v instanceof Redacted) {
        const t = v.value === null ? 'null' : Array.isArray(v.value) ? 'array' : typeof v.value;
        return `${t} (value hidden)`;
    }
    if (v === null)
        return 'null';
    if (Array.isArray(v))
        return 'array';
    if (typeof v === 'number')
        return `number ${String(v)}`;
    if (typeof v === 'string')
        return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
    return typeof v;
}
const EXPECTED_WORDS = { int: 'integer' };
function formatIssue(issue) {
    const path = issue.path.reduce((p, k) => joinPath(p, typeof k === 'number' ? k : String(k)), '') || '(root)';
    const last = issue.path[issue.path.length - 1];
    // Never echo a secret's value, even a mistyped one.
    const secret = typeof last === 'string' && SECRET_KEYS.has(last);
    const raw = issue.input;
    const input = secret && raw !== undefined ? new Redacted(raw) : raw;
    switch (issue.code) {
        case 'invalid_type':
            if (input === undefined)
                return `${path}: missing (required)`;
            return `${path}: expected ${EXPECTED_WORDS[issue.expected] ?? issue.expected}, got ${describe(input)}`;
        case 'invalid_value':
            return `${path}: expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(input)}`;
        case 'too_small':
            return `${path}: must be at least ${String(issue.minimum)}, got ${describe(input)}`;
        default:
            return `${path}: ${issue.message}`;
    }
}
//# sourceMappingURL=parse-config.js.map