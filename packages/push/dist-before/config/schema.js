// Zod schemas of the mattermost-push-proxy config file, read unchanged, plus
// Herald's optional additions (Mode, WebPushSettings). Defaults are the anchor's.
// Key spelling quirks (Go matches JSON keys case-insensitively) are handled
// before these schemas run, in normalize-keys.ts.
import { z } from 'zod';
const int = (def) => z.number().int().min(0).default(def);
const str = () => z.string().default('');
const bool = (def) => z.boolean().default(def);
/** Lower-cases an enum-like string and treats "" as unset, as the anchor does for LogFormat. */
const looseEnum = (values, def) => z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() || undefined : v), z.enum(values).default(def));
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
export const MODES = ['eas', 'hosted', 'test', 'relay'];
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
    LogFormat: looseEnum(['plain', 'json'], 'plain'),
    ApplePushSettings: z.array(AppleSettingsSchema).default([]),
    AndroidPushSettings: z.array(AndroidSettingsSchema).default([]),
    // Herald additions.
    Mode: looseEnum(MODES, 'eas'),
    WebPushSettings: z.array(WebPushSettingsSchema).default([]),
});
/** Settings lists, by config key. */
export const SETTINGS_LISTS = {
    ApplePushSettings: AppleSettingsSchema,
    AndroidPushSettings: AndroidSettingsSchema,
    WebPushSettings: WebPushSettingsSchema,
};
/**
 * Other spellings accepted silently: the anchor's JSON names where they differ from
 * Herald's canonical key, and the anchor's "Subscriber" for Subject.
 */
export const KEY_ALIASES = {
    AndroidAPIKey: 'AndroidApiKey',
    VAPIDPublicKey: 'VapidPublicKey',
    VAPIDPrivateKey: 'VapidPrivateKey',
    VAPIDPrivateKeyFile: 'VapidPrivateKeyFile',
    Subscriber: 'Subject',
};
//# sourceMappingURL=schema.js.map