import type { Kysely } from 'kysely';
import type { HousekeepingStore } from '../core/housekeeping/ports.ts';
import type { Database } from './schema.ts';

/** Builds the housekeeping store over a database. */
export function createHousekeepingStore(db: Kysely<Database>): HousekeepingStore {
  return {
    async purgeFinished(before) {
      const inbox = await db.deleteFrom('inbox').where('status', '!=', 'pending').where('processed_at', '<', before).executeTakeFirst();
      const outbox = await db.deleteFrom('outbox').where('status', '!=', 'pending').where('sent_at', '<', before).executeTakeFirst();
      // The web chat's counters of windows long over count nothing any more.
      await db.deleteFrom('web_chat_limits').where('window_ends_at', '<', before).execute();
      return { inbox: Number(inbox.numDeletedRows), outbox: Number(outbox.numDeletedRows) };
    },

    async purgeTranscripts(before, batch) {
      const expired = db.selectFrom('cases').select('id').where('status', '=', 'closed').where('closed_at', '<', before);
      let messages = 0;
      // Every message of a case closed before then, and every message older than then in any
      // case: a case left open for longer than the period keeps its case row, not its text.
      for (const scope of ['closed', 'old'] as const) {
        for (;;) {
          let query = db.selectFrom('messages').select('id');
          query = scope === 'closed' ? query.where('case_id', 'in', expired) : query.where('created_at', '<', before);
          const ids = await query.limit(batch).execute();
          if (ids.length === 0) break;
          const removed = await db.deleteFrom('messages').where('id', 'in', ids.map((r) => r.id)).executeTakeFirst();
          messages += Number(removed.numDeletedRows);
        }
      }
      const comments = await db.updateTable('cases').set({ feedback_comment_sealed: null }).where('id', 'in', expired).where('feedback_comment_sealed', 'is not', null).executeTakeFirst();
      // Workers' answers kept for a community-chat request, and what finished drug-alert reports said.
      await db.deleteFrom('group_answers').where((eb) => eb.or([eb('case_id', 'in', expired), eb('created_at', '<', before)])).execute();
      await db.updateTable('drug_alerts').set({ body_sealed: null }).where('status', 'in', ['published', 'rejected', 'cancelled']).where('updated_at', '<', before).where('body_sealed', 'is not', null).execute();
      // The community chat's moderation log keeps why and when; the removed message's text goes.
      const moderation = await db.updateTable('community_moderation').set({ body_sealed: null }).where('created_at', '<', before).where('body_sealed', 'is not', null).executeTakeFirst();
      return { cases: Number(comments.numUpdatedRows), messages, moderation: Number(moderation.numUpdatedRows) };
    },
  };
}
