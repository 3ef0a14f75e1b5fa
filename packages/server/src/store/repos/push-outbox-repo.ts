// The push outbox: rows are written in the post's transaction and claimed by workers with a
// lease. A claim is one UPDATE … WHERE <still due> RETURNING, so concurrent workers (or nodes)
// never get the same row; on PostgreSQL the candidate rows are also locked with SKIP LOCKED so
// workers do not queue behind each other. A worker that dies leaves rows whose lease lapses,
// and another claim picks them up again.
import type { Expression, ExpressionBuilder, Kysely, Selectable, SqlBool } from 'kysely';
import type { Database, PushOutboxTable } from '../schema.js';
import type { Engine, OutboxRecord, OutboxState, Props, PushOutboxRepo } from '../store.js';
import { num, parseObject, toJson } from '../json-columns.js';

function toRecord(row: Selectable<PushOutboxTable>): OutboxRecord {
  return { ...row, payload: parseObject<Props>(row.payload), state: row.state as OutboxState };
}

type Eb = ExpressionBuilder<Database, 'push_outbox'>;

/** Pending and due, or claimed by someone whose lease has lapsed. */
function due(eb: Eb, now: number): Expression<SqlBool> {
  return eb.or([
    eb.and([eb('state', '=', 'pending'), eb('next_attempt_at', '<=', now)]),
    eb.and([eb('state', '=', 'sending'), eb('claimed_until', '<', now)]),
  ]);
}

export function pushOutboxRepo(db: Kysely<Database>, engine: Engine): PushOutboxRepo {
  return {
    async enqueue(rows) {
      if (rows.length === 0) return;
      await db
        .insertInto('push_outbox')
        .values(
          rows.map((r) => ({
            ...r,
            payload: toJson(r.payload),
            state: 'pending',
            attempts: 0,
            next_attempt_at: r.created_at,
            claimed_until: 0,
            claimed_by: '',
            last_error: '',
            sent_at: 0,
          })),
        )
        .execute();
    },

    async claim(node, now, leaseMs, limit) {
      // Pick the ids first, then update exactly those: PostgreSQL may evaluate a LIMIT subquery
      // inside `WHERE id IN (…)` more than once, which let one claim take more rows than `limit`.
      return db.transaction().execute(async (tx) => {
        let candidates = tx
          .selectFrom('push_outbox')
          .select('id')
          .where((eb) => due(eb, now))
          .orderBy('next_attempt_at')
          .limit(limit);
        if (engine === 'postgres') candidates = candidates.forUpdate().skipLocked();
        const ids = (await candidates.execute()).map((r) => r.id);
        if (ids.length === 0) return [];
        const rows = await tx
          .updateTable('push_outbox')
          .set((eb) => ({ state: 'sending', claimed_by: node, claimed_until: now + leaseMs, attempts: eb('attempts', '+', 1) }))
          .where('id', 'in', ids)
          .where((eb) => due(eb, now))
          .returningAll()
          .execute();
        return rows.map(toRecord).sort((a, b) => a.created_at - b.created_at);
      });
    },

    async finish(id, node, state, at, error = '') {
      const r = await db
        .updateTable('push_outbox')
        .set({ state, claimed_until: 0, last_error: error, ...(state === 'done' ? { sent_at: at } : {}) })
        .where('id', '=', id)
        .where('claimed_by', '=', node)
        .where('state', '=', 'sending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async retryLater(id, node, nextAttemptAt, error) {
      const r = await db
        .updateTable('push_outbox')
        .set({ state: 'pending', claimed_until: 0, claimed_by: '', next_attempt_at: nextAttemptAt, last_error: error })
        .where('id', '=', id)
        .where('claimed_by', '=', node)
        .where('state', '=', 'sending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async release(ids, node) {
      if (ids.length === 0) return;
      // The attempt was never made: give it back.
      await db
        .updateTable('push_outbox')
        .set((eb) => ({ state: 'pending', claimed_until: 0, claimed_by: '', attempts: eb('attempts', '-', 1) }))
        .where('id', 'in', [...ids])
        .where('claimed_by', '=', node)
        .where('state', '=', 'sending')
        .execute();
    },

    async removeDevice(deviceId, at) {
      const r = await db
        .updateTable('push_outbox')
        .set({ state: 'removed', claimed_until: 0, last_error: `device removed at ${at}` })
        .where('device_id', '=', deviceId)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    async nextDue() {
      const row = await db
        .selectFrom('push_outbox')
        .select((eb) => eb.fn.min<number>('next_attempt_at').as('at'))
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return row?.at === null || row?.at === undefined ? undefined : num(row.at);
    },

    async countByState() {
      const rows = await db
        .selectFrom('push_outbox')
        .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .execute();
      return Object.fromEntries(rows.map((r) => [r.state, num(r.n)]));
    },

    async list(filter = {}) {
      let q = db.selectFrom('push_outbox').selectAll();
      if (filter.userId) q = q.where('user_id', '=', filter.userId);
      if (filter.postId) q = q.where('post_id', '=', filter.postId);
      const rows = await q.orderBy('created_at').execute();
      return rows.map(toRecord);
    },

    async recent(limit) {
      const rows = await db.selectFrom('push_outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toRecord);
    },

    async byAckId(ackId) {
      const row = await db.selectFrom('push_outbox').selectAll().where('ack_id', '=', ackId).executeTakeFirst();
      return row && toRecord(row);
    },

    async recordAck(ack) {
      const r = await db
        .insertInto('push_acks')
        .values(ack)
        .onConflict((oc) => oc.column('ack_id').doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    async getAck(ackId) {
      return db.selectFrom('push_acks').selectAll().where('ack_id', '=', ackId).executeTakeFirst();
    },

    async getAcks(ackIds) {
      const ids = [...new Set(ackIds.filter(Boolean))];
      if (ids.length === 0) return new Map();
      const rows = await db.selectFrom('push_acks').selectAll().where('ack_id', 'in', ids).execute();
      return new Map(rows.map((r) => [r.ack_id, r]));
    },
  };
}
