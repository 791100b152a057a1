/**
 * What differs between the databases Netreach runs on, named as capabilities
 * (like Kysely's DialectAdapter) instead of `if (postgres)` checks scattered around.
 */
export interface DialectCapabilities {
  readonly name: 'sqlite' | 'postgres';
  /** Column type of an auto-incrementing integer primary key. */
  readonly autoIdType: 'integer' | 'serial';
  /** Column type for opaque bytes (sealed values). */
  readonly bytesType: 'blob' | 'bytea';
  /** Column type for 64-bit integers (millisecond timestamps, update ids). */
  readonly bigintType: 'integer' | 'bigint';
  /** Statements that make a table refuse UPDATE and DELETE (an append-only log). */
  appendOnlySql(table: string): string[];
}

export const SQLITE: DialectCapabilities = {
  name: 'sqlite',
  autoIdType: 'integer',
  bytesType: 'blob',
  bigintType: 'integer',
  appendOnlySql: (table) =>
    ['UPDATE', 'DELETE'].map((op) => `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`),
};
export const POSTGRES: DialectCapabilities = {
  name: 'postgres',
  autoIdType: 'serial',
  bytesType: 'bytea',
  bigintType: 'bigint',
  appendOnlySql: (table) => [
    `CREATE OR REPLACE FUNCTION ${table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${table} is append-only'; END $$`,
    `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ${table}_append_only()`,
  ],
};
