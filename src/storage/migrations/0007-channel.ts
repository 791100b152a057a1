import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * The read-only channel: posts drafted in the staff group (text only sealed), their
 * approval, schedule and the channel message they became. Requests in the community chat:
 * which chat messages belong to which case, the case's private-chat token, and workers'
 * answers waiting for "answer publicly" or "take private" (text only sealed). Drug alerts:
 * reported anonymously (the reporter's pseudonym only while they fill it in), sealed.
 */
export function channel(caps: DialectCapabilities): Migration {
  const { autoIdType, bigintType, bytesType } = caps;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('channel_posts')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('body_sealed', bytesType)
        .addColumn('draft_message_id', 'integer')
        .addColumn('preview_message_id', 'integer')
        .addColumn('channel_message_id', 'integer')
        .addColumn('author_staff_id', 'integer')
        .addColumn('approved_by_staff_id', 'integer')
        .addColumn('approved_at', bigintType)
        .addColumn('publish_at', bigintType)
        .addColumn('published_at', bigintType)
        .addColumn('auto_key', 'text', (c) => c.unique())
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('updated_at', bigintType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('channel_posts_due').on('channel_posts').columns(['status', 'publish_at']).execute();
      await db.schema.createIndex('channel_posts_draft').on('channel_posts').column('draft_message_id').execute();

      await db.schema
        .createTable('group_cases')
        .addColumn('case_id', 'integer', (c) => c.primaryKey())
        .addColumn('client_id', 'integer', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull().unique())
        .addColumn('last_message_id', 'integer', (c) => c.notNull())
        .addColumn('private_at', bigintType)
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('updated_at', bigintType, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('group_messages')
        .addColumn('chat_message_id', 'integer', (c) => c.primaryKey())
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('group_answers')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('case_id', 'integer', (c) => c.notNull())
        .addColumn('staff_id', 'integer', (c) => c.notNull())
        .addColumn('body_sealed', bytesType)
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('decided_at', bigintType)
        .execute();
      await db.schema.createIndex('group_answers_case').on('group_answers').columns(['case_id', 'status']).execute();

      await db.schema
        .createTable('drug_alerts')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('step', 'text')
        .addColumn('reporter_pseudonym', 'text')
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('body_sealed', bytesType)
        .addColumn('verified_by_staff_id', 'integer')
        .addColumn('published_by_staff_id', 'integer')
        .addColumn('channel_message_id', 'integer')
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('updated_at', bigintType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('drug_alerts_reporter').on('drug_alerts').columns(['reporter_pseudonym', 'status']).execute();
    },
  };
}
