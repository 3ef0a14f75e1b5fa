// Pure mapping of a validated push to an FCM HTTP v1 message (protocol.md section 4).
// The Mattermost Android app expects data-only messages (it draws the notification
// itself) with every value a string, and high priority so Doze delivers it now.
// Field set and presence follow the anchor; the differences are that id_loaded
// never forwards the server's text and an oversized message is shortened to fit.
import { jsonByteLength, shrinkToFit } from '../../request/text.js';
import { ID_LOADED_BODY, ID_LOADED_SENDER_NAME, isAlertPush, nonEmpty, signatureOf } from '../push-kinds.js';
/** FCM rejects data payloads over 4096 bytes with INVALID_ARGUMENT. */
export const FCM_DATA_LIMIT = 4096;
export function buildFcmMessage(push, token = push.deviceId) {
    // Keys the anchor always sends, empty or not: the app reads them unconditionally.
    const data = {
        ack_id: push.ackId ?? '',
        type: push.type,
        sub_type: push.subType ?? '',
        version: push.version ?? '',
        channel_id: push.channelId ?? '',
        is_crt_enabled: String(push.isCrtEnabled),
        server_id: push.serverId,
        category: push.category ?? '',
        signature: signatureOf(push),
    };
    if (push.badge !== undefined && push.badge >= 0)
        data.badge = String(push.badge);
    const rootId = nonEmpty(push.rootId);
    if (rootId !== undefined)
        data.root_id = rootId;
    if (push.isIdLoaded) {
        data.id_loaded = 'true';
        data.is_id_loaded = 'true';
        data.message = ID_LOADED_BODY;
        data.post_id = push.postId ?? '';
        data.sender_id = push.senderId ?? '';
        data.sender_name = ID_LOADED_SENDER_NAME;
        data.team_id = push.teamId ?? '';
    }
    else if (isAlertPush(push)) {
        data.team_id = push.teamId ?? '';
        data.sender_id = push.senderId ?? '';
        data.sender_name = push.senderName ?? '';
        data.message = push.message ?? '';
        data.channel_name = push.channelName ?? '';
        data.post_id = push.postId ?? '';
        data.override_username = push.overrideUsername ?? '';
        data.override_icon_url = push.overrideIconUrl ?? '';
        data.from_webhook = push.fromWebhook ?? '';
    }
    // clear, update_badge, test and unknown types carry only the routing keys above.
    fitMessage(data);
    return { message: { token, data, android: { priority: 'high' } } };
}
function fitMessage(data) {
    const message = data.message;
    if (message === undefined || jsonByteLength(data) <= FCM_DATA_LIMIT)
        return;
    data.message = shrinkToFit(message, (candidate) => {
        data.message = candidate;
        return jsonByteLength(data) <= FCM_DATA_LIMIT;
    });
}
//# sourceMappingURL=fcm-payload.js.map