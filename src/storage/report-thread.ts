/**
 * The worker thread that runs report queries on SQLite. better-sqlite3 answers
 * synchronously: a year of analytics (a quarter of a second) or an export (seconds) on the
 * main thread would hold up every update behind it, emergencies included. Here they run on
 * a connection of their own (WAL lets it read while the main thread writes).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createDb } from './create-db.ts';
import { createReportStore, type ReportStore } from './report-store.ts';

/** A request from the main thread. */
export interface ReportThreadRequest {
  id: number;
  method: keyof ReportStore;
  args: unknown[];
}

/** The answer: a result or a message safe to log. */
export type ReportThreadAnswer = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

const { path } = workerData as { path: string };
const db = createDb({ kind: 'sqlite', path, url: `sqlite:${path}` });
const store = createReportStore(db.kysely);
const port = parentPort;
if (!port) throw new Error('report-thread must run in a worker thread');

port.on('message', (request: ReportThreadRequest) => {
  const call = store[request.method] as (...args: unknown[]) => Promise<unknown>;
  call.apply(store, request.args).then(
    (result) => port.postMessage({ id: request.id, ok: true, result } satisfies ReportThreadAnswer),
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : 'report query failed' } satisfies ReportThreadAnswer),
  );
});
