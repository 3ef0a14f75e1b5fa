// The storage seam: everything the chat server keeps, as plain records and small repositories.
// One implementation (Kysely) serves SQLite and PostgreSQL; services depend only on this file.
// Times are milliseconds since the epoch, as in Mattermost.

export type NotifyProps = Record<string, string>;
export type Props = Record<string, unknown>;

export interface UserRecord {
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
  notify_props: NotifyProps;
  props: Props;
  last_password_update: number;
}

export interface SessionRecord {
  id: string;
  /** sha256 of the bearer token; the token itself is never stored. */
  token_hash: string;
  user_id: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
  /** `platform:token` of a mobile device ('' when none). */
  device_id: string;
  roles: string;
  props: Props;
}

export interface TeamRecord {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  name: string;
  display_name: string;
  description: string;
  email: string;
  type: 'O' | 'I';
  allow_open_invite: boolean;
  invite_id: string;
}

export interface TeamMemberRecord {
  team_id: string;
  user_id: string;
  roles: string;
  create_at: number;
  delete_at: number;
}

export type ChannelType = 'O' | 'P' | 'D' | 'G';

export interface ChannelRecord {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  /** '' for direct and group channels. */
  team_id: string;
  type: ChannelType;
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

export interface ChannelMemberRecord {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  /** Posts of the channel the member has read (Mattermost semantics: a read count, not unread). */
  msg_count: number;
  msg_count_root: number;
  /** Unread mentions. */
  mention_count: number;
  mention_count_root: number;
  notify_props: NotifyProps;
  last_update_at: number;
}

export interface PostRecord {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  /** '' for a root post. */
  root_id: string;
  message: string;
  type: string;
  props: Props;
  hashtags: string;
  pending_post_id: string;
  reply_count: number;
  last_reply_at: number;
}

export interface PreferenceRecord {
  user_id: string;
  category: string;
  name: string;
  value: string;
}

export interface LicenseRecord {
  raw: string;
  uploaded_at: number;
}

/** Per-team unread figures over the user's open/private channels (DMs are not counted, as in Mattermost). */
export interface TeamUnreadRecord {
  team_id: string;
  msg_count: number;
  mention_count: number;
  msg_count_root: number;
  mention_count_root: number;
}

export interface UsersRepo {
  create(user: UserRecord): Promise<void>;
  get(id: string): Promise<UserRecord | undefined>;
  getMany(ids: readonly string[]): Promise<UserRecord[]>;
  getByUsername(username: string): Promise<UserRecord | undefined>;
  getByUsernames(usernames: readonly string[]): Promise<UserRecord[]>;
  getByEmail(email: string): Promise<UserRecord | undefined>;
  update(id: string, patch: Partial<Omit<UserRecord, 'id' | 'create_at'>>): Promise<void>;
  count(): Promise<number>;
}

export interface SessionsRepo {
  create(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  getByTokenHash(tokenHash: string): Promise<SessionRecord | undefined>;
  listForUser(userId: string): Promise<SessionRecord[]>;
  /** Unexpired sessions of the user that carry a device id: where pushes go. */
  listWithDevice(userId: string, now: number): Promise<SessionRecord[]>;
  update(id: string, patch: Partial<Pick<SessionRecord, 'device_id' | 'expires_at' | 'last_activity_at' | 'props'>>): Promise<void>;
  /** Ids of other sessions holding this device id (a device belongs to one session at a time). */
  idsWithDevice(deviceId: string, exceptSessionId: string): Promise<string[]>;
  delete(id: string): Promise<void>;
  deleteForUser(userId: string): Promise<string[]>;
}

export interface TeamsRepo {
  create(team: TeamRecord): Promise<void>;
  get(id: string): Promise<TeamRecord | undefined>;
  getByName(name: string): Promise<TeamRecord | undefined>;
  listForUser(userId: string): Promise<TeamRecord[]>;
  addMember(member: TeamMemberRecord): Promise<void>;
  getMember(teamId: string, userId: string): Promise<TeamMemberRecord | undefined>;
  listMembers(teamId: string, offset: number, limit: number): Promise<TeamMemberRecord[]>;
  listMembershipsForUser(userId: string): Promise<TeamMemberRecord[]>;
  unreadsForUser(userId: string): Promise<TeamUnreadRecord[]>;
}

export interface ChannelsRepo {
  create(channel: ChannelRecord): Promise<void>;
  get(id: string): Promise<ChannelRecord | undefined>;
  getByName(teamId: string, name: string): Promise<ChannelRecord | undefined>;
  listForUserInTeam(userId: string, teamId: string): Promise<ChannelRecord[]>;
  addMember(member: ChannelMemberRecord): Promise<void>;
  getMember(channelId: string, userId: string): Promise<ChannelMemberRecord | undefined>;
  listMembers(channelId: string, offset: number, limit: number): Promise<ChannelMemberRecord[]>;
  memberUserIds(channelId: string): Promise<string[]>;
  listMembershipsForUserInTeam(userId: string, teamId: string): Promise<ChannelMemberRecord[]>;
  /** Records a new post: bumps the channel's counts and last post times. */
  recordPost(channelId: string, at: number, isRoot: boolean): Promise<ChannelRecord | undefined>;
  /** Marks everything read for the member: msg counts catch up, mention counts reset. */
  markViewed(channelId: string, userId: string, at: number): Promise<void>;
  incrementMentions(channelId: string, userIds: readonly string[], isRoot: boolean): Promise<void>;
  /**
   * The mobile badge (Mattermost's GetUnreadCount): unread mentions over every channel of the
   * user, where a direct channel counts its unread messages.
   */
  badgeCount(userId: string): Promise<number>;
}

export interface PostsRepo {
  create(post: PostRecord): Promise<void>;
  get(id: string): Promise<PostRecord | undefined>;
  getMany(ids: readonly string[]): Promise<PostRecord[]>;
  /** The post this user already created with this pending_post_id (the client's retry key). */
  getByPendingPostId(userId: string, pendingPostId: string): Promise<PostRecord | undefined>;
  /** Newest first. */
  listForChannel(channelId: string, offset: number, limit: number): Promise<PostRecord[]>;
  /** Posts of the channel made or changed after `since` (update_at > since), newest first, at most `limit`. */
  listChangedSince(channelId: string, since: number, limit: number): Promise<PostRecord[]>;
  /** The root and its replies, oldest first. */
  thread(rootId: string): Promise<PostRecord[]>;
  recordReply(rootId: string, at: number): Promise<void>;
}

export interface PreferencesRepo {
  list(userId: string): Promise<PreferenceRecord[]>;
  save(prefs: readonly PreferenceRecord[]): Promise<void>;
}

/** Server configuration as JSON values under string keys (the System Console settings). */
export interface ConfigRepo {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  all(): Promise<Record<string, unknown>>;
}

export interface LicenseRepo {
  get(): Promise<LicenseRecord | undefined>;
  set(license: LicenseRecord): Promise<void>;
  clear(): Promise<void>;
}

/** Server-wide named values (Mattermost's Systems table). */
export interface SystemsRepo {
  get(name: string): Promise<string | undefined>;
  /** Stores `value` unless `name` already has one; returns what is stored (race-free across nodes). */
  getOrCreate(name: string, value: string): Promise<string>;
}

export type OutboxState = 'pending' | 'sending' | 'done' | 'failed' | 'removed';

/** One push to one device session, waiting in (or done with) the durable outbox. */
export interface OutboxRecord {
  id: string;
  created_at: number;
  user_id: string;
  session_id: string;
  /** `platform:token` as the session held it when the row was written. */
  device_id: string;
  ack_id: string;
  /** message, clear, update_badge, test. */
  type: string;
  post_id: string;
  /** The push body minus platform, device_id, ack_id and server_id (added at send time). */
  payload: Props;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  claimed_until: number;
  claimed_by: string;
  last_error: string;
  sent_at: number;
}

export type NewOutboxRecord = Pick<OutboxRecord, 'id' | 'created_at' | 'user_id' | 'session_id' | 'device_id' | 'ack_id' | 'type' | 'post_id' | 'payload'>;

export interface PushAckRecord {
  ack_id: string;
  user_id: string;
  platform: string;
  type: string;
  post_id: string;
  received_at: number;
  recorded_at: number;
}

export interface PushOutboxRepo {
  enqueue(rows: readonly NewOutboxRecord[]): Promise<void>;
  /**
   * Claims up to `limit` due rows for `node` until `now + leaseMs`: pending rows whose time has
   * come, and rows whose previous claim lapsed (a node died mid-send). One UPDATE with the state
   * re-checked, so two nodes never claim the same row.
   */
  claim(node: string, now: number, leaseMs: number, limit: number): Promise<OutboxRecord[]>;
  /** Final states and retries apply only while `node` still holds the claim. */
  finish(id: string, node: string, state: 'done' | 'failed' | 'removed', at: number, error?: string): Promise<boolean>;
  retryLater(id: string, node: string, nextAttemptAt: number, error: string): Promise<boolean>;
  /** Gives claimed rows back (graceful shutdown) so the next start sends them. */
  release(ids: readonly string[], node: string): Promise<void>;
  /** A dead device: its other waiting rows will never be sent. Returns how many. */
  removeDevice(deviceId: string, at: number): Promise<number>;
  /** When the earliest pending row is due (undefined when none waits). */
  nextDue(): Promise<number | undefined>;
  countByState(): Promise<Record<string, number>>;
  list(filter?: { userId?: string; postId?: string }): Promise<OutboxRecord[]>;
  /** The newest `limit` rows, newest first (System Console > Notification log). */
  recent(limit: number): Promise<OutboxRecord[]>;
  /** The row of a push by its ack id (undefined when none). */
  byAckId(ackId: string): Promise<OutboxRecord | undefined>;
  /** Records an ack once per ack id; false when it was already recorded. */
  recordAck(ack: PushAckRecord): Promise<boolean>;
  getAck(ackId: string): Promise<PushAckRecord | undefined>;
  /** The acks of these ack ids that have one, by ack id (one query for a page of the log). */
  getAcks(ackIds: readonly string[]): Promise<Map<string, PushAckRecord>>;
}

export interface Repos {
  users: UsersRepo;
  sessions: SessionsRepo;
  teams: TeamsRepo;
  channels: ChannelsRepo;
  posts: PostsRepo;
  preferences: PreferencesRepo;
  config: ConfigRepo;
  license: LicenseRepo;
  systems: SystemsRepo;
  pushOutbox: PushOutboxRepo;
}

export type Engine = 'sqlite' | 'postgres';

export interface Store extends Repos {
  readonly engine: Engine;
  /** Runs fn with repositories bound to one transaction; commits when fn resolves. */
  transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T>;
  /** Names of the migrations applied, in order. */
  migrations(): Promise<string[]>;
  close(): Promise<void>;
}
