import type { Kysely, Migration } from 'kysely';
import type { DialectCapabilities } from '../dialect.ts';

/**
 * The anonymous web chat: a client says where they write from (`via`: telegram or web; a
 * web client has no chat id at all), and the chat's limits are counted in the database, so
 * they hold across restarts and instances without tracking anyone (buckets name a codename's
 * keyed hash or "everyone", never an address).
 */
export function webChat(caps: DialectCapabilities): Migration {
  const { bigintType } = caps;
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db.schema.alterTable('clients').addColumn('via', 'text', (c) => c.notNull().defaultTo('telegram')).execute();
      // When the web chat last showed the person something new: the dashboard's "delivered" for a web client.
      await db.schema.alterTable('clients').addColumn('web_seen_at', bigintType).execute();
      await db.schema
        .createTable('web_chat_limits')
        .addColumn('bucket', 'text', (c) => c.primaryKey())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('window_ends_at', bigintType, (c) => c.notNull())
        .execute();
    },
  };
}
