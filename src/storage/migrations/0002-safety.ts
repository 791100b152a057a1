import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/** On-call flags for staff, durable timers (follow-ups, alert repeats) and emergency sessions. */
export function safety(caps: DialectCapabilities): Migration {
  const { autoIdType, bigintType } = caps;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('staff').addColumn('on_call', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('staff').addColumn('dm_alerts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('cases').addColumn('voice_asked_at', bigintType).execute();
      await db.schema.alterTable('cases').addColumn('doctor_flag', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('cases').addColumn('after_hours', 'integer', (c) => c.notNull().defaultTo(0)).execute();
      await db.schema.alterTable('cases').addColumn('feedback', 'text').execute();
      await db.schema.alterTable('cases').addColumn('feedback_comment_sealed', caps.bytesType).execute();
      await db.schema.alterTable('cases').addColumn('feedback_at', bigintType).execute();

      await db.schema
        .createTable('timers')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('case_id', 'integer')
        .addColumn('client_id', 'integer')
        .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('due_at', bigintType, (c) => c.notNull())
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('done_at', bigintType)
        .execute();
      await db.schema.createIndex('timers_due').on('timers').columns(['done_at', 'due_at']).execute();

      await db.schema
        .createTable('emergencies')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('trigger', 'text', (c) => c.notNull())
        .addColumn('started_at', bigintType, (c) => c.notNull())
        .addColumn('last_step', 'text')
        .addColumn('last_step_at', bigintType, (c) => c.notNull())
        .addColumn('first_human_at', bigintType)
        .addColumn('alerts_sent', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('emergencies_case').on('emergencies').column('case_id').execute();
    },
  };
}
