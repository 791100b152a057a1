/**
 * What the database benchmarks share: a PostgreSQL schema per run, a seeded Netreach on
 * the emulator, a signed-in staff member, and percentiles.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { totpCode } from '../src/core/accounts/totp.ts';
import type { Role } from '../src/http/api/contract.ts';
import { parseConfig, type Config } from '../src/config.ts';
import { createKeyring } from '../src/core/crypto/keyring.ts';
import { createEmulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';
import { createLogger } from '../src/logger.ts';
import { startNetreach, type Netreach } from '../src/app/netreach.ts';
import { createDb } from '../src/storage/create-db.ts';
import { seedDemo, type DemoOptions } from '../src/storage/seed-demo.ts';

export const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECRET = 'bench-master-secret-0123456789-abcdefghijkl';

/** p-th percentile of sorted numbers (nearest rank below). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Runs `work` a few times to warm up, then `times` times, and returns p50 and p95 in ms. */
export async function measure(label: string, work: (i: number) => Promise<unknown>, times: number): Promise<{ label: string; p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await work(i);
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = performance.now();
    await work(i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return { label, p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

/** A schema of its own on the local PostgreSQL, dropped afterwards; undefined if it is not there. */
export async function postgresSchema(name: string): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const schema = `${name}_${process.pid}`;
  const client = new pg.Client({ connectionString: POSTGRES });
  try {
    await client.connect();
    await client.query(`create schema "${schema}"`);
    await client.end();
  } catch {
    return undefined;
  }
  return {
    url: `${POSTGRES}?schema=${schema}`,
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES });
      await c.connect();
      await c.query(`drop schema "${schema}" cascade`);
      await c.end();
    },
  };
}

/** A Netreach on a seeded database, with a signed-in staff member's `get`. */
export interface SeededNetreach {
  netreach: Netreach;
  config: Config;
  seeded: { cases: number; messages: number };
  seedSeconds: number;
  get(path: string): Promise<Response>;
  stop(): Promise<void>;
}

/** Seeds the database with demo data, starts Netreach on the emulator and signs in as `role`. */
export async function startSeeded(databaseUrl: string, dir: string, role: Role, demo: Omit<DemoOptions, 'hours'>): Promise<SeededNetreach> {
  const emulator = createEmulator();
  const staffChat = -1_001_234_000_009;
  emulator.createForumGroup({ id: staffChat, title: 'Staff', adminUserIds: [] });
  const server = await startEmulatorServer(emulator);
  const config = parseConfig({
    BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: server.url,
    DATABASE_URL: databaseUrl,
    STAFF_CHAT_ID: String(staffChat),
    NETREACH_SECRET: SECRET,
    NETREACH_KEY_FILE: join(dir, 'key'),
    PORT: '0',
    LOG_LEVEL: 'warn',
    TELEGRAM_RATE_LIMITS: 'off',
  });
  const started = performance.now();
  const db = createDb(config.database);
  await db.migrate();
  const seeded = await seedDemo(db.kysely, createKeyring(SECRET), { ...demo, hours: config.hours });
  await db.close();
  const seedSeconds = Number(((performance.now() - started) / 1000).toFixed(1));

  const netreach = await startNetreach(config, { logger: createLogger('warn'), pollTimeout: 1 });
  const link = await netreach.auth.invite({ login: `bench-${role}`, role, alias: 'Bench', specialisations: [] }, null);
  const token = link.setupUrl.split('#/setup/')[1] ?? '';
  const post = (path: string, body: unknown) => fetch(`${netreach.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const setup = (await (await post('/api/auth/setup/start', { token })).json()) as { totpSecret: string; totpRequired: boolean };
  const finished = await post('/api/auth/setup/finish', { token, password: 'bench password long enough', ...(setup.totpRequired ? { totp: totpCode(setup.totpSecret, Date.now()) } : {}) });
  const cookie = (/netreach_session=[^;]+/.exec(finished.headers.get('set-cookie') ?? '') ?? [''])[0];
  return {
    netreach,
    config,
    seeded,
    seedSeconds,
    // A kept-alive connection the server closed meanwhile fails once: retry it.
    get: (path) => fetch(`${netreach.url}${path}`, { headers: { cookie } }).catch(() => fetch(`${netreach.url}${path}`, { headers: { cookie } })),
    async stop() {
      await netreach.stop();
      await server.close();
    },
  };
}

/**
 * Runs a benchmark on SQLite (a file in a temporary folder) and on the local PostgreSQL (a
 * schema of its own), skipping PostgreSQL when it is not there; cleans up either way.
 */
export async function onBothDatabases<R>(name: string, run: (dialect: 'sqlite' | 'postgres', databaseUrl: string, dir: string) => Promise<R>, options: { skipSqlite?: boolean } = {}): Promise<R[]> {
  const dir = mkdtempSync(join(tmpdir(), `netreach-${name}-`));
  const runs: R[] = [];
  try {
    if (!options.skipSqlite) runs.push(await run('sqlite', `sqlite:${join(dir, `${name}.db`)}`, dir));
    const postgres = await postgresSchema(name.replace(/\W/g, '_'));
    if (postgres) {
      try {
        runs.push(await run('postgres', postgres.url, dir));
      } finally {
        await postgres.drop();
      }
    } else {
      process.stdout.write('PostgreSQL not reachable: skipped\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return runs;
}
