import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/** Doctors' verifications of content (guides, articles): an append-only history. */
export function verifications(caps: DialectCapabilities): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('content_verifications')
        .addColumn('id', caps.autoIdType, (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('content_id', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('verified_by_role', 'text', (c) => c.notNull())
        .addColumn('verified_at', caps.bigintType, (c) => c.notNull())
        .addColumn('review_at', caps.bigintType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('content_verifications_lookup').on('content_verifications').columns(['kind', 'content_id', 'lang', 'id']).execute();
    },
  };
}
