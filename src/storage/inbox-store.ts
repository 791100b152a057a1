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
  /** Marks the pending ones of `updateIds` done (rolled back with the transaction if it fails); returns them. */
  const claim = async (trx: Kysely<Database>, updateIds: readonly number[], at: number): Promise<number[]> =>
    (
      await trx
        .updateTable('inbox')
        .set({ status: 'done', processed_at: at, payload_sealed: null })
        .where('update_id', 'in', [...updateIds])
        .where('status', '=', 'pending')
        .returning('update_id')
        .execute()
    ).map((r) => r.update_id);
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

    async pending(limit, known) {
      // Ids first: a process that already holds most of them (it looks again and again while
      // others store updates) opens only the new ones.
      const ids = (await db.selectFrom('inbox').select('update_id').where('status', '=', 'pending').orderBy('update_id').limit(limit).execute())
        .map((r) => r.update_id)
        .filter((id) => !known?.has(id));
      const out: StoredUpdate[] = [];
      for (let i = 0; i < ids.length; i += 1_000) {
        const rows = await db.selectFrom('inbox').select(['update_id', 'payload_sealed', 'received_at']).where('update_id', 'in', ids.slice(i, i + 1_000)).where('status', '=', 'pending').orderBy('update_id').execute();
        for (const row of rows) {
          if (!row.payload_sealed) continue;
          const { lane, update } = JSON.parse(keys.open(row.payload_sealed, SEAL.inbox)) as { lane: number; update: unknown };
          out.push({ updateId: row.update_id, lane, update, receivedAt: Number(row.received_at) });
        }
      }
      return out;
    },

    async process(updateId, at, handle) {
      return db.transaction().execute(async (trx) => {
        // Claimed first, only while pending: of two processes holding the same update, one
        // processes it (PostgreSQL makes the other wait, then finds it done). The payload is not
        // needed once processed: only the id is kept, to deduplicate.
        if (!(await claim(trx, [updateId], at)).includes(updateId)) return 'already-done';
        await handle(createRelayStore(trx, keys));
        return 'done';
      });
    },

    async processBatch(updateIds, at, handle) {
      return db.transaction().execute(async (trx) => {
        const claimed = new Set(await claim(trx, updateIds, at));
        const todo = updateIds.filter((id) => claimed.has(id));
        const store = createRelayStore(trx, keys);
        for (const id of todo) await handle(id, store);
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

