// @herald/server: a Mattermost API v4 subset for mobile push, driven by @mattermost/client.
export { createChatServer, SERVER_VERSION, type ChatServer, type ChatServerOptions } from './chat-server.js';
export { openStore, isPostgresUrl, SQLITE_FILE, type StoreOptions } from './store/open-store.js';
export type * from './store/store.js';
export { noPushNotifier, type PushNotifier, type PostCreatedEvent, type ChannelViewedEvent, type DeviceCheck } from './push/push-notifier.js';
export { findMentions, mentionedUserIds, type Mentions } from './domain/mentions.js';
export { AppError, ERRORS, type ErrorKey } from './errors/app-error.js';
export type { EventHub } from './websocket/event-hub.js';
export { DEFAULT_PASSWORD_COST, type PasswordCost } from './auth/passwords.js';
export { defaultServerConfig, activePushServer, type ServerConfig, type ConfigSource, type PushServerType, type PushNotificationContents, type LogLevel } from './config/server-config.js';
export type { ConfigService } from './services/config-service.js';
export type { LicenseService } from './license/license-service.js';
export { verifyLicense, parseLicensePublicKey, type License } from './license/license.js';
export { generateLicenseKeys, issueLicense, type LicenseKeys, type LicenseTerms } from './license/issue.js';
export { LOG_FILE, type ServerLog } from './logging/server-log.js';
