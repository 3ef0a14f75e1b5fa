import { z } from 'zod';
export declare const AppleSettingsSchema: z.ZodObject<{
    Type: z.ZodString;
    ApplePushUseDevelopment: z.ZodDefault<z.ZodBoolean>;
    ApplePushCertPrivate: z.ZodDefault<z.ZodString>;
    ApplePushCertPassword: z.ZodDefault<z.ZodString>;
    ApplePushTopic: z.ZodDefault<z.ZodString>;
    AppleAuthKeyFile: z.ZodDefault<z.ZodString>;
    AppleAuthKeyID: z.ZodDefault<z.ZodString>;
    AppleTeamID: z.ZodDefault<z.ZodString>;
}, z.core.$strip>;
export declare const AndroidSettingsSchema: z.ZodObject<{
    Type: z.ZodString;
    AndroidApiKey: z.ZodDefault<z.ZodString>;
    ServiceFileLocation: z.ZodDefault<z.ZodString>;
}, z.core.$strip>;
export declare const WebPushSettingsSchema: z.ZodObject<{
    Type: z.ZodDefault<z.ZodString>;
    VapidPublicKey: z.ZodDefault<z.ZodString>;
    VapidPrivateKey: z.ZodDefault<z.ZodString>;
    VapidPrivateKeyFile: z.ZodDefault<z.ZodString>;
    Subject: z.ZodDefault<z.ZodString>;
    RequestTimeout: z.ZodDefault<z.ZodNumber>;
    AllowedHosts: z.ZodDefault<z.ZodArray<z.ZodString>>;
    MaxErrorBodyBytes: z.ZodDefault<z.ZodNumber>;
    TTLSeconds: z.ZodDefault<z.ZodNumber>;
    InsecureSkipDestinationIPCheck: z.ZodDefault<z.ZodBoolean>;
}, z.core.$strip>;
export declare const MODES: readonly ["eas", "hosted", "test", "relay"];
export declare const ConfigSchema: z.ZodObject<{
    ListenAddress: z.ZodDefault<z.ZodString>;
    ThrottlePerSec: z.ZodDefault<z.ZodNumber>;
    ThrottleMemoryStoreSize: z.ZodDefault<z.ZodNumber>;
    ThrottleVaryByHeader: z.ZodDefault<z.ZodString>;
    EnableMetrics: z.ZodDefault<z.ZodBoolean>;
    SendTimeoutSec: z.ZodDefault<z.ZodNumber>;
    RetryTimeoutSec: z.ZodDefault<z.ZodNumber>;
    EnableConsoleLog: z.ZodDefault<z.ZodBoolean>;
    EnableFileLog: z.ZodDefault<z.ZodBoolean>;
    LogFileLocation: z.ZodDefault<z.ZodString>;
    LogFormat: z.ZodPreprocess<z.ZodDefault<z.ZodEnum<{
        plain: "plain";
        json: "json";
    }>>, unknown>;
    ApplePushSettings: z.ZodDefault<z.ZodArray<z.ZodObject<{
        Type: z.ZodString;
        ApplePushUseDevelopment: z.ZodDefault<z.ZodBoolean>;
        ApplePushCertPrivate: z.ZodDefault<z.ZodString>;
        ApplePushCertPassword: z.ZodDefault<z.ZodString>;
        ApplePushTopic: z.ZodDefault<z.ZodString>;
        AppleAuthKeyFile: z.ZodDefault<z.ZodString>;
        AppleAuthKeyID: z.ZodDefault<z.ZodString>;
        AppleTeamID: z.ZodDefault<z.ZodString>;
    }, z.core.$strip>>>;
    AndroidPushSettings: z.ZodDefault<z.ZodArray<z.ZodObject<{
        Type: z.ZodString;
        AndroidApiKey: z.ZodDefault<z.ZodString>;
        ServiceFileLocation: z.ZodDefault<z.ZodString>;
    }, z.core.$strip>>>;
    Mode: z.ZodPreprocess<z.ZodDefault<z.ZodEnum<{
        eas: "eas";
        hosted: "hosted";
        test: "test";
        relay: "relay";
    }>>, unknown>;
    WebPushSettings: z.ZodDefault<z.ZodArray<z.ZodObject<{
        Type: z.ZodDefault<z.ZodString>;
        VapidPublicKey: z.ZodDefault<z.ZodString>;
        VapidPrivateKey: z.ZodDefault<z.ZodString>;
        VapidPrivateKeyFile: z.ZodDefault<z.ZodString>;
        Subject: z.ZodDefault<z.ZodString>;
        RequestTimeout: z.ZodDefault<z.ZodNumber>;
        AllowedHosts: z.ZodDefault<z.ZodArray<z.ZodString>>;
        MaxErrorBodyBytes: z.ZodDefault<z.ZodNumber>;
        TTLSeconds: z.ZodDefault<z.ZodNumber>;
        InsecureSkipDestinationIPCheck: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strip>>>;
}, z.core.$strip>;
export type HeraldConfig = z.output<typeof ConfigSchema>;
export type AppleSettings = z.output<typeof AppleSettingsSchema>;
export type AndroidSettings = z.output<typeof AndroidSettingsSchema>;
export type WebPushSettings = z.output<typeof WebPushSettingsSchema>;
export type HeraldMode = (typeof MODES)[number];
/** Settings lists, by config key. */
export declare const SETTINGS_LISTS: {
    readonly ApplePushSettings: z.ZodObject<{
        Type: z.ZodString;
        ApplePushUseDevelopment: z.ZodDefault<z.ZodBoolean>;
        ApplePushCertPrivate: z.ZodDefault<z.ZodString>;
        ApplePushCertPassword: z.ZodDefault<z.ZodString>;
        ApplePushTopic: z.ZodDefault<z.ZodString>;
        AppleAuthKeyFile: z.ZodDefault<z.ZodString>;
        AppleAuthKeyID: z.ZodDefault<z.ZodString>;
        AppleTeamID: z.ZodDefault<z.ZodString>;
    }, z.core.$strip>;
    readonly AndroidPushSettings: z.ZodObject<{
        Type: z.ZodString;
        AndroidApiKey: z.ZodDefault<z.ZodString>;
        ServiceFileLocation: z.ZodDefault<z.ZodString>;
    }, z.core.$strip>;
    readonly WebPushSettings: z.ZodObject<{
        Type: z.ZodDefault<z.ZodString>;
        VapidPublicKey: z.ZodDefault<z.ZodString>;
        VapidPrivateKey: z.ZodDefault<z.ZodString>;
        VapidPrivateKeyFile: z.ZodDefault<z.ZodString>;
        Subject: z.ZodDefault<z.ZodString>;
        RequestTimeout: z.ZodDefault<z.ZodNumber>;
        AllowedHosts: z.ZodDefault<z.ZodArray<z.ZodString>>;
        MaxErrorBodyBytes: z.ZodDefault<z.ZodNumber>;
        TTLSeconds: z.ZodDefault<z.ZodNumber>;
        InsecureSkipDestinationIPCheck: z.ZodDefault<z.ZodBoolean>;
    }, z.core.$strip>;
};
export type SettingsListKey = keyof typeof SETTINGS_LISTS;
/**
 * Other spellings accepted silently: the anchor's JSON names where they differ from
 * Herald's canonical key, and the anchor's "Subscriber" for Subject.
 */
export declare const KEY_ALIASES: Readonly<Record<string, string>>;
//# sourceMappingURL=schema.d.ts.map