import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * When a case was last asked "is someone's life in danger right now?" (triage in doubt), so
 * a client who keeps talking about a past overdose is not asked at every message.
 */
export function dangerCheck(caps: DialectCapabilities): Migration {
  const { bigintType } = caps;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('cases').addColumn('danger_asked_at', bigintType).execute();
    },
  };
}
