// In-code migrations, applied in name order by Kysely's Migrator at start on both engines.
// Add a new entry (e.g. '002_push_outbox') rather than editing an applied one.
import { sql, type Kysely, type Migration } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

const ms = 'bigint' as const;

async function initial(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('update_at', ms, (c) => c.notNull())
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('email', 'varchar(128)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('nickname', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('position', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('locale', 'varchar(16)', (c) => c.notNull().defaultTo('en'))
    .addColumn('notify_props', 'text', (c) => c.notNull())
    .addColumn('props', 'text', (c) => c.notNull())
    .addColumn('last_password_update', ms, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('expires_at', ms, (c) => c.notNull())
    .addColumn('last_activity_at', ms, (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('props', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_device_id').on('sessions').column('device_id').execute();

  await db.schema
    .createTable('teams')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('update_at', ms, (c) => c.notNull())
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('name', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('type', 'varchar(1)', (c) => c.notNull())
    .addColumn('allow_open_invite', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invite_id', 'varchar(26)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('team_members')
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull().references('teams.id'))
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('team_members_pk', ['team_id', 'user_id'])
    .execute();
  await db.schema.createIndex('team_members_user_id').on('team_members').column('user_id').execute();

  await db.schema
    .createTable('channels')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('update_at', ms, (c) => c.notNull())
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('team_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('type', 'varchar(1)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('header', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('creator_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('last_post_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('last_root_post_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('total_msg_count', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('total_msg_count_root', ms, (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('channels_team_name', ['team_id', 'name'])
    .execute();

  await db.schema
    .createTable('channel_members')
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull().references('channels.id'))
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull().references('users.id'))
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('last_viewed_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('msg_count', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('msg_count_root', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('mention_count', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('mention_count_root', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('notify_props', 'text', (c) => c.notNull())
    .addColumn('last_update_at', ms, (c) => c.notNull())
    .addPrimaryKeyConstraint('channel_members_pk', ['channel_id', 'user_id'])
    .execute();
  await db.schema.createIndex('channel_members_user_id').on('channel_members').column('user_id').execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('create_at', ms, (c) => c.notNull())
    .addColumn('update_at', ms, (c) => c.notNull())
    .addColumn('edit_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('delete_at', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('channel_id', 'varchar(26)', (c) => c.notNull().references('channels.id'))
    .addColumn('root_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('type', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('props', 'text', (c) => c.notNull())
    .addColumn('hashtags', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('pending_post_id', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('reply_count', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('last_reply_at', ms, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('posts_channel_create_at').on('posts').columns(['channel_id', 'create_at']).execute();
  await db.schema.createIndex('posts_root_create_at').on('posts').columns(['root_id', 'create_at']).execute();

  await db.schema
    .createTable('preferences')
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('category', 'varchar(32)', (c) => c.notNull())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('preferences_pk', ['user_id', 'category', 'name'])
    .execute();

  await db.schema
    .createTable('config')
    .addColumn('key', 'varchar(128)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('licenses')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', ms, (c) => c.notNull())
    .execute();
}

async function dropInitial(db: AnyDb): Promise<void> {
  for (const t of ['licenses', 'config', 'preferences', 'posts', 'channel_members', 'channels', 'team_members', 'teams', 'sessions', 'users']) {
    await db.schema.dropTable(t).execute();
  }
}

// The push pipeline's durable outbox (one row per push per device session, written in the post's
// own transaction) and the acks the mobile apps report (one row per ack id).
async function pushOutbox(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('push_outbox')
    .addColumn('id', 'varchar(26)', (c) => c.primaryKey())
    .addColumn('created_at', ms, (c) => c.notNull())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('session_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('ack_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(16)', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', ms, (c) => c.notNull())
    .addColumn('claimed_until', ms, (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'varchar(64)', (c) => c.notNull().defaultTo(''))
    .addColumn('last_error', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sent_at', ms, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('push_outbox_state_due').on('push_outbox').columns(['state', 'next_attempt_at']).execute();
  await db.schema.createIndex('push_outbox_device').on('push_outbox').columns(['device_id', 'state']).execute();

  await db.schema
    .createTable('push_acks')
    .addColumn('ack_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(26)', (c) => c.notNull())
    .addColumn('platform', 'varchar(64)', (c) => c.notNull())
    .addColumn('type', 'varchar(32)', (c) => c.notNull())
    .addColumn('post_id', 'varchar(26)', (c) => c.notNull().defaultTo(''))
    .addColumn('received_at', ms, (c) => c.notNull())
    .addColumn('recorded_at', ms, (c) => c.notNull())
    .execute();
}

async function dropPushOutbox(db: AnyDb): Promise<void> {
  await db.schema.dropTable('push_acks').execute();
  await db.schema.dropTable('push_outbox').execute();
}

/** The notification log and `herald doctor` look pushes up by ack id. */
async function outboxAckIndex(db: AnyDb): Promise<void> {
  await db.schema.createIndex('push_outbox_ack_id').on('push_outbox').column('ack_id').execute();
}

async function dropOutboxAckIndex(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('push_outbox_ack_id').execute();
}

// Server-wide values every node shares (Mattermost's Systems table), e.g. the server_id pushes
// carry: created once by whichever node starts first.
async function systems(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('systems')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

async function dropSystems(db: AnyDb): Promise<void> {
  await db.schema.dropTable('systems').execute();
}

// A client that lost the reply to POST /posts (a node died, the network dropped) sends the post
// again with the same pending_post_id; the index makes "one post per retry key" hold across nodes.
async function postsPendingPostId(db: AnyDb): Promise<void> {
  // Before this index a retried post was stored twice: keep the key on the first of each pair
  // only, or the unique index could not be built on such a database.
  await sql`UPDATE posts SET pending_post_id = '' WHERE pending_post_id <> '' AND id NOT IN (SELECT MIN(id) FROM posts WHERE pending_post_id <> '' GROUP BY user_id, pending_post_id)`.execute(db);
  await db.schema
    .createIndex('posts_user_id_pending_post_id')
    .unique()
    .on('posts')
    .columns(['user_id', 'pending_post_id'])
    .where(sql.ref('pending_post_id'), '<>', '')
    .execute();
}

async function dropPostsPendingPostId(db: AnyDb): Promise<void> {
  await db.schema.dropIndex('posts_user_id_pending_post_id').execute();
}

export const MIGRATIONS: Record<string, Migration> = {
  '001_initial': { up: initial, down: dropInitial },
  '002_push_outbox': { up: pushOutbox, down: dropPushOutbox },
  '003_push_outbox_ack_id': { up: outboxAckIndex, down: dropOutboxAckIndex },
  '004_systems': { up: systems, down: dropSystems },
  '005_posts_pending_post_id': { up: postsPendingPostId, down: dropPostsPendingPostId },
};

/** Names only, for tests and diagnostics. */
export const MIGRATION_NAMES = Object.keys(MIGRATIONS).sort();
