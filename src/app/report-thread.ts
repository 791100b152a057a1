/**
 * The worker thread that builds reports. An export is seconds of formatting, and on SQLite
 * every query answers synchronously: a year of analytics or an XLSX of 100k cases on the
 * main thread would hold up every update behind it, emergencies included. Here they run on
 * a connection of their own (SQLite's WAL lets it read while the bot writes; PostgreSQL
 * gets a small pool of its own).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { createDb } from '../storage/create-db.ts';
import { createReportStore } from '../storage/report-store.ts';
import { createReports, type ExportRequest } from '../core/reports/reports.ts';

/** A request from the main thread; `timezone` is the organisation's at the time of asking. */
export type ReportThreadRequest = { id: number; timezone: string } & (
  | { method: 'workReport'; args: [string, string, number?] }
  | { method: 'workReportJson'; args: [string, string, number?] }
  | { method: 'studyTable'; args: [string, string, { suppressSmall?: boolean }?] }
  | { method: 'analytics'; args: [string, string, 'week' | 'month', { suppressSmall?: boolean }?] }
  | { method: 'buildExport'; args: [ExportRequest] }
);

/** The answer: a result, or the error's name and message (never a stack). */
export type ReportThreadAnswer = { id: number; ok: true; result: unknown } | { id: number; ok: false; name: string; message: string };

const { database } = workerData as { database: Config['database'] };
const db = createDb(database);
const store = createReportStore(db.kysely);
let timezone = 'UTC';
// Exports are audited by the main thread, which knows who asked.
const reports = createReports({ store, timezone: () => timezone, audit: async () => undefined, now: Date.now });
const port = parentPort;
if (!port) throw new Error('report-thread must run in a worker thread');

function run(request: ReportThreadRequest): Promise<unknown> {
  timezone = request.timezone;
  switch (request.method) {
    case 'workReport':
      return reports.workReport(...request.args);
    case 'workReportJson':
      // A year is 100k rows: turned into JSON text here, so the main thread only passes it on.
      return reports.workReportJson(...request.args);
    case 'studyTable':
      return reports.studyTable(...request.args);
    case 'analytics':
      return reports.analytics(...request.args);
    case 'buildExport':
      return reports.buildExport(...request.args);
  }
}

// One request at a time: the timezone is set per request.
let queue = Promise.resolve();
port.on('message', (request: ReportThreadRequest) => {
  queue = queue.then(() =>
    run(request).then(
      (result) => {
        const body = (result as { body?: unknown }).body;
        // An export's bytes move to the main thread instead of being copied.
        port.postMessage({ id: request.id, ok: true, result } satisfies ReportThreadAnswer, body instanceof Uint8Array ? [body.buffer as ArrayBuffer] : []);
      },
      (error: unknown) => port.postMessage({ id: request.id, ok: false, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : 'report failed' } satisfies ReportThreadAnswer),
    ),
  );
});
