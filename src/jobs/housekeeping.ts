import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../storage/schema.ts';

/** How long processed updates and finished outbox rows are kept (ids only; payloads are gone). */
export const HOUSEKEEPING_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Deletes processed inbox rows and finished outbox rows older than the retention period.
 * Their payloads were already dropped when they finished; the rows themselves were kept a
 * while so that a late duplicate from Telegram is still recognised.
 */
export async function purgeFinished(db: Kysely<Database>, now: number, retentionMs = HOUSEKEEPING_RETENTION_MS): Promise<{ inbox: number; outbox: number }> {
  const before = now - retentionMs;
  const inbox = await db.deleteFrom('inbox').where('status', '!=', 'pending').where('processed_at', '<', before).executeTakeFirst();
  const outbox = await db.deleteFrom('outbox').where('status', '!=', 'pending').where('sent_at', '<', before).executeTakeFirst();
  return { inbox: Number(inbox.numDeletedRows), outbox: Number(outbox.numDeletedRows) };
}

/** Runs {@link purgeFinished} now and then; returns a function that stops it. */
export function startHousekeeping(deps: { db: Kysely<Database>; logger: Logger; now(): number; everyMs?: number }): () => void {
  const run = () =>
    purgeFinished(deps.db, deps.now()).then(
      (removed) => {
        if (removed.inbox + removed.outbox > 0) deps.logger.info(removed, 'purged finished inbox and outbox rows');
      },
      (error: unknown) => deps.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'housekeeping failed'),
    );
  const timer = setInterval(run, deps.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
