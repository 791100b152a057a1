import { Worker } from 'node:worker_threads';
import type { Config } from '../config.ts';
import { ReportInputError, parsePeriod } from '../core/reports/period.ts';
import type { OpenedExport, PulledBytes, ReportThreadAnswer, ReportThreadRequest } from './report-thread.ts';
import { auditExport, type ReportFile, type Reports, type ReportsDeps, type ReportStream } from '../core/reports/reports.ts';

/** Reports built in a worker thread. */
export interface ThreadedReports extends Reports {
  close(): Promise<void>;
}

/** The worker's entry: the compiled JavaScript when built, the TypeScript through tsx from sources. */
function entry(): URL {
  const fromSources = import.meta.url.endsWith('.ts');
  return new URL(fromSources ? './report-thread-tsx.mjs' : './report-thread.js', import.meta.url);
}

type Method = ReportThreadRequest['method'];
type ArgsOf<M extends Method> = Extract<ReportThreadRequest, { method: M }>['args'];

/**
 * The report use-cases with their queries and formatting in a worker thread that has its
 * own database connection, so no report blocks the event loop that carries the bot. Audit
 * entries are written here, on the main thread. The thread starts on first use and again
 * if it dies.
 */
export function createThreadedReports(database: Config['database'], deps: Omit<ReportsDeps, 'store'>): ThreadedReports {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  function start(): Worker {
    if (worker) return worker;
    const w = new Worker(entry(), { workerData: { database } });
    w.on('message', (answer: ReportThreadAnswer) => {
      const waiting = pending.get(answer.id);
      if (!waiting) return;
      pending.delete(answer.id);
      if (pending.size === 0) w.unref();
      if (answer.ok) waiting.resolve(answer.result);
      // A refused period or format stays a ReportInputError, so it is still a 400.
      else waiting.reject(answer.name === 'ReportInputError' ? new ReportInputError(answer.message) : new Error(`${answer.name}: ${answer.message}`));
    });
    w.on('error', (error) => {
      if (worker === w) worker = undefined;
      failAll(error);
    });
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll(new Error('report thread stopped'));
    });
    // An idle thread does not keep the process alive; one with work to answer does.
    w.unref();
    worker = w;
    return w;
  }

  function call<M extends Method, T>(method: M, args: ArgsOf<M>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      const w = start();
      w.ref();
      w.postMessage({ id, method, args, timezone: deps.timezone() } as ReportThreadRequest);
    });
  }

  const reports: ThreadedReports = {
    period: (from, to) => parsePeriod(from, to, deps.timezone()),
    workReport: (from, to, limit) => call('workReport', [from, to, limit]),
    workReportJson: (from, to, limit) => call('workReportJson', [from, to, limit]),
    studyTable: (from, to, options) => call('studyTable', [from, to, options]),
    analytics: (from, to, bucket, options) => call('analytics', [from, to, bucket, options]),
    buildExport: (request) => call<'buildExport', ReportFile>('buildExport', [request]),
    async openExport(request) {
      const { stream, ...file } = await call<'openExport', OpenedExport>('openExport', [request]);
      // Pulled a piece at a time: the thread builds no further ahead than the reader reads.
      async function* body(): AsyncGenerator<Uint8Array> {
        // Settled: ended, or failed (the thread has let the stream go); else the reader stopped early.
        let settled = false;
        try {
          for (;;) {
            const next = await call<'pull', PulledBytes>('pull', [stream]).catch((error: unknown) => {
              settled = true;
              throw error;
            });
            if (next.done) {
              settled = true;
              return;
            }
            yield next.chunk;
          }
        } finally {
          if (!settled) await call('cancel', [stream]).catch(() => undefined);
        }
      }
      return { ...file, body: body() } satisfies ReportStream;
    },
    async streamExport(request, actor) {
      const stream = await reports.openExport(request);
      await auditExport(deps.audit, deps.now(), stream, request, actor);
      return stream;
    },
    async export(request, actor) {
      const file = await reports.buildExport(request);
      await auditExport(deps.audit, deps.now(), file, request, actor);
      return file;
    },
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
  return reports;
}
