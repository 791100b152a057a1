/**
 * Restores a backup file (see `format.ts`) into an empty database of either dialect, in one
 * transaction: a restore that fails half-way leaves the database as empty as it found it.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Db } from '../create-db.ts';
import { migrationProvider } from '../migrations/index.ts';
import type { Database } from '../schema.ts';
import { catalogFor } from './catalog.ts';
import { BackupDoneSchema, BackupFormatError, BackupHeaderSchema, decodeValue, MIGRATION_TABLES, TableEndSchema, TableStartSchema, type BackupHeader } from './format.ts';

/** The database cannot take this backup (not empty, or a schema it cannot match); nothing was written. */
export class RestoreRefusedError extends Error {
  override name = 'RestoreRefusedError';
}

/** An open backup file: its header, and the lines after it. */
export interface BackupReader {
  readonly header: BackupHeader;
  /** The lines after the header, once. */
  readonly lines: AsyncIterator<string>;
  close(): void;
}

/** Parameters per INSERT, below every supported database's limit. */
const PARAMETERS_PER_INSERT = 4_000;

/** Opens a backup file and reads its header; throws {@link BackupFormatError} for anything else. */
export async function openBackupFile(path: string): Promise<BackupReader> {
  const file = createReadStream(path);
  const gunzip = createGunzip();
  // A read or gzip error reaches the line iterator through gunzip; the promise only needs a handler.
  pipeline(file, gunzip).catch(() => undefined);
  gunzip.setEncoding('utf8');
  const lines = damagedOnError(splitLines(gunzip))[Symbol.asyncIterator]();
  const close = () => {
    file.destroy();
    gunzip.destroy();
  };
  try {
    const first = await lines.next();
    const parsed = first.done ? undefined : BackupHeaderSchema.safeParse(parseJson(first.value));
    if (!parsed?.success) throw new BackupFormatError(`${path} is not a Netreach backup (or from a newer version of Netreach)`);
    return { header: parsed.data, lines, close };
  } catch (error) {
    close();
    if (error instanceof BackupFormatError && !(error.cause instanceof Error)) throw error;
    const cause = error instanceof BackupFormatError ? error.cause : error;
    const code = (cause as NodeJS.ErrnoException | undefined)?.code;
    throw new BackupFormatError(code === 'ENOENT' ? `${path}: no such file` : `${path} is not a Netreach backup (${code ?? 'unreadable'})`, { cause });
  }
}

/** Read and gzip errors (a cut-off or altered file) as {@link BackupFormatError}. */
async function* damagedOnError(lines: AsyncIterable<string>): AsyncGenerator<string> {
  try {
    yield* lines;
  } catch (error) {
    throw new BackupFormatError('the backup is damaged or cut off; nothing was restored', { cause: error });
  }
}

async function* splitLines(text: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of text) {
    rest += chunk;
    let newline = rest.indexOf('\n');
    let start = 0;
    while (newline >= 0) {
      yield rest.slice(start, newline);
      start = newline + 1;
      newline = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
  }
  if (rest !== '') yield rest;
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch (error) {
    throw new BackupFormatError('the backup is damaged (a line is not JSON)', { cause: error });
  }
}

/** What a restore wrote. */
export interface RestoreSummary {
  /** Data tables and rows copied (Kysely's bookkeeping is written by migrating instead). */
  tables: number;
  rows: number;
  /** Migrations applied after the data, for a backup from an older version. */
  upgraded: string[];
}

/**
 * Brings `db` to the backup's schema version, checks that every data table is empty, then
 * inserts every row in one transaction, makes new ids continue after the restored ones, and
 * applies the migrations newer than the backup. Throws {@link RestoreRefusedError} before
 * writing any row when the database is not empty or is at a newer schema than the backup,
 * and {@link BackupFormatError} (rolled back) when the file is damaged or cut off.
 */
export async function restoreBackup(db: Db, backup: BackupReader): Promise<RestoreSummary> {
  const { header } = backup;
  const known = Object.keys(await migrationProvider(db.caps).getMigrations());
  const wanted = header.migrations;
  if (wanted.some((name, i) => known[i] !== name)) {
    throw new RestoreRefusedError(`the backup is from a newer or different version of Netreach (migration ${wanted[wanted.length - 1] ?? '?'}); upgrade Netreach first`);
  }
  const catalog = catalogFor(db.caps.name);
  const before = await catalog.tables(db.kysely);
  const applied = before.includes('kysely_migration') ? (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db.kysely)).rows.map((r) => r.name) : [];
  if (applied.length > wanted.length) {
    throw new RestoreRefusedError(`the database is already at a newer schema (${applied[applied.length - 1] ?? '?'}) than the backup (${wanted[wanted.length - 1] ?? 'none'}); restore into a new, empty database`);
  }
  // Checked before migrating, so a database that is refused is not changed either;
  // migrations create tables, never rows.
  for (const table of before.filter((t) => !MIGRATION_TABLES.includes(t))) {
    const row = await sql`select 1 as present from ${sql.id(table)} limit 1`.execute(db.kysely);
    if (row.rows.length > 0) throw new RestoreRefusedError(`the database is not empty (table ${table} has rows); restore needs an empty database`);
  }
  const last = wanted[wanted.length - 1];
  if (last !== undefined) await db.migrate({ to: last });
  const tables = await catalog.tables(db.kysely);
  const counts = await db.kysely.transaction().execute(async (trx) => {
    const result = await insertAll(trx, tables, backup, db.caps.name);
    await catalog.continueIds(trx);
    return result;
  });
  const upgraded = await db.migrate();
  return { ...counts, upgraded };
}

async function insertAll(trx: Kysely<Database>, tables: readonly string[], backup: BackupReader, dialect: Db['caps']['name']): Promise<{ tables: number; rows: number }> {
  const catalog = catalogFor(dialect);
  let current: { table: string; columns: string[]; rows: number; pending: unknown[][]; copy: boolean } | undefined;
  // Everything in the file, checked against its totals; and what was copied (not the bookkeeping).
  let total = { tables: 0, rows: 0 };
  const copied = { tables: 0, rows: 0 };
  const flush = async () => {
    if (!current || current.pending.length === 0) return;
    const { table, columns, pending } = current;
    current.pending = [];
    if (!current.copy) return;
    const values = pending.map((row) => sql`(${sql.join(row.map(decodeValue))})`);
    await sql`insert into ${sql.id(table)} (${sql.join(columns.map((c) => sql.id(c)))}) values ${sql.join(values)}`.execute(trx);
  };
  for (;;) {
    const next = await backup.lines.next();
    if (next.done) throw new BackupFormatError('the backup is cut off (its last line is missing); nothing was restored');
    const line = parseJson(next.value);
    if (Array.isArray(line)) {
      if (!current || line.length !== current.columns.length) throw new BackupFormatError('the backup is damaged (a row outside its table)');
      current.pending.push(line);
      current.rows += 1;
      if (current.pending.length * current.columns.length >= PARAMETERS_PER_INSERT) await flush();
      continue;
    }
    const start = TableStartSchema.safeParse(line);
    if (start.success) {
      if (current) throw new BackupFormatError('the backup is damaged (a table is not ended)');
      const { table, columns } = start.data;
      // Kysely's bookkeeping was written by migrating to the backup's version: not copied.
      const copy = !MIGRATION_TABLES.includes(table);
      if (copy) {
        if (!tables.includes(table)) throw new RestoreRefusedError(`the backup has a table this database does not (${table})`);
        const have = await catalog.columns(trx, table);
        const missing = columns.filter((c) => !have.includes(c));
        if (missing.length > 0) throw new RestoreRefusedError(`the backup's table ${table} has columns this database does not (${missing.join(', ')})`);
      }
      current = { table, columns, rows: 0, pending: [], copy };
      continue;
    }
    const end = TableEndSchema.safeParse(line);
    if (end.success) {
      if (!current || end.data.end !== current.table || end.data.rows !== current.rows) throw new BackupFormatError('the backup is damaged (a table ends with the wrong count)');
      await flush();
      total = { tables: total.tables + 1, rows: total.rows + current.rows };
      if (current.copy) {
        copied.tables += 1;
        copied.rows += current.rows;
      }
      current = undefined;
      continue;
    }
    const done = BackupDoneSchema.safeParse(line);
    if (done.success) {
      if (current || done.data.tables !== total.tables || done.data.rows !== total.rows) throw new BackupFormatError('the backup is damaged (its totals do not match)');
      return copied;
    }
    throw new BackupFormatError('the backup is damaged (a line it cannot read)');
  }
}
