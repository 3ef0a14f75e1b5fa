// Table shapes as Kysely sees them. JSON columns are text; booleans are 0/1 integers, so the
// same rows work on SQLite and PostgreSQL. Records (store.ts) are what callers get.

export interface UsersTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  username: string;
  email: string;
  password_hash: string;
  nickname: string;
  first_name: string;
  last_name: string;
  position: string;
  roles: string;
  locale: string;
  notify_props: string;
  props: string;
  last_password_update: number;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
  device_id: string;
  roles: string;
  props: string;
}

export interface TeamsTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  name: string;
  display_name: string;
  description: string;
  email: string;
  type: string;
  allow_open_invite: number;
  invite_id: string;
}

export interface TeamMembersTable {
  team_id: string;
  user_id: string;
  roles: string;
  create_at: number;
  delete_at: number;
}

export interface ChannelsTable {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  team_id: string;
  type: string;
  name: string;
  display_name: string;
  header: string;
  purpose: string;
  creator_id: string;
  last_post_at: number;
  last_root_post_at: number;
  total_msg_count: number;
  total_msg_count_root: number;
}

export interface ChannelMembersTable {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  notify_props: string;
  last_update_at: number;
}

export interface PostsTable {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
  type: string;
  props: string;
  hashtags: string;
  pending_post_id: string;
  reply_count: number;
  last_reply_at: number;
}

export interface PreferencesTable {
  user_id: string;
  category: string;
  name: string;
  value: string;
}

export interface ConfigTable {
  key: string;
  value: string;
}

export interface LicensesTable {
  id: string;
  raw: string;
  uploaded_at: number;
}

export interface SystemsTable {
  name: string;
  value: string;
}

export interface PushOutboxTable {
  id: string;
  created_at: number;
  user_id: string;
  session_id: string;
  device_id: string;
  ack_id: string;
  type: string;
  post_id: string;
  payload: string;
  state: string;
  attempts: number;
  next_attempt_at: number;
  claimed_until: number;
  claimed_by: string;
  last_error: string;
  sent_at: number;
}

export interface PushAcksTable {
  ack_id: string;
  user_id: string;
  platform: string;
  type: string;
  post_id: string;
  received_at: number;
  recorded_at: number;
}

export interface Database {
  users: UsersTable;
  sessions: SessionsTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  channels: ChannelsTable;
  channel_members: ChannelMembersTable;
  posts: PostsTable;
  preferences: PreferencesTable;
  config: ConfigTable;
  licenses: LicensesTable;
  systems: SystemsTable;
  push_outbox: PushOutboxTable;
  push_acks: PushAcksTable;
}
