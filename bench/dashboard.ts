/**
 * `npm run bench` (part): the staff dashboard on a large database. Seeds 100,000 cases and
 * about 1,000,000 messages (`netreach seed --demo`), starts Netreach on it, signs in, then
 * measures the inbox (each filter, search, the next page) and opening a random case over
 * real HTTP, on SQLite and on PostgreSQL. Prints p50/p95 per request and the ratio to a
 * `/healthz` request in the same run (the baseline: what HTTP alone costs on this machine).
 * Goal: inbox and case open under 50 ms at p95.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { totpCode } from '../src/auth/totp.ts';
import { parseConfig } from '../src/config.ts';
import { createKeyring } from '../src/crypto/keyring.ts';
import { createEmulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';
import { createLogger } from '../src/logger.ts';
import { startNetreach } from '../src/netreach.ts';
import { createDb } from '../src/storage/create-db.ts';
import { seedDemo } from '../src/storage/seed-demo.ts';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const POSTGRES = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SECRET = 'bench-master-secret-0123456789-abcdefghijkl';
const STAFF = -1_001_234_000_002;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function measure(label: string, request: (i: number) => Promise<Response>): Promise<{ label: string; p50: number; p95: number }> {
  for (let i = 0; i < 10; i++) await (await request(i)).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const t0 = performance.now();
    const response = await request(i);
    await response.arrayBuffer();
    times.push(performance.now() - t0);
    if (!response.ok) throw new Error(`${label}: HTTP ${response.status}`);
  }
  times.sort((a, b) => a - b);
  return { label, p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function postgresUrl(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  const schema = `bench_dash_${process.pid}`;
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

async function run(dialect: 'sqlite' | 'postgres', databaseUrl: string, dir: string) {
  const emulator = createEmulator();
  emulator.createForumGroup({ id: STAFF, title: 'Staff', adminUserIds: [] });
  const server = await startEmulatorServer(emulator);
  const config = parseConfig({
    BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: server.url,
    DATABASE_URL: databaseUrl,
    STAFF_CHAT_ID: String(STAFF),
    NETREACH_SECRET: SECRET,
    NETREACH_KEY_FILE: join(dir, 'key'),
    PORT: '0',
    LOG_LEVEL: 'warn',
    TELEGRAM_RATE_LIMITS: 'off',
  });

  const seedStarted = performance.now();
  const db = createDb(config.database);
  await db.migrate();
  const seeded = await seedDemo(db.kysely, createKeyring(SECRET), { cases: CASES, months: 12, seed: 42, until: new Date('2026-11-01T00:00:00Z'), hours: config.hours });
  await db.close();
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  const netreach = await startNetreach(config, { logger: createLogger('warn'), pollTimeout: 1 });
  try {
    const link = await netreach.auth.invite({ login: 'bench-admin', role: 'admin', alias: 'Bench', specialisations: [] }, null);
    const token = link.setupUrl.split('#/setup/')[1] ?? '';
    const post = (path: string, body: unknown) => fetch(`${netreach.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const started = (await (await post('/api/auth/setup/start', { token })).json()) as { totpSecret: string };
    const finished = await post('/api/auth/setup/finish', { token, password: 'bench password long enough', totp: totpCode(started.totpSecret, Date.now()) });
    const cookie = (/netreach_session=[^;]+/.exec(finished.headers.get('set-cookie') ?? '') ?? [''])[0];
    const get = (path: string) => fetch(`${netreach.url}${path}`, { headers: { cookie } });
    const page = (await (await get('/api/cases?filter=closed')).json()) as { next: string | null; cases: Array<{ clientCode: string }> };
    const ids = await netreach.db.kysely.selectFrom('cases').select('id').execute();
    let x = 12345;
    const randomId = () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return ids[x % ids.length]?.id ?? 1;
    };
    const codes = page.cases.map((c) => c.clientCode);
    const results = [
      await measure('baseline GET /healthz', () => get('/healthz')),
      await measure('inbox (open, urgent pinned)', () => get('/api/cases')),
      await measure('inbox unassigned', () => get('/api/cases?filter=unassigned')),
      await measure('inbox waiting for the client', () => get('/api/cases?filter=waiting_client')),
      await measure('inbox after hours', () => get('/api/cases?filter=after_hours')),
      await measure('inbox closed (all history)', () => get('/api/cases?filter=closed')),
      await measure('inbox closed, next page', () => get(`/api/cases?filter=closed&before=${page.next ?? ''}`)),
      await measure('search by client code', (i) => get(`/api/cases?filter=closed&q=${codes[i % codes.length] ?? 'K-2222'}`)),
      await measure('open a random case (transcript, report, earlier cases)', () => get(`/api/cases/${randomId()}`)),
    ];
    const baseline = results[0]?.p95 ?? 1;
    return { dialect, cases: seeded.cases, messages: seeded.messages, seedSeconds: Number(seedSeconds.toFixed(1)), requests: REQUESTS, results: results.map((r) => ({ ...r, p50: Number(r.p50.toFixed(2)), p95: Number(r.p95.toFixed(2)), p95VsBaseline: Number((r.p95 / baseline).toFixed(1)), meetsGoal: r.p95 < 50 })) };
  } finally {
    await netreach.stop();
    await server.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'netreach-bench-dashboard-'));
const runs = [];
try {
  runs.push(await run('sqlite', `sqlite:${join(dir, 'dashboard.db')}`, dir));
  const postgres = await postgresUrl();
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
for (const r of runs) {
  process.stdout.write(`\nDashboard on ${r.dialect}: ${r.cases} cases, ${r.messages} messages (seeded in ${r.seedSeconds} s), ${r.requests} requests each\n`);
  for (const x of r.results) process.stdout.write(`  ${x.label.padEnd(58)} p50 ${x.p50.toFixed(1).padStart(6)} ms  p95 ${x.p95.toFixed(1).padStart(6)} ms  (${x.p95VsBaseline}× baseline)${x.label.startsWith('baseline') ? '' : x.meetsGoal ? '  ok' : '  OVER 50 ms'}\n`);
}
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/dashboard.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, runs }, null, 2)}\n`);
