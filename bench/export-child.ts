/**
 * One export in a process of its own, so its peak memory is its own: `tsx bench/export-child.ts
 * '<json>'` with `{ database, mode, format, from, to }`. Prints one JSON line: milliseconds
 * from asking to the last byte, bytes, rows, and peak RSS before and after (MB).
 *
 * Modes: `stream` (the export as shipped: pages from the database, bytes as they are made),
 * `json-dump` (baseline: the same cases as one JSON string, whole in memory) and
 * `exceljs-whole` (the XLSX as it was built before: exceljs's in-memory workbook).
 */
import ExcelJS from 'exceljs';
import type { Config } from '../src/config.ts';
import { caseTable, studyTableRows } from '../src/core/reports/dataset.ts';
import { codeList } from '../src/core/reports/dictionary.ts';
import { createReports } from '../src/core/reports/reports.ts';
import { createDb } from '../src/storage/create-db.ts';
import { createReportStore } from '../src/storage/report-store.ts';

interface Job {
  database: Config['database'];
  mode: 'stream' | 'json-dump' | 'exceljs-whole';
  format: 'csv' | 'xlsx';
  from: string;
  to: string;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const db = createDb(job.database);
const reports = createReports({ store: createReportStore(db.kysely), timezone: () => 'Europe/Moscow', audit: async () => undefined, now: Date.now });
// Warm the connection and the code paths on a tiny period, so the run measures the export.
await reports.buildExport({ from: job.from, to: job.from, format: job.format, suppressSmall: false });
const rssBefore = process.memoryUsage().rss;

/** The XLSX as src/core/reports/xlsx.ts built it before it streamed. */
async function exceljsWhole(): Promise<{ bytes: number; rows: number }> {
  const cases = caseTable(await reports.workReport(job.from, job.to));
  const tables = [cases, studyTableRows(await reports.studyTable(job.from, job.to))];
  const workbook = new ExcelJS.Workbook();
  for (const table of tables) {
    const sheet = workbook.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.addRow(table.columns.map((c) => c.name)).font = { bold: true };
    for (const row of table.rows) sheet.addRow(row);
  }
  const dictionary = workbook.addWorksheet('data dictionary');
  for (const table of tables) for (const column of table.columns) dictionary.addRow([table.name, column.name, '', column.en, column.ru]);
  for (const entry of codeList()) dictionary.addRow([entry.list, entry.code, entry.theme, entry.en, entry.ru]);
  const buffer = await workbook.xlsx.writeBuffer();
  return { bytes: (buffer as ArrayBuffer).byteLength, rows: cases.rows.length };
}

const started = performance.now();
let bytes = 0;
let rows: number;
if (job.mode === 'stream') {
  const file = await reports.openExport({ from: job.from, to: job.to, format: job.format, suppressSmall: false });
  rows = file.rows;
  for await (const part of file.body) bytes += part.byteLength;
} else if (job.mode === 'json-dump') {
  const text = await reports.workReportJson(job.from, job.to);
  bytes = Buffer.byteLength(text);
  rows = (JSON.parse(text) as unknown[]).length;
} else {
  ({ bytes, rows } = await exceljsWhole());
}
const ms = performance.now() - started;
await db.close();
const mb = (n: number) => Number((n / 1e6).toFixed(1));
process.stdout.write(`${JSON.stringify({ ms: Number(ms.toFixed(0)), bytes, rows, rssBeforeMb: mb(rssBefore), peakRssMb: mb(process.resourceUsage().maxRSS * 1024) })}\n`);
