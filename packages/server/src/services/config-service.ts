// The System Console's config: implements ConfigSource (config/server-config.ts) over the store's
// config repo. Values are validated with zod, the push server type rules are applied, the result
// is persisted and every listener is told.
//
// Storage: one row per section (ServiceSettings, EmailSettings, …) holding only the fields that
// differ from the defaults. Defaults come from the environment at each start (e.g. `herald start`
// points TPNS/HPNS at the push service it started), so a field the admin never changed follows
// them, while anything the admin set sticks. The derived PushNotificationServer of TPNS/HPNS is
// re-derived on every load.
import type { Logger } from 'pino';
import { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { Store } from '../store/store.js';
import type { ConfigSource, ServerConfig } from '../config/server-config.js';

export const PUSH_CONTENTS = ['generic_no_channel', 'generic', 'full', 'id_loaded'] as const;
export const PUSH_SERVER_TYPES = ['off', 'mhpns', 'mtpns', 'custom'] as const;
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

const SECTIONS = ['ServiceSettings', 'EmailSettings', 'LogSettings', 'HeraldSettings'] as const;
type Section = (typeof SECTIONS)[number];

export function isHttpUrl(v: string): boolean {
  if (v.length > 2048) return false;
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

const httpUrl = z.string().max(2048).refine(isHttpUrl, 'must be an http or https URL');
const logLevel = z
  .string()
  .max(16)
  .transform((s) => s.toUpperCase())
  .pipe(z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }));

/** What a save may carry: any subset of the known settings; unknown sections and fields are ignored. */
export const configInput = z
  .object({
    ServiceSettings: z.object({ SiteURL: z.union([z.literal(''), httpUrl]) }).partial(),
    EmailSettings: z
      .object({
        SendPushNotifications: z.boolean(),
        PushNotificationServer: z.string().max(2048),
        PushNotificationServerType: z.enum(PUSH_SERVER_TYPES, { message: `must be one of ${PUSH_SERVER_TYPES.join(', ')}` }),
        PushNotificationContents: z.enum(PUSH_CONTENTS, { message: `must be one of ${PUSH_CONTENTS.join(', ')}` }),
      })
      .partial(),
    LogSettings: z.object({ EnableConsole: z.boolean(), ConsoleLevel: logLevel, EnableFile: z.boolean(), FileLevel: logLevel }).partial(),
    HeraldSettings: z.object({ TestPushServiceURL: httpUrl, HostedPushServiceURL: httpUrl, HostedPushTermsAccepted: z.boolean() }).partial(),
  })
  .partial();

export type ConfigInput = z.output<typeof configInput>;

export interface ConfigService extends ConfigSource {
  /** Validates `input` (a whole or partial config), applies the push rules, persists, notifies. */
  save(input: unknown): Promise<ServerConfig>;
  /** False when this start found no stored config (a first start). */
  readonly wasStored: boolean;
  /** Re-reads the stored config (another node saved it); listeners hear of it when it changed. */
  reload(): Promise<ServerConfig>;
}

export interface ConfigServiceOptions {
  store: Store;
  logger: Logger;
  /** The defaults of this start (defaultServerConfig with the environment's URLs). */
  defaults: ServerConfig;
  /** Saved on a first start only (no config stored yet); goes through the same validation. */
  initial?: ((defaults: ServerConfig) => ServerConfig) | undefined;
  /** Whether a valid license is installed now (HPNS needs one). */
  isLicensed(): boolean;
  /** Called after each save is stored (not after a reload): the cluster tells the other nodes. */
  saved?: (() => void) | undefined;
}

function clone(c: ServerConfig): ServerConfig {
  return structuredClone(c);
}

function deepFreeze<T extends object>(o: T): Readonly<T> {
  for (const v of Object.values(o)) if (v && typeof v === 'object') deepFreeze(v as object);
  return Object.freeze(o);
}

function parseError(err: z.ZodError): AppError {
  const issue = err.issues[0];
  const path = issue?.path.join('.') ?? '';
  const detail = `${path || 'config'}: ${issue?.message ?? 'invalid'}`;
  if (path === 'EmailSettings.PushNotificationContents') return new AppError('configPushContentsInvalid', detail);
  if (path === 'EmailSettings.PushNotificationServer') return new AppError('configPushServerInvalid', detail);
  return new AppError('configInvalid', detail);
}

function merge(base: ServerConfig, input: ConfigInput): ServerConfig {
  const next = clone(base);
  for (const section of SECTIONS) {
    const patch = input[section];
    if (!patch) continue;
    for (const [k, v] of Object.entries(patch)) {
      if (v !== undefined && Object.hasOwn(next[section], k)) (next[section] as Record<string, unknown>)[k] = v;
    }
  }
  return next;
}

/** Mattermost's PushNotificationServerType rules; the derived URL is re-derived on every load too. */
function derive(c: ServerConfig): ServerConfig {
  const e = c.EmailSettings;
  switch (e.PushNotificationServerType) {
    case 'off':
      e.SendPushNotifications = false;
      break;
    case 'mtpns':
      e.PushNotificationServer = c.HeraldSettings.TestPushServiceURL;
      break;
    case 'mhpns':
      e.PushNotificationServer = c.HeraldSettings.HostedPushServiceURL;
      break;
    case 'custom':
      break;
  }
  return c;
}

function diff(c: ServerConfig, defaults: ServerConfig): Record<Section, Record<string, unknown>> {
  const out = {} as Record<Section, Record<string, unknown>>;
  for (const section of SECTIONS) {
    out[section] = {};
    for (const [k, v] of Object.entries(c[section])) {
      if ((defaults[section] as Record<string, unknown>)[k] !== v) out[section][k] = v;
    }
  }
  return out;
}

export async function createConfigService(opts: ConfigServiceOptions): Promise<ConfigService> {
  const { store, logger } = opts;
  const defaults = deepFreeze(clone(opts.defaults));
  const listeners = new Set<(c: ServerConfig) => void>();

  // Load: stored fields over the defaults; a stored field that no longer validates falls back
  // to its default (logged), so a bad row never keeps the server from starting.
  async function load(): Promise<{ config: ServerConfig; stored: boolean }> {
    const stored: Partial<Record<Section, unknown>> = {};
    for (const section of SECTIONS) {
      const v = await store.config.get(section);
      if (v !== undefined) stored[section] = v;
    }
    let loaded = clone(defaults);
    for (const section of SECTIONS) {
      const raw = stored[section];
      if (raw === undefined) continue;
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        logger.warn(`stored config section ${section} ignored: not an object`);
        continue;
      }
      for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
        const r = configInput.safeParse({ [section]: { [k]: v } });
        if (r.success) loaded = merge(loaded, r.data);
        else logger.warn(`stored config ${section}.${k} ignored: ${r.error.issues[0]?.message ?? 'invalid'}`);
      }
    }
    return { config: derive(loaded), stored: Object.keys(stored).length > 0 };
  }
  const first = await load();
  const wasStored = first.stored;
  let current = deepFreeze(first.config);
  let queue: Promise<unknown> = Promise.resolve();

  async function doSave(input: unknown): Promise<ServerConfig> {
    if (!input || typeof input !== 'object' || Array.isArray(input)) throw new AppError('configInvalid', 'config: expected an object');
    const r = configInput.safeParse(input);
    if (!r.success) throw parseError(r.error);
    // Merge onto what is stored now, not onto this node's copy: another node may have saved since.
    const next = derive(merge((await load()).config, r.data));
    const e = next.EmailSettings;
    if (e.PushNotificationServerType === 'custom' && !isHttpUrl(e.PushNotificationServer)) {
      throw new AppError('configPushServerInvalid', `EmailSettings.PushNotificationServer: "${e.PushNotificationServer.slice(0, 200)}" is not an http or https URL`);
    }
    if (e.PushNotificationServerType === 'mhpns') {
      if (!opts.isLicensed()) throw new AppError('hpnsNeedsLicense', 'EmailSettings.PushNotificationServerType: mhpns needs a valid license');
      if (!next.HeraldSettings.HostedPushTermsAccepted) throw new AppError('hpnsNeedsTerms', 'HeraldSettings.HostedPushTermsAccepted must be true for mhpns');
    }
    const rows = diff(next, defaults);
    await store.transaction(async (tx) => {
      for (const section of SECTIONS) await tx.config.set(section, rows[section]);
    });
    current = deepFreeze(next);
    notify();
    opts.saved?.();
    return current;
  }

  function notify(): void {
    for (const l of listeners) {
      try {
        l(current);
      } catch (err) {
        logger.error({ err }, 'config listener failed');
      }
    }
  }

  async function doReload(): Promise<ServerConfig> {
    const { config } = await load();
    if (JSON.stringify(config) === JSON.stringify(current)) return current;
    current = deepFreeze(config);
    notify();
    return current;
  }

  /** One save or reload at a time: each starts from the config the previous one produced. */
  function serialized(fn: () => Promise<ServerConfig>): Promise<ServerConfig> {
    const run = queue.then(fn);
    queue = run.catch(() => undefined);
    return run;
  }

  const service: ConfigService = {
    wasStored,
    current: () => current,
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    save: (input) => serialized(() => doSave(input)),
    reload: () => serialized(doReload),
  };

  if (!wasStored && opts.initial) await service.save(opts.initial(clone(defaults)));
  return service;
}
