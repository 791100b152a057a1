import type { Logger } from 'pino';
import { errorName } from '../logger.ts';
import { createPassLoop } from './pass-loop.ts';
import type { RelayStore } from '../core/ports.ts';
import type { DueTimer, TimerStore } from '../core/timers/ports.ts';

/** What a timer runner needs; `handle` dispatches by timer kind. */
export interface TimerRunnerDeps {
  timers: TimerStore;
  handle(timer: DueTimer, store: RelayStore, at: number): Promise<void>;
  /** Called after timers fired (the outbox sender wakes up). */
  onFired(): void;
  logger: Logger;
  now(): number;
  /** How often to look even without a nudge (a safety net; nudges carry the usual case). */
  pollMs?: number;
}

/** Fires durable timers when they are due; they survive restarts because they live in the database. */
export interface TimerRunner {
  start(): void;
  /** A timer was scheduled: look again at once. */
  nudge(): void;
  stop(): Promise<void>;
}

/** Creates the runner. A failing timer is logged and retried on the next pass. */
export function createTimerRunner(deps: TimerRunnerDeps): TimerRunner {
  return createPassLoop(
    async () => {
      let fired = 0;
      try {
        for (const id of await deps.timers.due(deps.now(), 100)) {
          const at = deps.now();
          try {
            if (await deps.timers.fire(id, at, (t, store) => deps.handle(t, store, at))) fired++;
          } catch (error) {
            deps.logger.error({ timer: id, err: errorName(error) }, 'timer failed');
          }
        }
        if (fired > 0) deps.onFired();
        const next = await deps.timers.next();
        return next === undefined ? Number.POSITIVE_INFINITY : next - deps.now();
      } catch (error) {
        deps.logger.error({ err: errorName(error) }, 'timer pass failed');
        return 1000;
      }
    },
    { maxWaitMs: deps.pollMs ?? 1000 },
  );
}
