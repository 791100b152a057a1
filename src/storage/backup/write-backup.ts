/**
 * Writes a consistent backup of a running Netreach database, without stopping it: SQLite
 * through its online backup API (a page-level copy that restarts if a write lands during
 * it), PostgreSQL as one REPEATABLE READ, read-only transaction (every table from the same
 * snapshot). Either way the file is the portable format of `format.ts`, streamed: rows go
 * to the gzip stream in batches, never the whole database in memory.
 */
import { chmodSync, createWriteStream, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import SqliteDatabase from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../../config.ts';
import { createDb, type Db } from '../create-db.ts';
import { KEY_CHECK_SETTING } from '../key-check.ts';
import type { Database } from '../schema.ts';
import { PRIVATE_FILE_MODE } from '../files/private-files.ts';
import { catalogFor, inReferenceOrder } from './catalog.ts';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, encodeValue, MIGRATION_TABLES, type BackupHeader } from './format.ts';

/** How the snapshot was taken, as said on stdout and in the header. */
export type BackupMethod = BackupHeader['method'];

/** What a finished backup holds. */
export interface BackupSummary {
  header: BackupHeader;
  tables: number;
  rows: number;
  bytes: number;
}

/** Nothing to back up: the configured SQLite file does not exist or cannot be opened. */
export class BackupSourceError extends Error {
  override name = 'BackupSourceError';
}

const ROWS_PER_BATCH = 500;
/** Lines are handed to gzip in chunks of about this many characters. */
const CHUNK_CHARS = 64 * 1024;

/**
 * Backs up `database` into `outPath` (mode 0600). The file appears only when complete:
 * it is written beside, as `<out>.partial`, and renamed at the end.
 */
export async function writeBackup(database: Config['database'], outPath: string, options: { now?: () => number; postgresSchema?: string } = {}): Promise<BackupSummary> {
  const now = options.now ?? Date.now;
  const partial = `${outPath}.partial`;
  const write = async (db: Db, method: BackupMethod): Promise<BackupSummary> => {
    const header = await readHeader(db.kysely, db.caps.name, method, now());
    const counts = { tables: 0, rows: 0 };
    const output = createWriteStream(partial, { mode: PRIVATE_FILE_MODE });
    // The mode applies only to a file the stream creates; a leftover .partial is tightened too.
    output.on('open', () => chmodSync(partial, PRIVATE_FILE_MODE));
    await pipeline(Readable.from(lines(db.kysely, header, counts)), createGzip(), output);
    return { header, ...counts, bytes: output.bytesWritten };
  };
  try {
    let summary: BackupSummary;
    if (database.kind === 'sqlite') {
      summary = await withSqliteSnapshot(database.path, outPath, (db) => write(db, 'sqlite-online-backup'));
    } else {
      const db = createDb(database, options.postgresSchema ? { postgresSchema: options.postgresSchema } : {});
      try {
        summary = await db.kysely
          .transaction()
          .setIsolationLevel('repeatable read')
          .setAccessMode('read only')
          .execute((trx) => write({ ...db, kysely: trx }, 'postgres-repeatable-read-export'));
      } finally {
        await db.close();
      }
    }
    renameSync(partial, outPath);
    chmodSync(outPath, PRIVATE_FILE_MODE);
    return summary;
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * Copies the live SQLite file with the online backup API into a private temporary folder
 * beside the output, and reads that copy: it is one consistent state of the database, and
 * Netreach keeps writing to the original meanwhile.
 */
async function withSqliteSnapshot<T>(path: string, outPath: string, work: (db: Db) => Promise<T>): Promise<T> {
  if (!existsSync(path)) throw new BackupSourceError(`no SQLite database at ${path}`);
  let source: SqliteDatabase.Database;
  try {
    source = new SqliteDatabase(path, { fileMustExist: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupSourceError(`cannot open the SQLite database at ${path} (${code ?? 'unreadable'})`, { cause: error });
  }
  // mkdtemp makes the folder 0700: the copy is as sensitive as the database.
  const dir = mkdtempSync(join(dirname(outPath), `.${basename(outPath)}-`));
  try {
    const copyPath = join(dir, 'snapshot.db');
    try {
      source.pragma('busy_timeout = 5000');
      // All pages in one step: a copy in several steps starts over whenever Netreach writes
      // in between, and could never finish under load. One step holds a read snapshot only
      // (WAL), so Netreach's writes go on meanwhile.
      await source.backup(copyPath, { progress: () => 0x7fffffff });
    } finally {
      source.close();
    }
    const db = createDb({ kind: 'sqlite', path: copyPath, url: `sqlite:${copyPath}` });
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readHeader(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', method: BackupMethod, at: number): Promise<BackupHeader> {
  const tables = await catalogFor(dialect).tables(db);
  const migrations = tables.includes('kysely_migration')
    ? (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name)
    : [];
  const keyCheck = tables.includes('settings')
    ? ((await db.selectFrom('settings').select('value').where('key', '=', KEY_CHECK_SETTING).executeTakeFirst())?.value ?? null)
    : null;
  return { format: BACKUP_FORMAT, version: BACKUP_FORMAT_VERSION, dialect, method, createdAt: new Date(at).toISOString(), migrations, keyCheck };
}

/** The file's lines, in chunks; counts what it wrote into `counts`. */
async function* lines(db: Kysely<Database>, header: BackupHeader, counts: { tables: number; rows: number }): AsyncGenerator<string> {
  const catalog = catalogFor(header.dialect);
  yield `${JSON.stringify(header)}\n`;
  const all = await catalog.tables(db);
  // The bookkeeping first (restore checks it), then every table after those it references.
  const data = inReferenceOrder(all.filter((t) => !MIGRATION_TABLES.includes(t)), await catalog.references(db));
  for (const table of [...MIGRATION_TABLES.filter((t) => all.includes(t)), ...data]) {
    const columns = await catalog.columns(db, table);
    let chunk = `${JSON.stringify({ table, columns })}\n`;
    let rows = 0;
    for await (const batch of catalog.rows(db, table, columns, ROWS_PER_BATCH)) {
      for (const row of batch) {
        chunk += `${JSON.stringify(row.map(encodeValue))}\n`;
        rows += 1;
        if (chunk.length >= CHUNK_CHARS) {
          yield chunk;
          chunk = '';
        }
      }
    }
    yield `${chunk}${JSON.stringify({ end: table, rows })}\n`;
    counts.tables += 1;
    counts.rows += rows;
  }
  yield `${JSON.stringify({ done: true, tables: counts.tables, rows: counts.rows })}\n`;
}
