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

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Deletes the transcripts of cases closed more than `retentionDays` ago: every message
 * (text, media references, notes), the client's feedback comment and workers' kept answers
 * to community-chat requests; and the text of drug-alert reports finished that long ago
 * (published ones stay in the channel). The coded case, its
 * work report, referrals and emergencies stay, so reports over any period still count them.
 * Works in batches so a large first purge never holds the database for long.
 */
export async function purgeTranscripts(db: Kysely<Database>, now: number, retentionDays: number, batch = 5_000): Promise<{ cases: number; messages: number }> {
  const before = now - retentionDays * DAY_MS;
  const expired = db.selectFrom('cases').select('id').where('status', '=', 'closed').where('closed_at', '<', before);
  let messages = 0;
  for (;;) {
    const ids = await db.selectFrom('messages').select('id').where('case_id', 'in', expired).limit(batch).execute();
    if (ids.length === 0) break;
    const removed = await db.deleteFrom('messages').where('id', 'in', ids.map((r) => r.id)).executeTakeFirst();
    messages += Number(removed.numDeletedRows);
  }
  const comments = await db.updateTable('cases').set({ feedback_comment_sealed: null }).where('id', 'in', expired).where('feedback_comment_sealed', 'is not', null).executeTakeFirst();
  // Workers' answers kept for a community-chat request, and what finished drug-alert reports said.
  await db.deleteFrom('group_answers').where('case_id', 'in', expired).execute();
  await db.updateTable('drug_alerts').set({ body_sealed: null }).where('status', 'in', ['published', 'rejected', 'cancelled']).where('updated_at', '<', before).where('body_sealed', 'is not', null).execute();
  return { cases: Number(comments.numUpdatedRows), messages };
}

/** Runs {@link purgeFinished} and {@link purgeTranscripts} now and then; returns a function that stops it. */
export function startHousekeeping(deps: { db: Kysely<Database>; logger: Logger; now(): number; everyMs?: number; retentionDays?: () => number }): () => void {
  const run = () =>
    purgeFinished(deps.db, deps.now())
      .then(async (removed) => {
        if (removed.inbox + removed.outbox > 0) deps.logger.info(removed, 'purged finished inbox and outbox rows');
        if (!deps.retentionDays) return;
        const purged = await purgeTranscripts(deps.db, deps.now(), deps.retentionDays());
        if (purged.messages > 0) deps.logger.info({ messages: purged.messages }, 'deleted transcripts past the retention period');
      })
      .catch((error: unknown) => deps.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'housekeeping failed'));
  // Once soon after start (a process that restarts often still purges), then every hour.
  const first = setTimeout(run, 60_000);
  first.unref();
  const timer = setInterval(run, deps.everyMs ?? 60 * 60 * 1000);
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
