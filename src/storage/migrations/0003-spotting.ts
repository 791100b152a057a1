import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Spotting ("never use alone") check-ins: one row per session. What the client leaves for a
 * responder is sealed and set to null when the session ends; the row itself keeps only
 * times and states (for counts such as "how many check-ins escalated").
 */
export function spotting(caps: DialectCapabilities): Migration {
  const { autoIdType, bigintType, bytesType } = caps;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('spotting_sessions')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('duration_min', 'integer', (c) => c.notNull())
        .addColumn('ends_at', bigintType, (c) => c.notNull())
        .addColumn('asks', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('responder_sealed', bytesType)
        .addColumn('case_id', 'integer')
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('escalated_at', bigintType)
        .addColumn('ended_at', bigintType)
        .execute();
      // At most one session per client is active: a second start (two taps, two processes) finds the first.
      await db.schema
        .createIndex('spotting_sessions_active')
        .on('spotting_sessions')
        .column('client_id')
        .unique()
        .where(sql.ref('ended_at'), 'is', null)
        .execute();
    },
  };
}
