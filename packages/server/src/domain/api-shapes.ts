// Records -> the JSON shapes Mattermost's API returns (what @mattermost/types describes).
// Pure functions: no secrets ever leave (password hash, token hash, CSRF token).
import type { ChannelMemberRecord, ChannelRecord, PostRecord, SessionRecord, TeamMemberRecord, TeamRecord, UserRecord } from '../store/store.js';

export function userToApi(u: UserRecord, viewer: { self: boolean; admin: boolean }) {
  const full = viewer.self || viewer.admin;
  return {
    id: u.id,
    create_at: u.create_at,
    update_at: u.update_at,
    delete_at: u.delete_at,
    username: u.username,
    auth_service: '',
    email: u.email,
    email_verified: true,
    nickname: u.nickname,
    first_name: u.first_name,
    last_name: u.last_name,
    position: u.position,
    roles: u.roles,
    locale: u.locale,
    notify_props: full ? u.notify_props : {},
    props: u.props,
    last_password_update: full ? u.last_password_update : 0,
    last_picture_update: 0,
    mfa_active: false,
    is_bot: false,
    timezone: { useAutomaticTimezone: 'true', automaticTimezone: '', manualTimezone: '' },
  };
}

export function sessionToApi(s: SessionRecord) {
  const { csrf: _csrf, ...props } = s.props;
  return {
    id: s.id,
    token: '',
    create_at: s.create_at,
    expires_at: s.expires_at,
    last_activity_at: s.last_activity_at,
    user_id: s.user_id,
    device_id: s.device_id,
    roles: s.roles,
    is_oauth: false,
    props,
    team_members: [],
    local: false,
  };
}

export function teamToApi(t: TeamRecord) {
  return {
    id: t.id,
    create_at: t.create_at,
    update_at: t.update_at,
    delete_at: t.delete_at,
    display_name: t.display_name,
    name: t.name,
    description: t.description,
    email: t.email,
    type: t.type,
    company_name: '',
    allowed_domains: '',
    invite_id: t.invite_id,
    allow_open_invite: t.allow_open_invite,
    scheme_id: '',
    group_constrained: false,
    policy_id: null,
  };
}

export function teamMemberToApi(m: TeamMemberRecord) {
  const admin = m.roles.split(' ').includes('team_admin');
  return {
    team_id: m.team_id,
    user_id: m.user_id,
    roles: m.roles,
    delete_at: m.delete_at,
    scheme_admin: admin,
    scheme_user: true,
    scheme_guest: false,
    explicit_roles: '',
  };
}

export function channelToApi(c: ChannelRecord) {
  return {
    id: c.id,
    create_at: c.create_at,
    update_at: c.update_at,
    delete_at: c.delete_at,
    team_id: c.team_id,
    type: c.type,
    display_name: c.display_name,
    name: c.name,
    header: c.header,
    purpose: c.purpose,
    last_post_at: c.last_post_at,
    last_root_post_at: c.last_root_post_at,
    total_msg_count: c.total_msg_count,
    total_msg_count_root: c.total_msg_count_root,
    creator_id: c.creator_id,
    scheme_id: '',
    group_constrained: false,
    props: null,
  };
}

export function channelMemberToApi(m: ChannelMemberRecord) {
  const admin = m.roles.split(' ').includes('channel_admin');
  return {
    channel_id: m.channel_id,
    user_id: m.user_id,
    roles: m.roles,
    last_viewed_at: m.last_viewed_at,
    msg_count: m.msg_count,
    msg_count_root: m.msg_count_root,
    mention_count: m.mention_count,
    mention_count_root: m.mention_count_root,
    urgent_mention_count: 0,
    notify_props: m.notify_props,
    last_update_at: m.last_update_at,
    scheme_admin: admin,
    scheme_user: true,
    scheme_guest: false,
    explicit_roles: '',
  };
}

export function postToApi(p: PostRecord) {
  return {
    id: p.id,
    create_at: p.create_at,
    update_at: p.update_at,
    edit_at: p.edit_at,
    delete_at: p.delete_at,
    is_pinned: false,
    user_id: p.user_id,
    channel_id: p.channel_id,
    root_id: p.root_id,
    original_id: '',
    message: p.message,
    type: p.type,
    props: p.props,
    hashtags: p.hashtags,
    pending_post_id: p.pending_post_id,
    reply_count: p.reply_count,
    last_reply_at: p.last_reply_at,
    participants: null,
    metadata: {},
  };
}

export type ApiPost = ReturnType<typeof postToApi>;

/** A Mattermost PostList: `order` lists ids newest first; `posts` may hold related posts too. */
export function postList(ordered: readonly PostRecord[], extra: readonly PostRecord[] = []) {
  const posts: Record<string, ApiPost> = {};
  for (const p of [...ordered, ...extra]) posts[p.id] = postToApi(p);
  return { order: ordered.map((p) => p.id), posts, next_post_id: '', prev_post_id: '', has_next: false, first_inaccessible_post_time: 0 };
}
