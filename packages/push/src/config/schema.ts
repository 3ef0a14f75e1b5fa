// Zod schemas of the mattermost-push-proxy config file, read unchanged, plus
// Herald's optional additions (Mode, WebPushSettings). Defaults are the anchor's.
// Key spelling quirks (Go matches JSON keys case-insensitively) are handled
// before these schemas run, in normalize-keys.ts.

import { z } from 'zod';

const int = (def: number) => z.number().int().min(0).default(def);
const str = () => z.string().default('');
const bool = (def: boolean) => z.boolean().default(def);

/** Lower-cases an enum-like string and treats "" as unset, as the anchor does for LogFormat. */
const looseEnum = <T extends readonly [string, ...string[]]>(values: T, def: T[number]) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v),
    z.enum(values).default(def as never),
  );

export const AppleSettingsSchema = z.object({
  Type: z.string(),
  ApplePushUseDevelopment: bool(false),
  ApplePushCertPrivate: str(),
  ApplePushCertPassword: str(),
  ApplePushTopic: str(),
  AppleAuthKeyFile: str(),
  AppleAuthKeyID: str(),
  AppleTeamID: str(),
});

export const AndroidSettingsSchema = z.object({
  Type: z.string(),
  /** Legacy FCM server key: accepted so old configs load, ignored with a warning. */
  AndroidApiKey: str(),
  /** Firebase service-account JSON. */
  ServiceFileLocation: str(),
});

export const WebPushSettingsSchema = z.object({
  Type: z.string().default('webpush'),
  VapidPublicKey: str(),
  VapidPrivateKey: str(),
  VapidPrivateKeyFile: str(),
  /** VAPID contact (RFC 8292): a mailto: or https: URI. The anchor calls it Subscriber. */
  Subject: str(),
  // Keys of the anchor's own WebPushSettings, accepted so its configs load unchanged.
  RequestTimeout: int(0),
  AllowedHosts: z.array(z.string()).default([]),
  MaxErrorBodyBytes: int(0),
  TTLSeconds: int(0),
  InsecureSkipDestinationIPCheck: bool(false),
});

export const MODES = ['eas', 'hosted', 'test', 'relay'] as const;

/** Levels the anchor's LogLevel takes (its logger's names; "panic" logs as fatal). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'panic'] as const;

export const ConfigSchema = z.object({
  ListenAddress: z.string().default(':8066'),
  ThrottlePerSec: int(300),
  ThrottleMemoryStoreSize: int(50000),
  ThrottleVaryByHeader: str(),
  EnableMetrics: bool(false),
  SendTimeoutSec: int(30),
  RetryTimeoutSec: int(8),
  EnableConsoleLog: bool(true),
  EnableFileLog: bool(false),
  LogFileLocation: str(),
  LogFormat: looseEnum(['plain', 'json'] as const, 'plain'),
  /** The anchor's sample config sets it; --log-level and HERALD_LOG_LEVEL take precedence. */
  LogLevel: looseEnum(LOG_LEVELS, 'info'),
  ApplePushSettings: z.array(AppleSettingsSchema).default([]),
  AndroidPushSettings: z.array(AndroidSettingsSchema).default([]),
  // Herald additions.
  Mode: looseEnum(MODES, 'eas'),
  WebPushSettings: z.array(WebPushSettingsSchema).default([]),
  // Native TLS listener (PEM files, reloaded on SIGHUP); hosted mode needs it or BehindTLSProxy.
  TLSCertFile: str(),
  TLSKeyFile: str(),
  /** A TLS proxy terminates TLS in front of this instance: hosted mode may then listen in plaintext. */
  BehindTLSProxy: bool(false),
  /** Hosted mode: the server keys file (`herald push keys`); default hosted-keys.json next to the config. */
  HostedKeysFile: str(),
  /** Hosted mode: requests per second per server_id when its key names no quota; 0 = unlimited. */
  HostedQuotaPerSec: int(100),
  /** Test mode: ThrottlePerSec is capped at this (0 = no cap). */
  TestModeThrottlePerSec: int(20),
  /** Relay mode: the push service send_push and ack are forwarded to. */
  RelayUpstreamURL: str(),
  /** Relay mode: sent upstream as `Authorization: Bearer`; empty passes the caller's header on. */
  RelayUpstreamKey: str(),
  /** Pushes kept for GET /api/v1/trace/<ack_id> (the most recent ones); 0 = no trace. */
  TraceHistorySize: int(10000),
  /** POSTed failed and removed device tokens (JSON), asynchronously. */
  FeedbackWebhookURL: str(),
  /** When set, each webhook body is signed: X-Herald-Signature: sha256=<hex HMAC>. */
  FeedbackWebhookSecret: str(),
});

export type HeraldConfig = z.output<typeof ConfigSchema>;
export type AppleSettings = z.output<typeof AppleSettingsSchema>;
export type AndroidSettings = z.output<typeof AndroidSettingsSchema>;
export type WebPushSettings = z.output<typeof WebPushSettingsSchema>;
export type HeraldMode = (typeof MODES)[number];

/** Settings lists, by config key. */
export const SETTINGS_LISTS = {
  ApplePushSettings: AppleSettingsSchema,
  AndroidPushSettings: AndroidSettingsSchema,
  WebPushSettings: WebPushSettingsSchema,
} as const;
export type SettingsListKey = keyof typeof SETTINGS_LISTS;

/**
 * Other spellings accepted silently: the anchor's JSON names where they differ from
 * Herald's canonical key, and the anchor's "Subscriber" for Subject.
 */
export const KEY_ALIASES: Readonly<Record<string, string>> = {
  AndroidAPIKey: 'AndroidApiKey',
  VAPIDPublicKey: 'VapidPublicKey',
  VAPIDPrivateKey: 'VapidPrivateKey',
  VAPIDPrivateKeyFile: 'VapidPrivateKeyFile',
  Subscriber: 'Subject',
};
