import { Writable } from 'node:stream';
import type { Message } from 'grammy/types';
import pg from 'pg';
import { parseConfig, type Config } from '../../src/config.ts';
import { createEmulator, type Emulator } from '../../src/emulator/emulator.ts';
import { startEmulatorServer } from '../../src/emulator/server.ts';
import { createLogger } from '../../src/logger.ts';
import { startNetreach, type Netreach } from '../../src/app/netreach.ts';
import { POSTGRES_URL, postgresAvailable, postgresUrlWithSchema, type DialectName } from './databases.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Ids of the simulated people. */
export const CLIENT_ID = 5_550_001;
export const WORKER_ID = 6_660_001;
export const STAFF_CHAT_ID = -1_009_000_000_001;
/** The community supergroup, when a test asks for one (`community` option). */
export const COMMUNITY_CHAT_ID = -1_009_000_000_002;
export const MASTER_SECRET = 'harness-master-secret-0123456789-abcdefghij';

/** A running Netreach wired to an emulator, with a client and a worker. */
export interface Harness {
  emulator: Emulator;
  apiRoot: string;
  netreach: Netreach;
  config: Config;
  /** Everything Netreach logged, to check that no content leaks into logs. */
  logs: string[];
  /** Directory of the SQLite database (SQLite only). */
  dir?: string;
  /** Ids of the extra workers asked for in the options. */
  workers: number[];
  /** The staff topic's messages for a case topic id. */
  topic(threadId: number): Message[];
  stop(): Promise<void>;
}

/** Environment overrides for the harness. */
export type HarnessEnv = Record<string, string>;

/** Prepares a database URL for the dialect; undefined when PostgreSQL is unavailable (outside CI). */
export async function databaseUrlFor(dialect: DialectName): Promise<{ url: string; dir?: string; drop(): Promise<void> } | undefined> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'netreach-e2e-'));
    return { url: `sqlite:${join(dir, 'netreach.db')}`, dir, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  if (!(await postgresAvailable())) return undefined;
  const schema = `e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`create schema "${schema}"`);
  await client.end();
  return {
    url: postgresUrlWithSchema(schema),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    },
  };
}

/** Starts an emulator and Netreach against it (real HTTP on loopback, real database). */
/** Start options passed through to Netreach (a movable clock, short alert repeats). */
export interface HarnessOptions {
  now?: () => number;
  alertRepeatMs?: number;
  digestEveryMs?: number;
  verificationRefreshMs?: number;
  /** Delay of the first housekeeping run (retention) after the jobs start. */
  housekeepingAfterMs?: number;
  /** More workers in the staff group besides WORKER_ID (their ids are in `harness.workers`). */
  extraWorkers?: number;
  /** Creates the community supergroup (COMMUNITY_CHAT_ID, bot as admin, WORKER_ID a member) and sets COMMUNITY_CHAT_ID. */
  community?: boolean;
}

export async function startHarness(dialect: DialectName = 'sqlite', env: HarnessEnv = {}, options: HarnessOptions = {}): Promise<Harness | undefined> {
  const database = await databaseUrlFor(dialect);
  if (!database) return undefined;
  const emulator = createEmulator();
  emulator.createUser({ id: CLIENT_ID, firstName: 'Marina', username: 'marina_secret_name', languageCode: 'ru' });
  emulator.createUser({ id: WORKER_ID, firstName: 'Workername', username: 'worker_private', languageCode: 'en' });
  const workers = Array.from({ length: options.extraWorkers ?? 0 }, (_, i) => emulator.createUser({ firstName: `Worker ${i + 2}`, languageCode: 'en' }).id);
  emulator.createForumGroup({ id: STAFF_CHAT_ID, title: 'Staff', adminUserIds: [WORKER_ID], memberUserIds: workers });
  if (options.community) emulator.createGroup({ id: COMMUNITY_CHAT_ID, title: 'Community', supergroup: true, botIsAdmin: true, memberUserIds: [WORKER_ID, CLIENT_ID] });
  const server = await startEmulatorServer(emulator);
  const config = parseConfig({
    BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: server.url,
    DATABASE_URL: database.url,
    STAFF_CHAT_ID: String(STAFF_CHAT_ID),
    NETREACH_SECRET: MASTER_SECRET,
    PORT: '0',
    LOG_LEVEL: 'debug',
    STAFF_LANGUAGE: 'en',
    // Always at work, so that answers do not depend on when the tests run; hours have their own tests.
    WORKING_HOURS: 'mon-sun 00:00-24:00',
    // Telegram's 20 messages a minute per group would make these tests wait; the limiter has its own tests.
    TELEGRAM_RATE_LIMITS: 'off',
    ...(options.community ? { COMMUNITY_CHAT_ID: String(COMMUNITY_CHAT_ID) } : {}),
    ...env,
  });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const { extraWorkers: _extra, community: _community, ...start } = options;
  const netreach = await startNetreach(config, { logger: createLogger('debug', sink), pollTimeout: 1, ...start });
  return {
    emulator,
    apiRoot: server.url,
    netreach,
    config,
    logs,
    dir: database.dir,
    workers,
    topic: (threadId) => emulator.history(STAFF_CHAT_ID, { threadId }),
    async stop() {
      await netreach.stop();
      await server.close();
      await database.drop();
    },
  };
}
