// The chat server's configuration as the System Console edits it: Mattermost's config.json shape
// for the settings Herald implements (so Client4.getConfig/updateConfig work), plus HeraldSettings
// for what Mattermost keeps outside config (where TPNS/HPNS live, HPNS terms acceptance).
// This file is the contract between the config API (api/config-routes) and its readers
// (the push pipeline, logging).

export type PushNotificationContents = 'generic_no_channel' | 'generic' | 'full' | 'id_loaded';
/** Mattermost's PushNotificationServerType: off, hosted (mhpns), test (mtpns), manual URL (custom). */
export type PushServerType = 'off' | 'mhpns' | 'mtpns' | 'custom';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface ServerConfig {
  ServiceSettings: {
    SiteURL: string;
  };
  EmailSettings: {
    SendPushNotifications: boolean;
    /** The URL pushes go to: derived from the type for mhpns/mtpns, entered by the admin for custom. */
    PushNotificationServer: string;
    PushNotificationServerType: PushServerType;
    PushNotificationContents: PushNotificationContents;
  };
  LogSettings: {
    EnableConsole: boolean;
    ConsoleLevel: LogLevel;
    EnableFile: boolean;
    FileLevel: LogLevel;
  };
  HeraldSettings: {
    /** Where "TPNS" points (default: the local Herald push service in test mode). */
    TestPushServiceURL: string;
    /** Where "HPNS" points (default: the local Herald push service in hosted mode). */
    HostedPushServiceURL: string;
    /** HPNS may be chosen only with these terms accepted (and a valid license). */
    HostedPushTermsAccepted: boolean;
  };
}

export function defaultServerConfig(overrides: { siteUrl?: string; pushServiceUrl?: string } = {}): ServerConfig {
  const local = overrides.pushServiceUrl ?? 'http://127.0.0.1:8066';
  return {
    ServiceSettings: { SiteURL: overrides.siteUrl ?? '' },
    EmailSettings: {
      SendPushNotifications: false,
      PushNotificationServer: '',
      PushNotificationServerType: 'off',
      PushNotificationContents: 'generic',
    },
    LogSettings: { EnableConsole: true, ConsoleLevel: 'INFO', EnableFile: true, FileLevel: 'INFO' },
    HeraldSettings: { TestPushServiceURL: local, HostedPushServiceURL: local, HostedPushTermsAccepted: false },
  };
}

/** Read side used by the push pipeline and the logger: the current config and change events. */
export interface ConfigSource {
  current(): ServerConfig;
  /** Called after every successful save; returns an unsubscribe function. */
  onChange(listener: (config: ServerConfig) => void): () => void;
}

/** The push service URL pushes go to now, or undefined when push is off. */
export function activePushServer(c: ServerConfig): string | undefined {
  if (!c.EmailSettings.SendPushNotifications || c.EmailSettings.PushNotificationServerType === 'off') return undefined;
  return c.EmailSettings.PushNotificationServer || undefined;
}
