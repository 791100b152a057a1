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
}

export const SQLITE: DialectCapabilities = { name: 'sqlite', autoIdType: 'integer', bytesType: 'blob', bigintType: 'integer' };
export const POSTGRES: DialectCapabilities = { name: 'postgres', autoIdType: 'serial', bytesType: 'bytea', bigintType: 'bigint' };
