import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openStore } from './open-store.js';
import type { Store, UserRecord } from './store.js';
import { newId } from '../ids.js';
import { ENGINES, freshPostgresUrl, tempDir, usePostgres } from '../testing/engines.js';

usePostgres();

function user(username: string): UserRecord {
  return {
    id: newId(), create_at: 1, update_at: 1, delete_at: 0, username, email: `${username}@x.test`, password_hash: 'h', nickname: '',
    first_name: '', last_name: '', position: '', roles: 'system_user', locale: 'en', notify_props: { push: 'mention' }, props: {}, last_password_update: 1,
  };
}

for (const engine of ENGINES) {
  describe(`store on ${engine}`, () => {
    let store: Store;
    const dir = tempDir();
    before(async () => {
      store = await openStore({ dataDir: dir.path, databaseUrl: engine === 'postgres' ? await freshPostgresUrl() : undefined });
    });
    after(async () => {
      await store.close();
      dir.remove();
    });

    it('round-trips users with JSON notify props and large millisecond times', async () => {
      const u = { ...user('ann'), create_at: 1_800_000_000_123 };
      await store.users.create(u);
      const got = await store.users.get(u.id);
      assert.deepEqual(got, u);
      assert.equal(typeof got!.create_at, 'number');
      await store.users.update(u.id, { notify_props: { push: 'all', push_status: 'away' } });
      assert.deepEqual((await store.users.getByUsername('ann'))!.notify_props, { push: 'all', push_status: 'away' });
      assert.equal(await store.users.count(), 1);
    });

    it('counts posts and mentions per member and sums unreads per team', async () => {
      const a = user('amy');
      const b = user('ben');
      await store.users.create(a);
      await store.users.create(b);
      const teamId = newId();
      await store.teams.create({ id: teamId, create_at: 1, update_at: 1, delete_at: 0, name: 't1', display_name: 'T', description: '', email: '', type: 'O', allow_open_invite: true, invite_id: newId() });
      for (const uid of [a.id, b.id]) await store.teams.addMember({ team_id: teamId, user_id: uid, roles: 'team_user', create_at: 1, delete_at: 0 });
      const ch = { id: newId(), create_at: 1, update_at: 1, delete_at: 0, team_id: teamId, type: 'O' as const, name: 'c', display_name: 'C', header: '', purpose: '', creator_id: a.id, last_post_at: 0, last_root_post_at: 0, total_msg_count: 0, total_msg_count_root: 0 };
      await store.channels.create(ch);
      for (const uid of [a.id, b.id]) {
        await store.channels.addMember({ channel_id: ch.id, user_id: uid, roles: 'channel_user', last_viewed_at: 0, msg_count: 0, msg_count_root: 0, mention_count: 0, mention_count_root: 0, notify_props: {}, last_update_at: 0 });
      }
      await store.transaction(async (tx) => {
        await tx.channels.recordPost(ch.id, 10, true);
        await tx.channels.recordPost(ch.id, 11, false);
        await tx.channels.incrementMentions(ch.id, [b.id], true);
      });
      assert.equal((await store.channels.get(ch.id))!.total_msg_count, 2);
      assert.deepEqual((await store.teams.unreadsForUser(b.id))[0], { team_id: teamId, msg_count: 2, mention_count: 1, msg_count_root: 1, mention_count_root: 1 });
      await store.channels.markViewed(ch.id, b.id, 20);
      const m = await store.channels.getMember(ch.id, b.id);
      assert.equal(m!.msg_count, 2);
      assert.equal(m!.mention_count, 0);
      assert.equal(m!.last_viewed_at, 20);
      assert.deepEqual(await store.channels.memberUserIds(ch.id).then((ids) => ids.sort()), [a.id, b.id].sort());
    });

    it('rolls a transaction back when it throws', async () => {
      const u = user('rolled');
      await assert.rejects(store.transaction(async (tx) => {
        await tx.users.create(u);
        throw new Error('boom');
      }));
      assert.equal(await store.users.get(u.id), undefined);
    });

    it('keeps preferences, config values and the license', async () => {
      const uid = newId();
      await store.preferences.save([{ user_id: uid, category: 'display_settings', name: 'use_military_time', value: 'false' }]);
      await store.preferences.save([{ user_id: uid, category: 'display_settings', name: 'use_military_time', value: 'true' }]);
      assert.deepEqual(await store.preferences.list(uid), [{ user_id: uid, category: 'display_settings', name: 'use_military_time', value: 'true' }]);
      await store.config.set('EmailSettings.PushNotificationContents', 'full');
      assert.deepEqual(await store.config.all(), { 'EmailSettings.PushNotificationContents': 'full' });
      await store.license.set({ raw: 'LICENSE', uploaded_at: 5 });
      assert.deepEqual(await store.license.get(), { raw: 'LICENSE', uploaded_at: 5 });
      await store.license.clear();
      assert.equal(await store.license.get(), undefined);
    });

    it('finds sessions by device for the push pipeline, skipping expired ones', async () => {
      const uid = newId();
      const base = { user_id: uid, create_at: 1, last_activity_at: 1, roles: '', props: {} };
      await store.sessions.create({ ...base, id: newId(), token_hash: newId(), expires_at: 10_000, device_id: 'apple_rn:aa' });
      await store.sessions.create({ ...base, id: newId(), token_hash: newId(), expires_at: 10, device_id: 'android_rn:bb' });
      await store.sessions.create({ ...base, id: newId(), token_hash: newId(), expires_at: 10_000, device_id: '' });
      const found = await store.sessions.listWithDevice(uid, 100);
      assert.deepEqual(found.map((s) => s.device_id), ['apple_rn:aa']);
    });
  });
}
