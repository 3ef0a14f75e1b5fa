// Public surface of @herald/push: the pure pieces (config, request parsing,
// payload mapping, result mapping) and the provider seam.

export { ConfigSchema, MODES } from './config/schema.js';
export type { HeraldConfig, AppleSettings, AndroidSettings, WebPushSettings, HeraldMode } from './config/schema.js';
export { parseConfig, ConfigError } from './config/parse-config.js';
export type { ParsedConfig, ParseConfigOptions } from './config/parse-config.js';
export { loadConfigFile, parseConfigText } from './config/load-config.js';
export type { LoadedConfig } from './config/load-config.js';
export { redactConfig, redactSecret, SECRET_KEYS } from './config/redact.js';
export { resolveConfigPaths } from './config/config-paths.js';
export { locateJsonError } from './config/json-position.js';

export { parsePushRequest, MAX_MESSAGE_CHARS, MAX_CHANNEL_NAME_CHARS } from './request/push-request.js';
export type { ValidatedPush, PushRequestResult, ParsePushOptions, KnownPushType } from './request/push-request.js';
export { parseAckRequest } from './request/ack-request.js';
export type { ValidatedAck, AckRequestResult } from './request/ack-request.js';
export { parsePlatform, knownPlatforms, BUILTIN_PLATFORMS } from './request/platform.js';
export type { ParsedPlatform } from './request/platform.js';
export { truncateChars } from './request/text.js';

export type { PushProvider, ProviderKind, SendResult, SendOk, SendFail, SendRemove, SendTarget } from './providers/provider.js';
export {
  mapApnsResult,
  mapFcmResult,
  mapWebPushResult,
  mapTransportError,
  extractFcmErrorCode,
  parseRetryAfter,
  APNS_DEAD_TOKEN_REASONS,
  FCM_DEAD_TOKEN_CODES,
} from './providers/result-mapping.js';
export type { HttpReply } from './providers/result-mapping.js';
export { ID_LOADED_BODY, NO_SIGNATURE, isAlertPush, isVoipPush } from './providers/push-kinds.js';
export {
  buildApnsRequest,
  APNS_PAYLOAD_LIMIT,
  APNS_VOIP_PAYLOAD_LIMIT,
  DEFAULT_APNS_TTL_SEC,
  DEFAULT_VOIP_TTL_SEC,
} from './providers/apns/apns-payload.js';
export type { ApnsRequest, ApnsHeaders, ApnsPayload, ApnsAps, ApnsPayloadOptions, ApnsPushType } from './providers/apns/apns-payload.js';
export { buildFcmMessage, FCM_DATA_LIMIT } from './providers/fcm/fcm-payload.js';
export type { FcmMessage, FcmData } from './providers/fcm/fcm-payload.js';

export { startPushService, loadCheckedConfig, parseListenAddress, buildInfo } from './push-service.js';
export type { PushServiceOptions, RunningPushService } from './push-service.js';
export { ProviderRegistry } from './providers/provider-registry.js';
export { ApnsProvider } from './providers/apns/apns-provider.js';
export { FcmProvider } from './providers/fcm/fcm-provider.js';
export { WebPushProvider } from './providers/webpush/webpush-provider.js';
export { encodeSubscription, decodeSubscription } from './providers/webpush/webpush-payload.js';
export { checkConfig } from './config/check-config.js';

// Modes, delivery trace, feedback webhook, native TLS (issue 6).
export { createKey, revokeKey, readKeys, hostedKeysPath, hashKey, parseQuota, HostedKeyring, DEFAULT_KEYS_FILE } from './modes/hosted-keys.js';
export type { HostedKeyRecord } from './modes/hosted-keys.js';
export { presentedKey } from './modes/hosted-gate.js';
export { modeProblems, TEST_MODE_HEADER, TEST_MODE_HEADER_VALUE } from './modes/mode-policy.js';
export { TraceStore, DEFAULT_TRACE_CAPACITY } from './trace/trace-store.js';
export type { PushTrace, TraceRequest, TraceTry, TraceHandle } from './trace/trace-store.js';
export type { FeedbackEvent, FeedbackBody } from './feedback/feedback-webhook.js';
export { loadTlsPair } from './tls/tls-files.js';
export { startRedis, type TestRedis } from './http/testing-redis-server.js'; // test helper: a throwaway redis-server (also for @herald/server tests)
