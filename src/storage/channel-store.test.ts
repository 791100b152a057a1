import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../core/crypto/keyring.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createChannelStore } from './channel-store.ts';

const keys = createKeyring('channel-store-test-secret-0123456789abcdefgh');

for (const dialect of DIALECTS) {
  describe(`channel store (${dialect})`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('claims a due scheduled post exactly once when several passes race', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      const store = createChannelStore(db, keys);
      const id = await store.createDraft({ text: 'Testing on Saturday', draftMessageId: 10, authorStaffId: 1, at: 1_000 });
      expect(await store.transition(id, ['draft'], 'scheduled', { approvedBy: 2, publishAt: 5_000 }, 1_000)).toBe(true);
      expect(await store.claimDue(4_999, 10)).toEqual([]);
      expect(await store.nextDue()).toBe(5_000);
      const claim = () => db.transaction().execute((trx) => createChannelStore(trx, keys).claimDue(9_000, 10));
      const results = await Promise.all([claim(), claim(), claim()]);
      expect(results.flat().map((p) => [p.id, p.text])).toEqual([[id, 'Testing on Saturday']]);
      expect(await store.nextDue()).toBeUndefined();
    });

    it('keeps one automatic post per key; an edit takes back an approval', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createChannelStore(t.db.kysely, keys);
      const first = await store.createAutoPost({ kind: 'schedule', text: 'week', autoKey: 'mobile-schedule:2026-11-30', at: 1 });
      expect(first).toBeTypeOf('number');
      expect(await store.createAutoPost({ kind: 'schedule', text: 'week', autoKey: 'mobile-schedule:2026-11-30', at: 2 })).toBeUndefined();
      const id = await store.createDraft({ text: 'v1', draftMessageId: 20, authorStaffId: 1, at: 1 });
      await store.transition(id, ['draft'], 'approved', { approvedBy: 2 }, 2);
      await store.updateText(id, 'v2', 3);
      expect(await store.findByMessage(20)).toMatchObject({ id, status: 'draft', text: 'v2', approvedBy: null });
    });
  });
}
