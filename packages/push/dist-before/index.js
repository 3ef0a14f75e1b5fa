// Public surface of @herald/push: the pure pieces (config, request parsing,
// payload mapping, result mapping) and the provider seam.
export { ConfigSchema, MODES } from './config/schema.js';
export { parseConfig, ConfigError } from './config/parse-config.js';
export { loadConfigFile, parseConfigText } from './config/load-config.js';
export { redactConfig, redactSecret, SECRET_KEYS } from './config/redact.js';
export { resolveConfigPaths } from './config/config-paths.js';
export { locateJsonError } from './config/json-position.js';
export { parsePushRequest, MAX_MESSAGE_CHARS, MAX_CHANNEL_NAME_CHARS } from './request/push-request.js';
export { parseAckRequest } from './request/ack-request.js';
export { parsePlatform, knownPlatforms, BUILTIN_PLATFORMS } from './request/platform.js';
export { truncateChars } from './request/text.js';
export { mapApnsResult, mapFcmResult, mapWebPushResult, mapTransportError, extractFcmErrorCode, parseRetryAfter, APNS_DEAD_TOKEN_REASONS, FCM_DEAD_TOKEN_CODES, } from './providers/result-mapping.js';
export { ID_LOADED_BODY, NO_SIGNATURE, isAlertPush, isVoipPush } from './providers/push-kinds.js';
export { buildApnsRequest, APNS_PAYLOAD_LIMIT, APNS_VOIP_PAYLOAD_LIMIT, DEFAULT_APNS_TTL_SEC, DEFAULT_VOIP_TTL_SEC, } from './providers/apns/apns-payload.js';
export { buildFcmMessage, FCM_DATA_LIMIT } from './providers/fcm/fcm-payload.js';
export { startPushService, loadCheckedConfig, parseListenAddress, buildInfo } from './push-service.js';
export { ProviderRegistry } from './providers/provider-registry.js';
export { ApnsProvider } from './providers/apns/apns-provider.js';
export { FcmProvider } from './providers/fcm/fcm-provider.js';
export { WebPushProvider } from './providers/webpush/webpush-provider.js';
export { encodeSubscription, decodeSubscription } from './providers/webpush/webpush-payload.js';
export { checkConfig } from './config/check-config.js';
//# sourceMappingURL=index.js.map