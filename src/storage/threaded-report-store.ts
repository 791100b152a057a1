import { Worker } from 'node:worker_threads';
import type { ReportStore } from './report-store.ts';
import type { ReportThreadAnswer, ReportThreadRequest } from './report-thread.ts';

/** A report store whose queries run on a SQLite connection in a worker thread. */
export interface ThreadedReportStore extends ReportStore {
  close(): Promise<void>;
}

/** The worker's entry: the compiled JavaScript when built, the TypeScript through tsx from sources. */
function entry(): URL {
  const fromSources = import.meta.url.endsWith('.ts');
  return new URL(fromSources ? './report-thread-tsx.mjs' : './report-thread.js', import.meta.url);
}

/**
 * Runs the report store's queries in a worker thread with its own connection to the SQLite
 * file, so a long report never blocks the event loop that carries the bot. The thread starts
 * on first use and is started again if it dies.
 */
export function createThreadedReportStore(path: string): ThreadedReportStore {
  let worker: Worker | undefined;
  let next = 0;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  const failAll = (error: Error) => {
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };

  function start(): Worker {
    if (worker) return worker;
    const w = new Worker(entry(), { workerData: { path } });
    w.on('message', (answer: ReportThreadAnswer) => {
      const waiting = pending.get(answer.id);
      if (!waiting) return;
      pending.delete(answer.id);
      if (answer.ok) waiting.resolve(answer.result);
      else waiting.reject(new Error(answer.error));
    });
    w.on('error', (error) => {
      worker = undefined;
      failAll(error);
    });
    w.on('exit', () => {
      if (worker === w) worker = undefined;
      failAll(new Error('report thread stopped'));
    });
    // An idle thread does not keep the process alive.
    w.unref();
    worker = w;
    return w;
  }

  const call = <T>(method: ReportThreadRequest['method'], args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++next;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      start().postMessage({ id, method, args } satisfies ReportThreadRequest);
    });

  return {
    caseRows: (range) => call('caseRows', [range]),
    coded: (range) => call('coded', [range]),
    analytics: (range, previous, starts) => call('analytics', [range, previous, [...starts]]),
    async close() {
      const w = worker;
      worker = undefined;
      if (w) await w.terminate();
    },
  };
}
