import type { Kysely } from 'kysely';
import type { Client, Language } from '../core/types.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { createRelayStore } from './relay-store.ts';
import type { Database } from './schema.ts';
import type { TimerStore } from '../core/timers/ports.ts';

/** Builds the timer store over a database. */
export function createTimerStore(db: Kysely<Database>, keys: Keyring): TimerStore {
  return {
    async due(now, limit) {
      const rows = await db.selectFrom('timers').select('id').where('done_at', 'is', null).where('due_at', '<=', now).orderBy('due_at').orderBy('id').limit(limit).execute();
      return rows.map((r) => r.id);
    },

    async fire(id, at, handle) {
      return db.transaction().execute(async (trx) => {
        // Claimed first, and only while not done: of several processes that saw the timer due,
        // one marks it done and fires it; the others find nothing to claim (PostgreSQL makes
        // them wait for the first to commit, then re-checks the condition).
        const claimed = await trx.updateTable('timers').set({ done_at: at }).where('id', '=', id).where('done_at', 'is', null).executeTakeFirst();
        if (Number(claimed.numUpdatedRows) === 0) return false;
        const row = await trx
          .selectFrom('timers')
          .leftJoin('clients', 'clients.id', 'timers.client_id')
          .select(['timers.id', 'timers.kind', 'timers.case_id', 'timers.payload', 'clients.id as client_id', 'clients.code', 'clients.language', 'clients.unreachable', 'clients.erased_at', 'clients.via'])
          .where('timers.id', '=', id)
          .executeTakeFirst();
        if (!row) return false;
        const client: Client | undefined =
          row.client_id !== null && row.code !== null && row.language !== null
            ? { id: row.client_id, code: row.code, language: row.language as Language, unreachable: row.unreachable === 1 || row.erased_at !== null, via: row.via === 'web' ? 'web' : 'telegram' }
            : undefined;
        await handle({ id: row.id, kind: row.kind, caseId: row.case_id, payload: JSON.parse(row.payload) as Record<string, unknown>, client }, createRelayStore(trx, keys));
        return true;
      });
    },

    async next() {
      const row = await db.selectFrom('timers').select((eb) => eb.fn.min('due_at').as('next')).where('done_at', 'is', null).executeTakeFirst();
      return row?.next === null || row?.next === undefined ? undefined : Number(row.next);
    },
  };
}
