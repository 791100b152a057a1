import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWorkingHours } from '../core/hours.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import type { AuditEvent } from '../core/accounts/ports.ts';
import { createDb, type Db } from '../storage/create-db.ts';
import { createReportStore } from '../storage/report-store.ts';
import { seedDemo } from '../storage/seed-demo.ts';
import { ReportInputError } from '../core/reports/period.ts';
import { collectBody, createReports } from '../core/reports/reports.ts';
import { createThreadedReports, type ThreadedReports } from './threaded-reports.ts';

async function dataSheets(bytes: Uint8Array): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.slice().buffer);
  return ['cases', 'study'].map((name) => {
    const rows: unknown[] = [];
    workbook.getWorksheet(name)?.eachRow((row) => rows.push(row.values));
    return rows;
  });
}

describe('reports built in a worker thread on SQLite', () => {
  let dir: string;
  let db: Db;
  let threaded: ThreadedReports;
  const audited: AuditEvent[] = [];
  const deps = { timezone: () => 'Europe/Moscow', audit: async (e: AuditEvent) => void audited.push(e), now: () => Date.UTC(2026, 10, 1) };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'netreach-report-thread-'));
    const path = join(dir, 'reports.db');
    db = createDb({ kind: 'sqlite', path, url: `sqlite:${path}` });
    await db.migrate();
    await seedDemo(db.kysely, createKeyring('report-thread-test-secret-0123456789'), { cases: 300, months: 10, seed: 5, until: new Date('2026-10-31T00:00:00Z'), messagesPerCase: 2, hours: parseWorkingHours('mon-fri 10:00-19:00', 'Europe/Moscow') });
    threaded = createThreadedReports({ kind: 'sqlite', path, url: `sqlite:${path}` }, deps);
  });
  afterAll(async () => {
    await threaded.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives exactly what the reports give on the main thread', async () => {
    const direct = createReports({ store: createReportStore(db.kysely), ...deps });
    expect(await threaded.analytics('2026-01-01', '2026-10-31', 'week')).toEqual(await direct.analytics('2026-01-01', '2026-10-31', 'week'));
    expect(await threaded.studyTable('2026-01-01', '2026-10-31', { suppressSmall: true })).toEqual(await direct.studyTable('2026-01-01', '2026-10-31', { suppressSmall: true }));
    const rows = await threaded.workReport('2026-01-01', '2026-10-31');
    expect(rows.length).toBeGreaterThan(100);
    expect(rows).toEqual(await direct.workReport('2026-01-01', '2026-10-31'));
    expect(JSON.parse(await threaded.workReportJson('2026-01-01', '2026-10-31'))).toEqual(rows);
    // A page to look at: the first cases only.
    expect(JSON.parse(await threaded.workReportJson('2026-01-01', '2026-10-31', 10))).toEqual(rows.slice(0, 10));
    const csv = await threaded.buildExport({ from: '2026-01-01', to: '2026-10-31', format: 'csv', suppressSmall: false });
    expect(Buffer.from(csv.body).equals(Buffer.from((await direct.buildExport({ from: '2026-01-01', to: '2026-10-31', format: 'csv', suppressSmall: false })).body))).toBe(true);
  });

  it('streams exports from the thread with the same bytes, audited before the first byte, and lets a reader stop early', async () => {
    const direct = createReports({ store: createReportStore(db.kysely), ...deps });
    for (const format of ['csv', 'xlsx', 'json']) {
      const request = { from: '2026-01-01', to: '2026-10-31', format, suppressSmall: false };
      const before = audited.length;
      const stream = await threaded.streamExport(request, { accountId: 9, role: 'researcher' });
      expect(audited.length).toBe(before + 1);
      expect(audited.at(-1)).toMatchObject({ actorAccountId: 9, detail: { format, rows: stream.rows } });
      const expected = await direct.buildExport(request);
      expect(stream.rows).toBe(expected.rows);
      const bytes = await collectBody(stream.body);
      // The thread stamps its own "generated" time into XLSX and JSON: compare what it stamps it on.
      const json = (b: Uint8Array) => ({ ...(JSON.parse(Buffer.from(b).toString('utf8')) as object), generatedAt: null });
      if (format === 'xlsx') expect(await dataSheets(bytes)).toEqual(await dataSheets(expected.body));
      else if (format === 'json') expect(json(bytes)).toEqual(json(expected.body));
      else expect(Buffer.from(bytes).equals(Buffer.from(expected.body)), format).toBe(true);
    }
    const opened = await threaded.openExport({ from: '2026-01-01', to: '2026-10-31', format: 'xlsx', suppressSmall: false });
    for await (const bytes of opened.body) {
      expect(bytes.byteLength).toBeGreaterThan(0);
      break;
    }
    // The thread let the abandoned stream go and answers the next request.
    expect((await threaded.studyTable('2026-01-01', '2026-10-31')).totalCases).toBeGreaterThan(0);
  });

  it('audits exports on the main thread and keeps refused input a ReportInputError', async () => {
    const file = await threaded.export({ from: '2026-01-01', to: '2026-06-30', format: 'xlsx', suppressSmall: false }, { accountId: 7, role: 'researcher' });
    expect(file.body.byteLength).toBeGreaterThan(1000);
    expect(audited.at(-1)).toMatchObject({ actorAccountId: 7, action: 'report.export', detail: { format: 'xlsx', from: '2026-01-01', to: '2026-06-30', rows: file.rows } });
    await expect(threaded.workReport('2026-05-01', '2026-01-01')).rejects.toBeInstanceOf(ReportInputError);
    await expect(threaded.export({ from: '2026-01-01', to: '2026-02-01', format: 'pdf', suppressSmall: false }, { accountId: 7, role: 'researcher' })).rejects.toBeInstanceOf(ReportInputError);
    // The thread goes on after a refusal, and sees what the main thread wrote since.
    const before = (await threaded.workReport('2026-01-01', '2026-10-31')).length;
    const client = await db.kysely.selectFrom('clients').select('id').executeTakeFirstOrThrow();
    await db.kysely.insertInto('cases').values({ client_id: client.id, channel: 'private', status: 'open', opened_at: Date.UTC(2026, 3, 1), updated_at: Date.UTC(2026, 3, 1) }).execute();
    expect((await threaded.workReport('2026-01-01', '2026-10-31')).length).toBe(before + 1);
  });
});
