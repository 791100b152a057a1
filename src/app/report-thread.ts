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
import { createReports, type ExportRequest, type ReportStream } from '../core/reports/reports.ts';

/** A request from the main thread; `timezone` is the organisation's at the time of asking. */
export type ReportThreadRequest = { id: number; timezone: string } & (
  | { method: 'workReport'; args: [string, string, number?] }
  | { method: 'workReportJson'; args: [string, string, number?] }
  | { method: 'studyTable'; args: [string, string, { suppressSmall?: boolean }?] }
  | { method: 'analytics'; args: [string, string, 'week' | 'month', { suppressSmall?: boolean }?] }
  | { method: 'buildExport'; args: [ExportRequest] }
  | { method: 'openExport'; args: [ExportRequest] }
  | { method: 'pull'; args: [number] }
  | { method: 'cancel'; args: [number] }
);

/** What `openExport` answers: the export without its body, which comes by `pull` of `stream`. */
export type OpenedExport = Omit<ReportStream, 'body'> & { stream: number };
/** One `pull`: the next bytes of an open export, or its end. */
export type PulledBytes = { done: true } | { done: false; chunk: Uint8Array };

/** Bytes gathered per `pull`: big enough that messages are few, small enough that memory stays flat. */
const PULL_BYTES = 256 * 1024;

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

const streams = new Map<number, AsyncIterator<Uint8Array>>();
let nextStream = 0;
const ENDED: AsyncIterator<Uint8Array> = { next: async () => ({ done: true, value: undefined }) };

async function open(request: ExportRequest): Promise<OpenedExport> {
  const { body, ...file } = await reports.openExport(request);
  const stream = ++nextStream;
  streams.set(stream, body[Symbol.asyncIterator]());
  return { ...file, stream };
}

async function pull(stream: number): Promise<PulledBytes> {
  const iterator = streams.get(stream);
  if (!iterator) throw new Error('no such export stream');
  const parts: Uint8Array[] = [];
  let length = 0;
  let finished = false;
  try {
    while (length < PULL_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        finished = true;
        break;
      }
      parts.push(next.value);
      length += next.value.byteLength;
    }
  } catch (error) {
    streams.delete(stream);
    throw error;
  }
  if (length === 0) {
    streams.delete(stream);
    return { done: true };
  }
  // The last bytes go now; the next pull hears the end.
  if (finished) streams.set(stream, ENDED);
  // A fresh array of its own: its buffer moves to the main thread (a zlib chunk may share a pool).
  const chunk = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    chunk.set(part, at);
    at += part.byteLength;
  }
  return { done: false, chunk };
}

async function cancel(stream: number): Promise<null> {
  const iterator = streams.get(stream);
  streams.delete(stream);
  await iterator?.return?.();
  return null;
}

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
    case 'openExport':
      return open(...request.args);
    case 'pull':
      return pull(...request.args);
    case 'cancel':
      return cancel(...request.args);
  }
}

function answer(request: ReportThreadRequest): Promise<void> {
  return run(request).then(
    (result) => {
      const bytes = (result as { body?: unknown; chunk?: unknown } | null)?.body ?? (result as { chunk?: unknown } | null)?.chunk;
      // An export's bytes move to the main thread instead of being copied.
      port?.postMessage({ id: request.id, ok: true, result } satisfies ReportThreadAnswer, bytes instanceof Uint8Array ? [bytes.buffer as ArrayBuffer] : []);
    },
    (error: unknown) => port?.postMessage({ id: request.id, ok: false, name: error instanceof Error ? error.name : 'Error', message: error instanceof Error ? error.message : 'report failed' } satisfies ReportThreadAnswer),
  );
}

// One request at a time: the timezone is set per request. Reading an open export needs no
// timezone (its period is fixed when it opens), so a slow download does not hold up the rest.
let queue = Promise.resolve();
port.on('message', (request: ReportThreadRequest) => {
  if (request.method === 'pull' || request.method === 'cancel') void answer(request);
  else queue = queue.then(() => answer(request));
});
