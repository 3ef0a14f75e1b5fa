// Parses and validates a send_push body (protocol.md section 1). Every problem
// becomes a message naming the field, never an exception: the HTTP layer turns
// it into {"status":"FAIL","error":...}. Unknown fields are ignored, as the anchor does.
import { bodyShapeError, readField } from './fields.js';
import { knownPlatforms, parsePlatform } from './platform.js';
import { truncateChars } from './text.js';
/** Anchor limits: message is cut to 2046 characters, channel_name to 64. */
export const MAX_MESSAGE_CHARS = 2046;
export const MAX_CHANNEL_NAME_CHARS = 64;
// Wire name -> ValidatedPush key. Required fields are checked separately below.
const FIELDS = [
    ['platform', 'platform', 'string'],
    ['server_id', 'serverId', 'string'],
    ['device_id', 'deviceId', 'string'],
    ['type', 'type', 'string'],
    ['id', 'id', 'string'],
    ['ack_id', 'ackId', 'string'],
    ['sub_type', 'subType', 'string'],
    ['message', 'message', 'string'],
    ['channel_name', 'channelName', 'string'],
    ['badge', 'badge', 'int'],
    ['post_id', 'postId', 'string'],
    ['root_id', 'rootId', 'string'],
    ['channel_id', 'channelId', 'string'],
    ['team_id', 'teamId', 'string'],
    ['category', 'category', 'string'],
    ['sound', 'sound', 'string'],
    ['sender_id', 'senderId', 'string'],
    ['sender_name', 'senderName', 'string'],
    ['override_username', 'overrideUsername', 'string'],
    ['override_icon_url', 'overrideIconUrl', 'string'],
    ['from_webhook', 'fromWebhook', 'string'],
    ['cont_ava', 'contentAvailable', 'int'],
    ['version', 'version', 'string'],
    ['is_crt_enabled', 'isCrtEnabled', 'bool'],
    ['is_id_loaded', 'isIdLoaded', 'bool'],
    ['signature', 'signature', 'string'],
    ['transport', 'transport', 'string'],
];
const REQUIRED = [
    ['server_id', 'serverId'],
    ['device_id', 'deviceId'],
    ['platform', 'platform'],
];
const BUILTIN_KNOWN = knownPlatforms();
export function parsePushRequest(body, options = {}) {
    const shape = bodyShapeError(body);
    if (shape !== undefined)
        return { ok: false, error: shape };
    const obj = body;
    const errors = [];
    const mistyped = new Set();
    const out = {};
    for (const [json, key, kind] of FIELDS) {
        const r = readField(obj, json, kind);
        if (!r.ok) {
            errors.push(r.error);
            mistyped.add(json);
        }
        else if (r.value !== undefined)
            out[key] = r.value;
    }
    for (const [json, key] of REQUIRED) {
        // Empty counts as missing, like the anchor's `== ""` checks.
        if (!mistyped.has(json) && (out[key] === undefined || out[key] === '')) {
            errors.push(`${json}: missing (required)`);
        }
    }
    if (errors.length > 0)
        return { ok: false, error: errors.join('; ') };
    const raw = out.platform;
    const known = options.known ?? BUILTIN_KNOWN;
    const parsed = parsePlatform(raw, known);
    if (parsed === undefined) {
        return { ok: false, error: `platform: unknown platform ${JSON.stringify(truncateChars(raw, 64))} (known: ${[...known].join(', ')})` };
    }
    const push = out;
    push.appType = parsed.type;
    push.appVersion = parsed.appVersion;
    push.type = push.type === undefined || push.type === '' ? 'message' : push.type;
    push.isCrtEnabled = push.isCrtEnabled === true;
    push.isIdLoaded = push.isIdLoaded === true;
    if (push.message !== undefined)
        push.message = truncateChars(push.message, MAX_MESSAGE_CHARS);
    if (push.channelName !== undefined)
        push.channelName = truncateChars(push.channelName, MAX_CHANNEL_NAME_CHARS);
    return { ok: true, push, warnings: parsed.warning === undefined ? [] : [parsed.warning] };
}
//# sourceMappingURL=push-request.js.map