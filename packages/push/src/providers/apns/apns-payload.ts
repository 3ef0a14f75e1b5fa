// Pure mapping of a validated push to an APNs request (protocol.md section 3),
// following the anchor's payload so the Mattermost apps see what they expect.
// Herald departs from the anchor only where it was unsafe or lossy:
//  - headers follow Apple's rules: a payload with only content-available is a
//    background push (priority 5); anything with alert, badge or sound is "alert"
//    (Apple's own definition) and keeps the anchor's priority 10;
//  - an oversized alert body is shortened to fit the 4 KiB limit instead of
//    being rejected by Apple with PayloadTooLarge;
//  - id_loaded pushes never carry the server's text (see ID_LOADED_BODY).

import type { ValidatedPush } from '../../request/push-request.js';
import { jsonByteLength, shrinkToFit } from '../../request/text.js';
import { ID_LOADED_BODY, isAlertPush, isVoipPush, nonEmpty, signatureOf } from '../push-kinds.js';

export const APNS_PAYLOAD_LIMIT = 4096;
export const APNS_VOIP_PAYLOAD_LIMIT = 5120;
/** How long APNs keeps trying an offline device; 30 days is APNs' own storage horizon. */
export const DEFAULT_APNS_TTL_SEC = 30 * 24 * 3600;
/** A call ring that arrives late is worse than none. */
export const DEFAULT_VOIP_TTL_SEC = 30;

export type ApnsPushType = 'alert' | 'background' | 'voip';

export interface ApnsHeaders {
  'apns-topic': string;
  'apns-push-type': ApnsPushType;
  'apns-priority': '10' | '5';
  'apns-expiration': string;
  'apns-collapse-id'?: string;
}

export interface ApnsAps {
  alert?: string | { title?: string; body: string };
  badge?: number;
  sound?: string;
  category?: string;
  'thread-id'?: string;
  'mutable-content'?: 1;
  'content-available'?: 1;
}

export interface ApnsPayload {
  aps: ApnsAps;
  [custom: string]: unknown;
}

export interface ApnsRequest {
  headers: ApnsHeaders;
  payload: ApnsPayload;
  /** The payload serialized, when the builder already had it (the size check needs it anyway). */
  body?: string;
}

export interface ApnsPayloadOptions {
  /** ApplePushTopic of the settings entry (the app's bundle id). */
  topic: string;
  /** Clock for apns-expiration, epoch ms. */
  nowMs?: number;
  ttlSec?: number;
  voipTtlSec?: number;
  /** Optional apns-collapse-id; ignored when over Apple's 64-byte limit. */
  collapseId?: string;
}

export function buildApnsRequest(push: ValidatedPush, opts: ApnsPayloadOptions): ApnsRequest {
  const nowSec = Math.floor((opts.nowMs ?? Date.now()) / 1000);
  if (isVoipPush(push)) return buildVoip(push, opts.topic, nowSec + (opts.voipTtlSec ?? DEFAULT_VOIP_TTL_SEC));

  const aps: ApnsAps = {};
  const payload: ApnsPayload = { aps };
  const badge = badgeFor(push);
  if (badge !== undefined) aps.badge = badge;

  if (isAlertPush(push)) {
    const category = nonEmpty(push.category);
    if (category !== undefined) aps.category = category;
    const sound = soundFor(push);
    if (sound !== undefined) aps.sound = sound;
    aps['mutable-content'] = 1;
    payload.version = push.version ?? '';
    if (push.isIdLoaded) {
      aps.alert = { body: ID_LOADED_BODY };
      aps['content-available'] = 1;
      // `id_loaded` is the key the apps read; `is_id_loaded` mirrors the request's name.
      payload.id_loaded = true;
      payload.is_id_loaded = true;
    } else {
      if (push.type === 'message') aps['content-available'] = 1;
      const channelName = nonEmpty(push.channelName);
      const body = push.message ?? '';
      aps.alert = channelName !== undefined && push.version === 'v2' ? { title: channelName, body } : body;
      if (channelName !== undefined) payload.channel_name = channelName;
    }
  } else if (push.type === 'clear' || push.type === 'test' || push.contentAvailable === 1) {
    // Silent: wakes the app to clear notifications / refresh the badge, shows nothing.
    aps['content-available'] = 1;
  }

  addCustomKeys(push, payload, aps);
  const body = fitAlertBody(payload, APNS_PAYLOAD_LIMIT);

  const visible = aps.alert !== undefined || aps.badge !== undefined || aps.sound !== undefined;
  const headers: ApnsHeaders = {
    'apns-topic': opts.topic,
    'apns-push-type': visible ? 'alert' : 'background',
    'apns-priority': visible ? '10' : '5',
    'apns-expiration': String(nowSec + (opts.ttlSec ?? DEFAULT_APNS_TTL_SEC)),
  };
  const collapseId = nonEmpty(opts.collapseId);
  if (collapseId !== undefined && Buffer.byteLength(collapseId, 'utf8') <= 64) headers['apns-collapse-id'] = collapseId;
  return { headers, payload, body };
}

/**
 * -1 (or any negative) leaves the badge alone. The anchor sends 1 instead of 0 on
 * `clear` for app versions above 1: iOS wipes every delivered notification when the
 * badge hits 0, and newer apps recompute the badge themselves.
 */
function badgeFor(push: ValidatedPush): number | undefined {
  if (push.badge === undefined || push.badge < 0) return undefined;
  if (push.badge === 0 && push.type === 'clear' && push.appVersion > 1) return 1;
  return push.badge;
}

/** "default" unless the server named a sound; "none" means silent. */
function soundFor(push: ValidatedPush): string | undefined {
  const sound = nonEmpty(push.sound);
  if (sound === 'none') return undefined;
  return sound ?? 'default';
}

function addCustomKeys(push: ValidatedPush, payload: ApnsPayload, aps: ApnsAps): void {
  payload.type = push.type;
  payload.sub_type = push.subType ?? '';
  payload.server_id = push.serverId;
  setIf(payload, 'ack_id', push.ackId);
  payload.is_crt_enabled = push.isCrtEnabled;
  const channelId = nonEmpty(push.channelId);
  if (channelId !== undefined) {
    payload.channel_id = channelId;
    // Collapsed reply threads group a reply under its thread, else under its channel.
    aps['thread-id'] = push.isCrtEnabled ? (nonEmpty(push.rootId) ?? channelId) : channelId;
  }
  payload.signature = signatureOf(push);
  setIf(payload, 'team_id', push.teamId);
  setIf(payload, 'sender_id', push.senderId);
  setIf(payload, 'post_id', push.postId);
  setIf(payload, 'root_id', push.rootId);
  setIf(payload, 'from_webhook', push.fromWebhook);
  if (!push.isIdLoaded) {
    // Author details are content; an ID-loaded push carries none.
    setIf(payload, 'sender_name', push.senderName);
    setIf(payload, 'override_username', push.overrideUsername);
    setIf(payload, 'override_icon_url', push.overrideIconUrl);
  }
}

function buildVoip(push: ValidatedPush, topic: string, expiration: number): ApnsRequest {
  // PushKit wakes the app to ring; it fetches the call itself, so the payload only routes.
  const payload: ApnsPayload = {
    aps: { 'content-available': 1 },
    type: push.type,
    sub_type: push.subType ?? '',
    server_id: push.serverId,
    channel_id: push.channelId ?? '',
    post_id: push.postId ?? '',
    thread_id: push.rootId ?? '',
    sender_id: push.senderId ?? '',
    id_loaded: push.isIdLoaded,
    signature: signatureOf(push),
  };
  if (!push.isIdLoaded) {
    setIf(payload, 'sender_name', push.senderName);
    setIf(payload, 'channel_name', push.channelName);
  }
  setIf(payload, 'ack_id', push.ackId);
  return {
    headers: {
      'apns-topic': topic.endsWith('.voip') ? topic : `${topic}.voip`,
      'apns-push-type': 'voip',
      'apns-priority': '10',
      'apns-expiration': String(expiration),
    },
    payload,
  };
}

function setIf(payload: ApnsPayload, key: string, value: string | undefined): void {
  const v = nonEmpty(value);
  if (v !== undefined) payload[key] = v;
}

/**
 * Shortens the alert body (never ids or keys) until the payload fits `limit` bytes; returns the
 * final payload's JSON so the sender does not serialize it a second time.
 */
function fitAlertBody(payload: ApnsPayload, limit: number): string {
  const json = JSON.stringify(payload);
  const alert = payload.aps.alert;
  if (alert === undefined || Buffer.byteLength(json, 'utf8') <= limit) return json;
  const body = typeof alert === 'string' ? alert : alert.body;
  const setBody = (b: string): void => {
    payload.aps.alert = typeof alert === 'string' ? b : { ...alert, body: b };
  };
  const fitted = shrinkToFit(body, (candidate) => {
    setBody(candidate);
    return jsonByteLength(payload) <= limit;
  });
  setBody(fitted);
  return JSON.stringify(payload);
}
