import type { Kysely } from 'kysely';
import type { LeaseStore } from '../core/leases/ports.ts';
import type { Database } from './schema.ts';

/** Builds the lease store: one upsert that only wins over an expired lease or one's own. */
export function createLeaseStore(db: Kysely<Database>): LeaseStore {
  return {
    async acquire(name, holder, now, ttlMs) {
      const row = await db
        .insertInto('leases')
        .values({ name, holder, expires_at: now + ttlMs })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet((eb) => ({ holder: eb.ref('excluded.holder'), expires_at: eb.ref('excluded.expires_at') }))
            .where((eb) => eb.or([eb('leases.holder', '=', holder), eb('leases.expires_at', '<', now)])),
        )
        .returning('holder')
        .executeTakeFirst();
      return row?.holder === holder;
    },

    async release(name, holder) {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
  };
}
