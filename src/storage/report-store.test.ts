import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../core/crypto/keyring.ts';
import { parseWorkingHours } from '../core/hours.ts';
import type { StoredCaseRow } from '../core/reports/ports.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createReportStore } from './report-store.ts';
import { seedDemo } from './seed-demo.ts';

const RANGE = { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 9, 31) };

async function all(pages: AsyncIterable<StoredCaseRow[]>): Promise<{ rows: StoredCaseRow[]; sizes: number[] }> {
  const rows: StoredCaseRow[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    rows.push(...page);
    sizes.push(page.length);
  }
  return { rows, sizes };
}

for (const dialect of DIALECTS) {
  describe(`report store: case rows a page at a time (${dialect})`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
      if (!t) return;
      await seedDemo(t.db.kysely, createKeyring('report-store-test-secret-0123456789abc'), { cases: 120, months: 10, seed: 3, until: new Date('2026-10-30T00:00:00Z'), messagesPerCase: 1, hours: parseWorkingHours('mon-fri 10:00-19:00', 'Europe/Moscow') });
      // Cases opened in the same millisecond, so a page boundary falls inside a tie.
      const client = await t.db.kysely.selectFrom('clients').select('id').executeTakeFirstOrThrow();
      const at = Date.UTC(2026, 4, 5, 12);
      await t.db.kysely
        .insertInto('cases')
        .values(Array.from({ length: 9 }, () => ({ client_id: client.id, channel: 'private', status: 'closed', opened_at: at, updated_at: at })))
        .execute();
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('gives exactly the rows of caseRows, in order, referrals included, across ties and page ends', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createReportStore(t.db.kysely);
      const whole = await store.caseRows(RANGE);
      const span = await store.caseSpan(RANGE);
      expect(span.count).toBe(whole.length);
      expect(whole.some((r) => r.referrals.length > 0)).toBe(true);
      const paged = await all(store.caseRowPages(RANGE, { upToId: span.lastId, pageSize: 7 }));
      expect(paged.rows).toEqual(whole);
      expect(paged.sizes.slice(0, -1).every((n) => n === 7)).toBe(true);
      expect(paged.sizes.length).toBe(Math.ceil(whole.length / 7));
    });

    it('leaves out cases opened after the export counted, and gives nothing for an empty range', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createReportStore(t.db.kysely);
      const span = await store.caseSpan(RANGE);
      const client = await t.db.kysely.selectFrom('clients').select('id').executeTakeFirstOrThrow();
      await t.db.kysely.insertInto('cases').values({ client_id: client.id, channel: 'private', status: 'closed', opened_at: RANGE.start + 1, updated_at: RANGE.start + 1 }).execute();
      const paged = await all(store.caseRowPages(RANGE, { upToId: span.lastId, pageSize: 50 }));
      expect(paged.rows).toHaveLength(span.count);
      expect((await store.caseRows(RANGE)).length).toBe(span.count + 1);
      const empty = { start: Date.UTC(2020, 0, 1), end: Date.UTC(2020, 1, 1) };
      expect(await store.caseSpan(empty)).toEqual({ count: 0, lastId: 0 });
      expect((await all(store.caseRowPages(empty, { upToId: span.lastId, pageSize: 50 }))).rows).toEqual([]);
    });
  });
}
