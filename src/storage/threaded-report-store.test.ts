import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkingHours } from '../core/hours.ts';
import { createKeyring } from '../crypto/keyring.ts';
import { createDb, type Db } from './create-db.ts';
import { createReportStore } from './report-store.ts';
import { seedDemo } from './seed-demo.ts';
import { createThreadedReportStore, type ThreadedReportStore } from './threaded-report-store.ts';

describe('reports on SQLite in a worker thread', () => {
  let dir: string;
  let db: Db;
  let threaded: ThreadedReportStore;
  const range = { start: Date.UTC(2026, 0, 1), end: Date.UTC(2026, 10, 1) };
  const previous = { start: Date.UTC(2025, 2, 1), end: Date.UTC(2026, 0, 1) };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'netreach-report-thread-'));
    const path = join(dir, 'reports.db');
    db = createDb({ kind: 'sqlite', path, url: `sqlite:${path}` });
    await db.migrate();
    await seedDemo(db.kysely, createKeyring('report-thread-test-secret-0123456789'), { cases: 300, months: 10, seed: 5, until: new Date('2026-10-31T00:00:00Z'), messagesPerCase: 2, hours: parseWorkingHours('mon-fri 10:00-19:00', 'Europe/Moscow') });
    threaded = createThreadedReportStore(path);
  });
  afterAll(async () => {
    await threaded.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers exactly what the store answers on the main thread', async () => {
    const direct = createReportStore(db.kysely);
    const starts = [range.start, Date.UTC(2026, 5, 1)];
    expect(await threaded.analytics(range, previous, starts)).toEqual(await direct.analytics(range, previous, starts));
    expect(await threaded.coded(range)).toEqual(await direct.coded(range));
    const rows = await threaded.caseRows(range);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows).toEqual(await direct.caseRows(range));
  });

  it('sees what the main thread wrote since, and reports a failed query as an error', async () => {
    const before = (await threaded.caseRows(range)).length;
    const client = await db.kysely.selectFrom('clients').select('id').executeTakeFirstOrThrow();
    await db.kysely.insertInto('cases').values({ client_id: client.id, channel: 'private', status: 'open', opened_at: range.start + 1000, updated_at: range.start + 1000 }).execute();
    expect((await threaded.caseRows(range)).length).toBe(before + 1);
    await expect(threaded.analytics(range, previous, 'not an array' as unknown as number[])).rejects.toThrow();
    // The thread survives a failed query.
    expect((await threaded.coded(range)).length).toBeGreaterThan(0);
  });
});
