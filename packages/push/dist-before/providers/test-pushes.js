// Request bodies as a Mattermost server sends them, parsed, for the payload tests.
import { parsePushRequest } from '../request/push-request.js';
export function pushFrom(body) {
    const r = parsePushRequest({ platform: 'apple_rn-v2', server_id: 'srv', device_id: 'tok', ...body });
    if (!r.ok)
        throw new Error(r.error);
    return r.push;
}
export const MESSAGE = {
    type: 'message',
    ack_id: 'ack1',
    message: '@frank: Hello',
    channel_name: 'Town Square',
    channel_id: 'ch1',
    team_id: 'team1',
    post_id: 'post1',
    sender_id: 'user1',
    sender_name: 'frank',
    category: 'CAN_REPLY',
    badge: 2,
    version: 'v2',
    is_crt_enabled: false,
    signature: 'sig',
};
export const CLEAR = { type: 'clear', ack_id: 'ack2', channel_id: 'ch1', badge: 1, version: 'v2', cont_ava: 1 };
export const UPDATE_BADGE = { type: 'update_badge', ack_id: 'ack3', badge: 4, version: 'v2', sound: 'none', cont_ava: 1 };
export const TEST = { type: 'test', version: '2', cont_ava: 1, badge: 0 };
export const SESSION = { type: 'session', message: 'Session Expired: Please log in to continue receiving notifications.', badge: 0 };
export const ID_LOADED = {
    type: 'message',
    is_id_loaded: true,
    ack_id: 'ack4',
    message: "You've received a new message.",
    post_id: 'post9',
    channel_id: 'ch1',
    team_id: 'team1',
    sender_id: 'user1',
    category: 'CAN_REPLY',
    badge: 5,
    version: 'v2',
};
export const CALL_VOIP = {
    type: 'message',
    sub_type: 'calls',
    transport: 'voip',
    ack_id: 'ack5',
    message: 'frank is calling you',
    channel_id: 'ch1',
    channel_name: 'frank',
    post_id: 'post2',
    root_id: 'root2',
    sender_id: 'user1',
    sender_name: 'frank',
    team_id: 'team1',
    badge: 1,
    version: 'v2',
};
//# sourceMappingURL=test-pushes.js.map