import { sql, type Kysely, type Migration } from 'kysely';

/**
 * At most one open case per client and channel, guarded by the database: several processes
 * on one PostgreSQL could each find no open case and open one. A partial unique index
 * (SQLite and PostgreSQL both have them) makes the second insert lose; the store then
 * returns the winner's case. Older duplicates, which only a race could have made, are
 * closed first, keeping the newest open.
 */
export function oneOpenCase(): Migration {
  return {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    async up(db: Kysely<any>) {
      await db
        .updateTable('cases as c')
        .set({ status: 'closed', closed_at: sql`c.updated_at` })
        .where('c.status', '=', 'open')
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('cases as newer')
              .select('newer.id')
              .whereRef('newer.client_id', '=', 'c.client_id')
              .whereRef('newer.channel', '=', 'c.channel')
              .where('newer.status', '=', 'open')
              .whereRef('newer.id', '>', 'c.id'),
          ),
        )
        .execute();
      await db.schema.createIndex('cases_one_open').on('cases').columns(['client_id', 'channel']).unique().where(sql.ref('status'), '=', sql.lit('open')).execute();
    },
  };
}
