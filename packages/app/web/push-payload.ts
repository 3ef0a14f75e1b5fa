// The data of a Web Push as the Herald push service sends it (the FCM data keys, all strings)
// and the notification the service worker shows for it.

export interface PushData {
  type?: string;
  ack_id?: string;
  message?: string;
  channel_name?: string;
  sender_name?: string;
  sender_id?: string;
  channel_id?: string;
  team_id?: string;
  post_id?: string;
  root_id?: string;
  badge?: string;
  id_loaded?: string;
  is_id_loaded?: string;
  is_crt_enabled?: string;
  server_id?: string;
}

export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
  data: { url: string; channel_id: string; root_id: string; post_id: string; ack_id: string; type: string };
}

export function isIdLoaded(d: PushData): boolean {
  return d.id_loaded === 'true' || d.is_id_loaded === 'true';
}

/** The app path a notification opens: the thread for a reply, else the channel. */
export function pathFor(channelId: string, rootId: string): string {
  if (!channelId) return '/';
  return rootId ? `/channels/${channelId}/thread/${rootId}` : `/channels/${channelId}`;
}

export function notificationFor(d: PushData): ShownNotification {
  const channel = d.channel_id ?? '';
  const root = d.root_id ?? '';
  return {
    title: d.channel_name || d.sender_name || 'Herald',
    body: d.message ?? '',
    tag: d.post_id || d.ack_id || channel || 'herald',
    data: { url: pathFor(channel, root), channel_id: channel, root_id: root, post_id: d.post_id ?? '', ack_id: d.ack_id ?? '', type: d.type ?? '' },
  };
}

export function badgeOf(d: PushData): number | undefined {
  if (d.badge === undefined || d.badge === '') return undefined;
  const n = Number(d.badge);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}
