import type { Kysely } from 'kysely';
import type { FeedbackStore } from '../core/ports.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';
import { SEAL } from './relay-rows.ts';
import { LANE } from '../core/outbox/lanes.ts';

/** Clients' ratings of closed cases and their optional comments (sealed). Over a transaction (or the plain database). */
export function createFeedbackStore(db: Kysely<Database>, keys: Keyring): FeedbackStore {
  return {
    async record(clientId, caseId, rating, at) {
      const row = await db.selectFrom('cases').select(['client_id', 'feedback']).where('id', '=', caseId).executeTakeFirst();
      if (!row || row.client_id !== clientId) return 'not-theirs';
      if (row.feedback !== null) return 'already';
      await db.updateTable('cases').set({ feedback: rating, feedback_at: at }).where('id', '=', caseId).where('feedback', 'is', null).execute();
      return 'recorded';
    },

    async promptCase(clientId, messageId) {
      const row = await db
        .selectFrom('outbox')
        .select('case_id')
        .where('chat_key', '=', LANE.client(clientId))
        .where('result_message_id', '=', messageId)
        .where('dedupe_key', 'like', 'fb-comment-ask:%')
        .executeTakeFirst();
      return row?.case_id ?? undefined;
    },

    async saveComment(caseId, comment) {
      const result = await db
        .updateTable('cases')
        .set({ feedback_comment_sealed: keys.seal(comment, SEAL.feedback) })
        .where('id', '=', caseId)
        .where('feedback_comment_sealed', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
