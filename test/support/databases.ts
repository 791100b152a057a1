import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Config } from '../../src/config.ts';
import { createDb, type Db } from '../../src/storage/create-db.ts';

/** PostgreSQL used by tests; on these machines a local server with trust auth. */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

let postgresReachable: Promise<boolean> | undefined;

/** True when PostgreSQL answers; outside CI a missing server skips its tests with a printed reason. */
export function postgresAvailable(): Promise<boolean> {
  postgresReachable ??= (async () => {
    const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      return true;
    } catch (error) {
      if (process.env.CI === 'true') {
        throw new Error(`PostgreSQL is required under CI=true but ${POSTGRES_URL} is unreachable: ${(error as Error).message}`, { cause: error });
      }
      console.warn(`Skipping PostgreSQL tests: ${POSTGRES_URL} is unreachable (${(error as Error).message}).`);
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return postgresReachable;
}

/** A fresh, migrated database of one dialect, removed by `cleanup`. */
export interface TestDatabase {
  db: Db;
  config: Config['database'];
  /** For PostgreSQL, the schema the database lives in. */
  schema?: string;
  /** For SQLite, the directory holding the file. */
  dir?: string;
  cleanup(): Promise<void>;
}

/** Dialects every storage test runs on. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof DIALECTS)[number];

/** Opens a fresh database; returns undefined when PostgreSQL is unavailable outside CI. */
export async function openTestDatabase(dialect: DialectName): Promise<TestDatabase | undefined> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'netreach-test-'));
    const config: Config['database'] = { kind: 'sqlite', path: join(dir, 'netreach.db'), url: `sqlite:${join(dir, 'netreach.db')}` };
    const db = createDb(config);
    await db.migrate();
    return {
      db,
      config,
      dir,
      async cleanup() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (!(await postgresAvailable())) return undefined;
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const config: Config['database'] = { kind: 'postgres', url: POSTGRES_URL };
  const db = createDb(config, { postgresSchema: schema });
  await db.migrate();
  return {
    db,
    config,
    schema,
    async cleanup() {
      await db.close();
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`drop schema if exists "${schema}" cascade`);
      await client.end();
    },
  };
}

/** A PostgreSQL URL whose connections use `schema` (for child processes). */
export function postgresUrlWithSchema(schema: string): string {
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}
