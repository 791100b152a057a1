import type { Logger } from 'pino';
import type { HousekeepingStore } from '../core/housekeeping/ports.ts';
import type { OperationsTelemetry } from '../core/metrics/ports.ts';
import { errorName } from '../logger.ts';

/** How long processed updates and finished outbox rows are kept (ids only; payloads are gone). */
export const HOUSEKEEPING_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Deletes processed inbox rows and finished outbox rows older than the retention period.
 * Their payloads were already dropped when they finished; the rows themselves were kept a
 * while so that a late duplicate from Telegram is still recognised.
 */
export function purgeFinished(store: HousekeepingStore, now: number, retentionMs = HOUSEKEEPING_RETENTION_MS): Promise<{ inbox: number; outbox: number }> {
  return store.purgeFinished(now - retentionMs);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the transcripts of cases closed more than `retentionDays` ago: every message
 * (text, media references, notes), the client's feedback comment and workers' kept answers
 * to community-chat requests. A case left open longer than that loses its messages older
 * than the period and keeps the rest (and stays open). Also the text of drug-alert reports
 * finished that long ago (published ones stay in the channel) and of moderation-log entries
 * made that long ago (the entry, its reason and decision stay). The coded case, its
 * work report, referrals and emergencies stay, so reports over any period still count them.
 * Works in batches so a large first purge never holds the database for long.
 */
export function purgeTranscripts(store: HousekeepingStore, now: number, retentionDays: number, batch = 5_000): Promise<{ cases: number; messages: number; moderation: number }> {
  return store.purgeTranscripts(now - retentionDays * DAY_MS, batch);
}

/**
 * Runs {@link purgeFinished} and {@link purgeTranscripts} now and then; returns a function
 * that stops it. `telemetry` hears of every run (its outcome and what it deleted).
 */
export function startHousekeeping(deps: {
  store: HousekeepingStore;
  logger: Logger;
  now(): number;
  everyMs?: number;
  /** Delay of the first run after start. */
  firstAfterMs?: number;
  retentionDays?: () => number;
  telemetry?: Pick<OperationsTelemetry, 'housekeepingRan'>;
}): () => void {
  const run = () =>
    purgeFinished(deps.store, deps.now())
      .then(async (removed) => {
        if (removed.inbox + removed.outbox > 0) deps.logger.info(removed, 'purged finished inbox and outbox rows');
        let messages = 0;
        if (deps.retentionDays) {
          const purged = await purgeTranscripts(deps.store, deps.now(), deps.retentionDays());
          if (purged.messages > 0) deps.logger.info({ messages: purged.messages }, 'deleted transcripts past the retention period');
          messages = purged.messages;
        }
        deps.telemetry?.housekeepingRan('ok', deps.now(), { ...removed, messages });
      })
      .catch((error: unknown) => {
        deps.logger.error({ err: errorName(error) }, 'housekeeping failed');
        deps.telemetry?.housekeepingRan('failed', deps.now());
      });
  // Once soon after start (a process that restarts often still purges), then every hour.
  const first = setTimeout(run, deps.firstAfterMs ?? 60_000);
  first.unref();
  const timer = setInterval(run, deps.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
