// File paths inside the config. Herald resolves relative paths against the
// config file's directory, so `herald push --config /etc/herald/push.json` works
// from any working directory. The anchor resolved them against its working
// directory instead; loadConfigFile keeps such configs working (see fallback).

import { isAbsolute, resolve } from 'node:path';
import type { HeraldConfig } from './schema.js';
import { joinPath } from './normalize-keys.js';

/** Config keys holding a file path, per settings list ('' = top level). */
export const PATH_KEYS = {
  '': ['LogFileLocation', 'TLSCertFile', 'TLSKeyFile', 'HostedKeysFile'],
  ApplePushSettings: ['ApplePushCertPrivate', 'AppleAuthKeyFile'],
  AndroidPushSettings: ['ServiceFileLocation'],
  WebPushSettings: ['VapidPrivateKeyFile'],
} as const;

export interface ResolveOptions {
  /** When given and the config-relative file is missing but the cwd-relative one exists, use that. */
  exists?: (path: string) => boolean;
  cwd?: string;
}

/** Resolves relative paths in place; returns warnings about cwd fallbacks. */
export function resolveConfigPaths(config: HeraldConfig, baseDir: string, opts: ResolveOptions = {}): string[] {
  const warnings: string[] = [];
  const fix = (holder: Record<string, unknown>, key: string, path: string): void => {
    const value = holder[key];
    if (typeof value !== 'string' || value === '' || isAbsolute(value)) return;
    const fromConfig = resolve(baseDir, value);
    if (opts.exists !== undefined && !opts.exists(fromConfig)) {
      const fromCwd = resolve(opts.cwd ?? process.cwd(), value);
      if (fromCwd !== fromConfig && opts.exists(fromCwd)) {
        warnings.push(
          `${path}: "${value}" found relative to the working directory (${fromCwd}), not the config directory; ` +
            'write an absolute path or one relative to the config file',
        );
        holder[key] = fromCwd;
        return;
      }
    }
    holder[key] = fromConfig;
  };
  for (const key of PATH_KEYS['']) fix(config as unknown as Record<string, unknown>, key, key);
  for (const list of ['ApplePushSettings', 'AndroidPushSettings', 'WebPushSettings'] as const) {
    config[list].forEach((entry, i) => {
      for (const key of PATH_KEYS[list]) {
        fix(entry as unknown as Record<string, unknown>, key, joinPath(joinPath(list, i), key));
      }
    });
  }
  return warnings;
}
