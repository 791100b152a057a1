import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { purgeFinished } from './housekeeping.ts';

for (const dialect of DIALECTS) {
  describe(`housekeeping on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('purges finished rows past retention and keeps pending and recent ones', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      await db
        .insertInto('inbox')
        .values([
          { update_id: 1, chat_key: 'a', payload_sealed: null, status: 'done', received_at: 0, processed_at: 10 },
          { update_id: 2, chat_key: 'a', payload_sealed: null, status: 'done', received_at: 0, processed_at: 5_000 },
          { update_id: 3, chat_key: 'a', payload_sealed: new Uint8Array([1]), status: 'pending', received_at: 0, processed_at: null },
        ])
        .execute();
      const row = (dedupe_key: string, status: string, sent_at: number | null) => ({ dedupe_key, chat_key: 'l', priority: 1, payload_sealed: null, status, next_attempt_at: 0, created_at: 0, sent_at });
      await db.insertInto('outbox').values([row('old', 'sent', 10), row('dead', 'dead', 20), row('new', 'sent', 5_000), row('waiting', 'pending', null)]).execute();
      expect(await purgeFinished(db, 6_000, 1_000)).toEqual({ inbox: 1, outbox: 2 });
      expect((await db.selectFrom('inbox').select('update_id').orderBy('update_id').execute()).map((r) => r.update_id)).toEqual([2, 3]);
      expect((await db.selectFrom('outbox').select('dedupe_key').orderBy('dedupe_key').execute()).map((r) => r.dedupe_key)).toEqual(['new', 'waiting']);
    });
  });
}
