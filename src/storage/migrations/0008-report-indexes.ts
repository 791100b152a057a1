import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * Indexes the reports read from: analytics for a year of 100k cases scan the period once
 * for channel, hours, feedback and response time (covered by one index, no table reads),
 * and find each client's first case by client.
 */
export function reportIndexes(_caps: DialectCapabilities): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.createIndex('cases_period_mix').on('cases').columns(['opened_at', 'channel', 'after_hours', 'feedback', 'first_response_at']).execute();
      await db.schema.createIndex('cases_client_opened').on('cases').columns(['client_id', 'opened_at']).execute();
      // Its leading column is the new index's: the old one only costs writes now.
      await db.schema.dropIndex('cases_opened').execute();
    },
  };
}
