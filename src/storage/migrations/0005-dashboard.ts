import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * The staff dashboard: web accounts and sessions, the audit log, work reports with
 * referrals, reply snippets, mobile units, and what the inbox sorts and filters on.
 */
export function dashboard(caps: DialectCapabilities): Migration {
  const { autoIdType, bigintType, bytesType } = caps;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      // Who spoke last, so "waiting for the client" is a filter, not a scan of every transcript.
      await db.schema.alterTable('cases').addColumn('last_direction', 'text').execute();
      await db.schema.alterTable('cases').addColumn('last_kind', 'text').execute();
      await db.schema.alterTable('cases').addColumn('last_at', bigintType).execute();
      await db.schema.createIndex('cases_inbox').on('cases').columns(['status', 'urgent', 'updated_at', 'id']).execute();
      await db.schema.createIndex('cases_status_updated').on('cases').columns(['status', 'updated_at', 'id']).execute();
      await db.schema.createIndex('cases_updated').on('cases').columns(['updated_at', 'id']).execute();
      await db.schema.createIndex('cases_assignee').on('cases').columns(['assignee_staff_id', 'status']).execute();
      // A transcript shows each reply's delivery: outbox rows by the message they carry.
      await db.schema.createIndex('outbox_message').on('outbox').column('message_id').execute();
      await db.schema.createIndex('cases_opened').on('cases').columns(['opened_at']).execute();

      await db.schema
        .createTable('staff_accounts')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('login', 'text', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('staff_id', 'integer', (c) => c.notNull().references('staff.id'))
        .addColumn('language', 'text', (c) => c.notNull().defaultTo('ru'))
        .addColumn('specialisations', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('password_hash', 'text')
        .addColumn('totp_sealed', bytesType)
        .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('totp_last_step', bigintType)
        .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('locked_until', bigintType)
        .addColumn('setup_token_hash', 'text', (c) => c.unique())
        .addColumn('setup_expires_at', bigintType)
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('last_sign_in_at', bigintType)
        .execute();

      // A dashboard request id is claimed once: a retried or doubled reply is recorded and sent once.
      await db.schema
        .createTable('dashboard_requests')
        .addColumn('request_id', 'text', (c) => c.primaryKey())
        .addColumn('message_id', 'integer')
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('staff_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'integer', (c) => c.notNull().references('staff_accounts.id'))
        .addColumn('csrf_token', 'text', (c) => c.notNull())
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('last_seen_at', bigintType, (c) => c.notNull())
        .addColumn('expires_at', bigintType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('staff_sessions_account').on('staff_sessions').column('account_id').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('at', bigintType, (c) => c.notNull())
        .addColumn('actor_account_id', 'integer')
        .addColumn('actor_role', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      // Append-only in the database itself: no code path, bug or SQL console edits history.
      for (const statement of caps.appendOnlySql('audit_log')) await sql.raw(statement).execute(db);
      await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute();

      await db.schema
        .createTable('work_reports')
        .addColumn('case_id', 'integer', (c) => c.primaryKey().references('cases.id'))
        .addColumn('needs', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('services', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('phone_call', 'text', (c) => c.notNull())
        .addColumn('request_summary', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('services_summary', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('outcome', 'text')
        .addColumn('complete', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('author_staff_id', 'integer')
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('updated_at', bigintType, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('referrals')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('updated_at', bigintType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('referrals_case').on('referrals').column('case_id').execute();
      await db.schema.createIndex('referrals_status').on('referrals').columns(['status', 'id']).execute();

      await db.schema
        .createTable('kb_snippets')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('snippet_id', 'text', (c) => c.notNull())
        .addColumn('lang', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_by_role', 'text', (c) => c.notNull())
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('kb_snippets_lookup').on('kb_snippets').columns(['snippet_id', 'lang', 'id']).execute();

      await db.schema
        .createTable('mobile_stops')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('area', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('services', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('schedule', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .addColumn('updated_at', bigintType, (c) => c.notNull())
        .addColumn('deleted_at', bigintType)
        .execute();
      await db.schema
        .createTable('mobile_exceptions')
        .addColumn('id', autoIdType, (c) => c.primaryKey())
        .addColumn('stop_id', 'integer', (c) => c.notNull().references('mobile_stops.id'))
        .addColumn('date', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', bigintType, (c) => c.notNull())
        .execute();
    },
  };
}
