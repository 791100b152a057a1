import type { Logger } from 'pino';
import { errorName } from '../logger.ts';
import type { InboxCase } from './api/contract.ts';
import type { CaseWorkStore } from '../core/case-work/ports.ts';

/** Changes are looked for this far back too: a transaction may commit after a later one. */
const OVERLAP_MS = 5_000;

/**
 * The live inbox: while someone listens, changed cases are read from the database (so it
 * works when the bot runs in another process) every `pollMs`, and at once after a
 * `poke()` from this process. Each listener gets every changed case once per change.
 */
export function createCaseFeed(deps: { cases: CaseWorkStore; now: () => number; logger: Logger; pollMs?: number }) {
  const listeners = new Set<(row: InboxCase) => void>();
  const sent = new Map<number, number>();
  let since = deps.now() - OVERLAP_MS;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;

  async function poll(): Promise<void> {
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const rows = await deps.cases.changedSince(since, 500);
        let newest = since;
        for (const row of rows) {
          newest = Math.max(newest, row.updatedAt);
          if (sent.get(row.id) === row.updatedAt) continue;
          sent.set(row.id, row.updatedAt);
          for (const listener of listeners) listener(row);
        }
        // A full page means more may follow at the same moment: keep the window, read on next time.
        if (rows.length < 500) since = Math.max(since, newest - OVERLAP_MS);
        for (const [id, at] of sent) if (at < since) sent.delete(id);
      } while (again);
    } catch (error) {
      deps.logger.warn({ err: errorName(error) }, 'live inbox poll failed');
    } finally {
      running = false;
    }
  }

  function schedule(ms: number): void {
    if (timer || listeners.size === 0) return;
    timer = setTimeout(() => {
      timer = undefined;
      void poll().finally(() => schedule(deps.pollMs ?? 1_000));
    }, ms);
    timer.unref();
  }

  return {
    /** Calls `listener` with every case that changes from now on; returns the unsubscribe. */
    subscribe(listener: (row: InboxCase) => void): () => void {
      if (listeners.size === 0) {
        since = deps.now() - OVERLAP_MS;
        sent.clear();
      }
      listeners.add(listener);
      schedule(deps.pollMs ?? 1_000);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer) {
          clearTimeout(timer);
          timer = undefined;
        }
      };
    },
    /** Something changed in this process: look now rather than at the next tick. */
    poke(): void {
      if (listeners.size === 0) return;
      if (timer) clearTimeout(timer);
      timer = undefined;
      schedule(20);
    },
    stop(): void {
      listeners.clear();
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

/** The live inbox feed. */
export type CaseFeed = ReturnType<typeof createCaseFeed>;
