import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/** Clients, staff, cases, messages, the update inbox, the outbox and settings. */
export function foundation(caps: DialectCapabilities): Migration {
  const { autoIdType, bytesType, bigintType } = caps;
  return {
    // Migrations are written over Kysely<any> so they never depend on today's table types.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('clients')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('pseudonym', 'text', (c) => c.notNull().unique())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('chat_sealed', bytesType)
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', bigintType, (c) => c.notNull())
        .addColumn('last_seen_at', bigintType, (c) => c.notNull())
        .addColumn('unreachable', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('erased_at', bigintType)
        .execute();

      await db.schema
        .createTable('staff')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('pseudonym', 'text', (c) => c.notNull().unique())
        .addColumn('chat_sealed', bytesType)
        .addColumn('alias', 'text')
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('last_seen_at', bigintType, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('cases')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('client_id', 'integer', (c) => c.notNull().references('clients.id'))
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('urgent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('assignee_staff_id', 'integer', (c) => c.references('staff.id'))
        .addColumn('needs', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('opened_at', bigintType, (c) => c.notNull())
        .addColumn('first_response_at', bigintType)
        .addColumn('closed_at', bigintType)
        .addColumn('staff_topic_id', 'integer')
        .addColumn('updated_at', bigintType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('cases_client_status').on('cases').columns(['client_id', 'status']).execute();
      await db.schema.createIndex('cases_staff_topic').on('cases').column('staff_topic_id').execute();

      await db.schema
        .createTable('messages')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('body_sealed', bytesType)
        .addColumn('media_sealed', bytesType)
        .addColumn('client_message_id', 'integer')
        .addColumn('staff_message_id', 'integer')
        .addColumn('update_id', bigintType, (c) => c.unique())
        .addColumn('staff_id', 'integer', (c) => c.references('staff.id'))
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('messages_case').on('messages').columns(['case_id', 'id']).execute();

      await db.schema
        .createTable('inbox')
        .addColumn('update_id', bigintType, (c) => c.primaryKey())
        .addColumn('chat_key', 'text', (c) => c.notNull())
        .addColumn('payload_sealed', bytesType)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('received_at', bigintType, (c) => c.notNull())
        .addColumn('processed_at', bigintType)
        .addColumn('error', 'text')
        .execute();
      await db.schema.createIndex('inbox_status').on('inbox').columns(['status', 'update_id']).execute();

      await db.schema
        .createTable('outbox')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
        .addColumn('chat_key', 'text', (c) => c.notNull())
        .addColumn('priority', 'integer', (c) => c.notNull())
        .addColumn('payload_sealed', bytesType)
        .addColumn('case_id', 'integer')
        .addColumn('message_id', 'integer')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', bigintType, (c) => c.notNull())
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('sent_at', bigintType)
        .addColumn('result_message_id', 'integer')
        .addColumn('last_error', 'text')
        .execute();
      await db.schema.createIndex('outbox_due').on('outbox').columns(['status', 'priority', 'id']).execute();

      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('updated_at', bigintType, (c) => c.notNull())
        .execute();
    },
  };
}
