/**
 * The backup file: gzip'd JSON lines, the same for both databases, so a backup of SQLite
 * restores into PostgreSQL and the other way round.
 *
 * ```
 * {"format":"netreach-backup","version":1,"dialect":"sqlite",...}   header, always first
 * {"table":"clients","columns":["id","pseudonym",...]}             a table starts
 * [1,"Vx3…",{"$b":"AQID…"},"ru",…]                                  one row per line, in column order
 * {"end":"clients","rows":1}                                       the table ends (row count checked)
 * {"done":true,"tables":27,"rows":1234}                            the last line: a cut-off file is refused
 * ```
 *
 * Bytes (sealed values) are `{"$b": base64}`; every other value is a JSON string, number or
 * null. The file holds what the database holds (sealed), never the master secret: the
 * header's key check value only says which key restores it.
 */
import { z } from 'zod';

export const BACKUP_FORMAT = 'netreach-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** Kysely's bookkeeping of applied migrations: in the file, but written by migrating, not copied. */
export const MIGRATION_TABLES: readonly string[] = ['kysely_migration', 'kysely_migration_lock'];

/** The first line of a backup: what it is, where from, and which key and schema it needs. */
export const BackupHeaderSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_FORMAT_VERSION),
  dialect: z.enum(['sqlite', 'postgres']),
  /** How the consistent snapshot was taken. */
  method: z.enum(['sqlite-online-backup', 'postgres-repeatable-read-export']),
  /** ISO 8601, UTC. */
  createdAt: z.string(),
  /** Applied migrations, in order; the last one is the schema version. */
  migrations: z.array(z.string()),
  /** The master secret's check value (settings `master_key_check`), null if never started. */
  keyCheck: z.string().nullable(),
});
export type BackupHeader = z.infer<typeof BackupHeaderSchema>;

/** A line that starts a table's rows. */
export const TableStartSchema = z.object({ table: z.string().min(1), columns: z.array(z.string().min(1)).min(1) });
/** A line that ends a table's rows, with how many there were. */
export const TableEndSchema = z.object({ end: z.string().min(1), rows: z.number().int().nonnegative() });
/** The last line of a complete backup. */
export const BackupDoneSchema = z.object({ done: z.literal(true), tables: z.number().int().nonnegative(), rows: z.number().int().nonnegative() });

/** A backup file that is not one, is damaged, cut off, or from a newer format. */
export class BackupFormatError extends Error {
  override name = 'BackupFormatError';
}

/** A stored value as it appears in a row line. */
export type EncodedValue = string | number | null | { $b: string };

/** Encodes one value read from either database for a row line. */
export function encodeValue(value: unknown): EncodedValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (value instanceof Uint8Array) return { $b: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new BackupFormatError('an integer beyond 2^53 cannot be backed up');
    return Number(value);
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.getTime();
  throw new BackupFormatError(`a value of type ${typeof value} cannot be backed up`);
}

/** Decodes one value of a row line for an insert (bytes back to a Buffer). */
export function decodeValue(value: unknown): string | number | null | Buffer {
  if (value === null || typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'object' && '$b' in value && typeof value.$b === 'string') return Buffer.from(value.$b, 'base64');
  throw new BackupFormatError('the backup holds a value it cannot restore');
}
