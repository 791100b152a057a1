import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { LANE } from '../core/outbox/lanes.ts';
import { createOperationsStore } from './operations-store.ts';

for (const dialect of DIALECTS) {
  describe(`operations store on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('groups pending outbox rows by lane kind and priority, and the inbox by status, with their oldest', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      const row = (id: number, lane: string, priority: number, createdAt: number, status = 'pending') => ({
        dedupe_key: `k${id}`,
        chat_key: lane,
        priority,
        payload_sealed: null,
        status,
        next_attempt_at: createdAt,
        created_at: createdAt,
      });
      await db
        .insertInto('outbox')
        .values([
          row(1, LANE.client(11), 0, 1_000),
          row(2, LANE.client(12), 0, 3_000),
          row(3, LANE.client(12), 1, 2_000),
          row(4, LANE.case(7), 1, 4_000),
          row(5, LANE.staffGeneral, 1, 5_000),
          row(6, LANE.community, 2, 6_000),
          row(7, 'unheard-of:1', 1, 7_000),
          row(8, LANE.case(7), 1, 500, 'sent'),
        ])
        .execute();
      await db
        .insertInto('inbox')
        .values([
          { update_id: 1, chat_key: 'a', payload_sealed: null, status: 'done', received_at: 100, processed_at: 200 },
          { update_id: 2, chat_key: 'a', payload_sealed: new Uint8Array([1]), status: 'pending', received_at: 800, processed_at: null },
          { update_id: 3, chat_key: 'b', payload_sealed: new Uint8Array([1]), status: 'pending', received_at: 900, processed_at: null },
          { update_id: 4, chat_key: 'b', payload_sealed: null, status: 'failed', received_at: 50, processed_at: 60 },
        ])
        .execute();
      const snap = await createOperationsStore(db).snapshot(0);
      const key = (r: { laneKind: string; priority: number }) => `${r.laneKind}/${r.priority}`;
      expect(Object.fromEntries(snap.outbox.map((r) => [key(r), [r.pending, r.oldestCreatedAt]]))).toEqual({
        'client/0': [2, 1_000],
        'client/1': [1, 2_000],
        'case/1': [1, 4_000],
        'staff/1': [1, 5_000],
        'community/2': [1, 6_000],
        'other/1': [1, 7_000],
      });
      expect(snap.inbox.sort((a, b) => a.status.localeCompare(b.status))).toEqual([
        { status: 'failed', count: 1, oldestReceivedAt: 50 },
        { status: 'pending', count: 2, oldestReceivedAt: 800 },
      ]);
      expect(snap.emergenciesOpen).toEqual([]);
      expect(snap.spotting).toEqual([]);
    });
  });
}
