import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * The community chat: its members (pseudonyms; the Telegram id only sealed), access codes
 * (keyed hashes only; the batch or the inviting member's pseudonym, and the pseudonym of
 * who used it) and the moderation log (reasons; a message or appeal only sealed).
 */
export function community(caps: DialectCapabilities): Migration {
  const { autoIdType, bigintType, bytesType } = caps;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('community_members')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('pseudonym', 'text', (c) => c.notNull().unique())
        .addColumn('user_sealed', bytesType)
        .addColumn('language', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('request_status', 'text')
        .addColumn('wrong_codes', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('admitted', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('talked_to_bot', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('muted_until', bigintType)
        .addColumn('welcomed_at', bigintType)
        .addColumn('flood_window_at', bigintType)
        .addColumn('flood_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('updated_at', bigintType, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('community_codes')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('code_hash', 'text', (c) => c.notNull().unique())
        .addColumn('batch', 'text')
        .addColumn('inviter_pseudonym', 'text')
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('expires_at', bigintType, (c) => c.notNull())
        .addColumn('used_at', bigintType)
        .addColumn('used_by_pseudonym', 'text')
        .addColumn('revoked_at', bigintType)
        .execute();
      await db.schema.createIndex('community_codes_batch').on('community_codes').column('batch').execute();
      await db.schema.createIndex('community_codes_inviter').on('community_codes').columns(['inviter_pseudonym', 'created_at']).execute();

      await db.schema
        .createTable('community_moderation')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('member_id', 'integer', (c) => c.notNull().references('community_members.id'))
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('staff_id', 'integer')
        .addColumn('message_id', 'integer')
        .addColumn('body_sealed', bytesType)
        .addColumn('status', 'text')
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('decided_at', bigintType)
        .addColumn('decided_by_staff_id', 'integer')
        .execute();
      await db.schema.createIndex('community_moderation_member').on('community_moderation').columns(['member_id', 'created_at']).execute();
      await db.schema.createIndex('community_moderation_status').on('community_moderation').column('status').execute();
    },
  };
}
