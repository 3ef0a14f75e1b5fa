// What a Mattermost server sends to send_push for a channel message: the one body every push
// benchmark uses, so the figures compare the same work.
export function mattermostMessagePush(deviceId, i = 1, message = `alice: push number ${i} from the benchmark`) {
  return {
    platform: 'apple_rn',
    server_id: 'benchserver0000000000000000',
    device_id: deviceId,
    type: 'message',
    version: 'v2',
    ack_id: `ack${i.toString().padStart(10, '0')}`,
    post_id: `post${i.toString().padStart(22, '0')}`,
    channel_id: 'channel0000000000000000000',
    team_id: 'team00000000000000000000000',
    root_id: '',
    channel_name: 'Town Square',
    sender_id: 'sender00000000000000000000',
    sender_name: 'alice',
    category: 'CAN_REPLY',
    sound: 'default',
    badge: 1,
    message,
    is_crt_enabled: false,
  };
}
