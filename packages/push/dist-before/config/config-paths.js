// File paths inside the config. Herald resolves relative paths against the
// config file's directory, so `herald push --config /etc/herald/push.json` works
// from any working directory. The anchor resolved them against its working
// directory instead; loadConfigFile keeps such configs working (see fallback).
import { isAbsolute, resolve } from 'node:path';
import { joinPath } from './normalize-keys.js';
/** Config keys holding a file path, per settings list ('' = top level). */
export const PATH_KEYS = {
    '': ['LogFileLocation'],
    ApplePushSettings: ['ApplePushCertPrivate', 'AppleAuthKeyFile'],
    AndroidPushSettings: ['ServiceFileLocation'],
    WebPushSettings: ['VapidPrivateKeyFile'],
};
/** Resolves relative paths in place; returns warnings about cwd fallbacks. */
export function resolveConfigPaths(config, baseDir, opts = {}) {
    const warnings = [];
    const fix = (holder, key, path) => {
        const value = holder[key];
        if (typeof value !== 'string' || value === '' || isAbsolute(value))
            return;
        const fromConfig = resolve(baseDir, value);
        if (opts.exists !== undefined && !opts.exists(fromConfig)) {
            const fromCwd = resolve(opts.cwd ?? process.cwd(), value);
            if (fromCwd !== fromConfig && opts.exists(fromCwd)) {
                warnings.push(`${path}: "${value}" found relative to the working directory (${fromCwd}), not the config directory; ` +
                    'write an absolute path or one relative to the config file');
                holder[key] = fromCwd;
                return;
            }
        }
        holder[key] = fromConfig;
    };
    for (const key of PATH_KEYS[''])
        fix(config, key, key);
    for (const list of ['ApplePushSettings', 'AndroidPushSettings', 'WebPushSettings']) {
        config[list].forEach((entry, i) => {
            for (const key of PATH_KEYS[list]) {
                fix(entry, key, joinPath(joinPath(list, i), key));
            }
        });
    }
    return warnings;
}
//# sourceMappingURL=config-paths.js.map