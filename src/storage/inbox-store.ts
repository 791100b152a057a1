import type { Kysely } from 'kysely';
import type { Keyring } from '../core/crypto/keyring.ts';
import { createRelayStore } from './relay-store.ts';
import { SEAL } from './relay-rows.ts';
import type { Database } from './schema.ts';
import type { InboxStore, StoredUpdate } from '../core/inbox/ports.ts';

/** Settings key of the next `getUpdates` offset. */
export const OFFSET_SETTING = 'telegram_offset';

/** Builds the inbox over a database; the chat of each update is kept only as a pseudonym. */
export function createInboxStore(db: Kysely<Database>, keys: Keyring): InboxStore {
  const laneOnDisk = (lane: number) => keys.pseudonym('chat', lane);
  return {
    async storeBatch(updates, nextOffset, at) {
      return db.transaction().execute(async (trx) => {
        let fresh: StoredUpdate[] = [];
        if (updates.length > 0) {
          const inserted = await trx
            .insertInto('inbox')
            .values(
              updates.map((u) => ({
                update_id: u.updateId,
                chat_key: laneOnDisk(u.lane),
                payload_sealed: keys.seal(JSON.stringify({ lane: u.lane, update: u.update }), SEAL.inbox),
                status: 'pending',
                received_at: at,
              })),
            )
            .onConflict((oc) => oc.column('update_id').doNothing())
            .returning('update_id')
            .execute();
          const ids = new Set(inserted.map((r) => r.update_id));
          fresh = updates.filter((u) => ids.has(u.updateId));
        }
        if (nextOffset !== undefined) {
          const value = String(nextOffset);
          await trx
            .insertInto('settings')
            .values({ key: OFFSET_SETTING, value, updated_at: at })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
            .execute();
        }
        return fresh;
      });
    },

    async pending(limit) {
      const rows = await db
        .selectFrom('inbox')
        .select(['update_id', 'payload_sealed'])
        .where('status', '=', 'pending')
        .orderBy('update_id')
        .limit(limit)
        .execute();
      return rows.flatMap((row) => {
        if (!row.payload_sealed) return [];
        const { lane, update } = JSON.parse(keys.open(row.payload_sealed, SEAL.inbox)) as { lane: number; update: unknown };
        return [{ updateId: row.update_id, lane, update }];
      });
    },

    async process(updateId, at, handle) {
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('inbox').select('status').where('update_id', '=', updateId).executeTakeFirst();
        if (row && row.status !== 'pending') return 'already-done';
        await handle(createRelayStore(trx, keys));
        // The payload is not needed once processed: keep only the id, to deduplicate.
        await trx
          .updateTable('inbox')
          .set({ status: 'done', processed_at: at, payload_sealed: null })
          .where('update_id', '=', updateId)
          .execute();
        return 'done';
      });
    },

    async processBatch(updateIds, at, handle) {
      return db.transaction().execute(async (trx) => {
        const rows = await trx.selectFrom('inbox').select(['update_id', 'status']).where('update_id', 'in', [...updateIds]).execute();
        const done = new Set(rows.filter((r) => r.status !== 'pending').map((r) => r.update_id));
        const todo = updateIds.filter((id) => !done.has(id));
        const store = createRelayStore(trx, keys);
        for (const id of todo) await handle(id, store);
        if (todo.length > 0) {
          await trx
            .updateTable('inbox')
            .set({ status: 'done', processed_at: at, payload_sealed: null })
            .where('update_id', 'in', todo)
            .execute();
        }
        return todo;
      });
    },

    async markFailed(updateId, errorName, at, maxAttempts) {
      const row = await db.selectFrom('inbox').select('attempts').where('update_id', '=', updateId).executeTakeFirst();
      const attempts = (row?.attempts ?? 0) + 1;
      const failed = attempts >= maxAttempts;
      await db
        .updateTable('inbox')
        .set({ attempts, error: errorName.slice(0, 200), ...(failed ? { status: 'failed', processed_at: at, payload_sealed: null } : {}) })
        .where('update_id', '=', updateId)
        .execute();
      return failed ? 'failed' : 'retry';
    },

    async offset() {
      const row = await db.selectFrom('settings').select('value').where('key', '=', OFFSET_SETTING).executeTakeFirst();
      return row ? Number(row.value) : undefined;
    },
  };
}

