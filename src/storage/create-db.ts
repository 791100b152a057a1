import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.ts';
import { POSTGRES, SQLITE, type DialectCapabilities } from './dialect.ts';
import { migrationProvider } from './migrations/index.ts';
import type { Database } from './schema.ts';
import { ensurePrivateDir, ensurePrivateFile, tightenFile } from './files/private-files.ts';

/**
 * Wake-ups between processes on one database (PostgreSQL's LISTEN/NOTIFY): a process that
 * stored work tells the one that does it. Best effort: the work is in the database anyway,
 * and the one who does it also looks now and then.
 */
export interface Wakeups {
  /** Wakes every listener of `topic` on this database (this process's too). */
  notify(topic: string): Promise<void>;
  /** Calls `onWake` whenever `topic` is notified; returns the stop. Reconnects if the connection drops. */
  listen(topic: string, onWake: () => void): Promise<() => Promise<void>>;
}

/** An open database with the capabilities of its dialect. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly caps: DialectCapabilities;
  /** PostgreSQL only: SQLite serves one process, which needs no wake-ups from others. */
  readonly wakeups?: Wakeups;
  /**
   * Applies pending migrations, up to `to` when given (a restore brings an empty database
   * to its backup's version first); safe to call from several processes (Kysely locks).
   */
  migrate(options?: { to?: string }): Promise<string[]>;
  close(): Promise<void>;
}

/** Migrations failed; carries the name of the migration that broke. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

export interface CreateDbOptions {
  /** PostgreSQL only: a schema to create and use (tests isolate themselves this way). */
  postgresSchema?: string;
}

/**
 * Opens SQLite (better-sqlite3) or PostgreSQL (pg) behind one Kysely instance.
 *
 * SQLite runs in WAL mode with `synchronous=NORMAL`: a transaction is in the WAL file, in
 * the operating system's hands, when COMMIT returns, so it survives the process being
 * killed (kill -9, a crash, an OOM kill). Only a power cut or kernel crash can drop the
 * last commits; `FULL` would close that gap at the price of an fsync per transaction,
 * which on this workload costs most of the throughput. Organisations that need to survive
 * power loss on one machine should run PostgreSQL.
 */
export function createDb(database: Config['database'], options: CreateDbOptions = {}): Db {
  if (database.kind === 'sqlite') {
    if (database.path !== ':memory:') {
      // The folder 0700 and the file 0600 before SQLite opens it: SQLite gives -wal and -shm
      // the database file's mode, so they are private from the start too.
      ensurePrivateDir(dirname(database.path));
      ensurePrivateFile(database.path);
      for (const suffix of ['-wal', '-shm']) tightenFile(`${database.path}${suffix}`);
    }
    const sqlite = new SqliteDatabase(database.path);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return wrap(kysely, SQLITE);
  }
  // `?schema=NAME` in the URL puts Netreach's tables in their own PostgreSQL schema.
  const url = new URL(database.url);
  const schema = options.postgresSchema ?? url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  if (schema !== undefined && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error('invalid schema name');
  const pool = new pg.Pool({
    connectionString: url.toString(),
    max: 10,
    options: schema ? `-c search_path=${schema}` : undefined,
    // int8 (millisecond timestamps, update ids) as JS numbers; they stay below 2^53.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const connectionString = url.toString();
  return { ...wrap(kysely, POSTGRES, schema), wakeups: postgresWakeups(kysely, connectionString, schema ?? 'public') };
}

/**
 * Kysely prepares every query anew; preparing costs more than running our small queries,
 * so prepared statements are kept per SQL text (Kysely's SQL text is stable per query shape).
 */
function withStatementCache(sqlite: SqliteDatabase.Database, limit = 500): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  return new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property !== 'prepare') return Reflect.get(target, property, receiver);
      return (source: string) => {
        let statement = cache.get(source);
        if (!statement) {
          statement = target.prepare(source);
          if (cache.size >= limit) cache.delete(cache.keys().next().value ?? '');
          cache.set(source, statement);
        }
        return statement;
      };
    },
  });
}

function wrap(kysely: Kysely<Database>, caps: DialectCapabilities, schema?: string): Db {
  return {
    kysely,
    caps,
    async migrate(options = {}) {
      if (schema) await sql`create schema if not exists ${sql.id(schema)}`.execute(kysely);
      // Kysely looks for its migration tables in every schema unless told which one.
      const migrator = new Migrator({ db: kysely, provider: migrationProvider(caps), ...(schema ? { migrationTableSchema: schema } : {}) });
      const { error, results } = options.to === undefined ? await migrator.migrateToLatest() : await migrator.migrateTo(options.to);
      const failed = results?.find((r) => r.status === 'Error');
      if (error || failed) {
        throw new MigrationError(`migration ${failed?.migrationName ?? ''} failed`.replace('  ', ' '), { cause: error });
      }
      return (results ?? []).map((r) => r.migrationName);
    },
    async close() {
      await kysely.destroy();
    },
  };
}

/** LISTEN/NOTIFY, with channels named by schema so that databases sharing a server stay apart. */
function postgresWakeups(kysely: Kysely<Database>, connectionString: string, schema: string): Wakeups {
  const channel = (topic: string) => `netreach_${schema}_${topic}`;
  return {
    async notify(topic) {
      await sql`select pg_notify(${channel(topic)}, '')`.execute(kysely);
    },
    async listen(topic, onWake) {
      let client: pg.Client | undefined;
      let stopped = false;
      const connect = async (): Promise<void> => {
        const c = new pg.Client({ connectionString });
        c.on('notification', () => onWake());
        c.on('error', () => {
          // The connection dropped: wake once (something may have been missed), then listen again.
          if (stopped) return;
          onWake();
          retry();
        });
        await c.connect();
        await c.query(`listen "${channel(topic)}"`);
        client = c;
      };
      const retry = () => {
        setTimeout(() => {
          if (!stopped) connect().catch(retry);
        }, 1_000).unref();
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end().catch(() => undefined);
      };
    },
  };
}
