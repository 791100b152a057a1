import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/** Leases: which process does what when several share one PostgreSQL database. */
export function leases(caps: DialectCapabilities): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', caps.bigintType, (c) => c.notNull())
        .execute();
    },
  };
}
