/**
 * Several instances on one PostgreSQL database (issue 12): throughput with 1, 2 and 3
 * instances in webhook mode behind a balancer that posts each update to a random instance,
 * and the time a standby takes to take over after kill -9 of the lease holder.
 *
 * `npx tsx bench/instances.ts`. Prints ratios against one instance in the same run; writes
 * bench/results/instances.json. On 2 cores more instances cannot be faster (one holds the
 * lease and does the work); the goal is that they are not slower by more than 20 %.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { parseConfig } from '../src/config.ts';
import { createEmulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';
import { startNetreach, type Netreach } from '../src/app/netreach.ts';
import { createLogger } from '../src/logger.ts';
import { startBalancer } from '../test/support/balancer.ts';
import { POSTGRES } from './support.ts';

const STAFF = -1_009_800_000_001;
const SECRET = 'bench-instances-master-secret-0123456789-abc';
const CLIENTS = 50;
const PER_CLIENT = 20;
const BIN = join(import.meta.dirname, '..', 'bin', 'netreach.js');

async function schemaUrl(): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `bench_inst_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: POSTGRES });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  await admin.end();
  const url = new URL(POSTGRES);
  url.searchParams.set('schema', schema);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES });
      await c.connect();
      await c.query(`drop schema if exists "${schema}" cascade`);
      await c.end();
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Messages per second from the first sent to the last relayed into the staff group. */
async function throughput(instances: number): Promise<number> {
  const database = await schemaUrl();
  const emulator = createEmulator();
  const worker = emulator.createUser({ firstName: 'Worker' });
  emulator.createForumGroup({ id: STAFF, title: 'Staff', adminUserIds: [worker.id] });
  const clients = Array.from({ length: CLIENTS }, (_, i) => emulator.createUser({ firstName: `C${i}`, languageCode: 'en' }).id);
  const server = await startEmulatorServer(emulator);
  const balancer = await startBalancer();
  const { targets } = balancer;
  const config = parseConfig({
    BOT_TOKEN: emulator.token,
    TELEGRAM_API_ROOT: server.url,
    STAFF_CHAT_ID: String(STAFF),
    DATABASE_URL: database.url,
    NETREACH_SECRET: SECRET,
    PORT: '0',
    LOG_LEVEL: 'error',
    TELEGRAM_RATE_LIMITS: 'off',
    WORKING_HOURS: 'mon-sun 00:00-24:00',
    BOT_MODE: 'webhook',
    WEBHOOK_URL: balancer.url,
    WEBHOOK_SECRET: 'bench-instances-webhook-secret',
  });
  const running: Netreach[] = [];
  try {
    for (let i = 0; i < instances; i++) {
      const n = await startNetreach(config, { logger: createLogger('error') });
      running.push(n);
      targets.push(n.url);
    }
    const total = CLIENTS * PER_CLIENT;
    const started = performance.now();
    for (let k = 0; k < PER_CLIENT; k++) for (const [c, id] of clients.entries()) emulator.userSendMessage({ userId: id, text: `c${c} m${k}` });
    await until(() => emulator.history(STAFF).filter((m) => m.text?.startsWith('c')).length >= total, 120_000);
    return total / ((performance.now() - started) / 1000);
  } finally {
    for (const n of running) await n.stop();
    await balancer.close();
    await server.close();
    await database.drop();
  }
}

/** Seconds from kill -9 of the lease holder until the standby holds the lease. */
async function takeover(): Promise<number> {
  const database = await schemaUrl();
  const emulator = createEmulator();
  emulator.createForumGroup({ id: STAFF, title: 'Staff', adminUserIds: [emulator.createUser({ firstName: 'W' }).id] });
  const server = await startEmulatorServer(emulator);
  const env = { BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: server.url, STAFF_CHAT_ID: String(STAFF), DATABASE_URL: database.url, NETREACH_SECRET: SECRET, LOG_LEVEL: 'error', TELEGRAM_RATE_LIMITS: 'off' };
  const port = await new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address() as AddressInfo;
      s.close(() => resolve(a.port));
    });
  });
  const child = spawn(process.execPath, [BIN, 'start'], { env: { ...process.env, ...env, PORT: String(port) }, stdio: 'ignore' });
  let standby: Netreach | undefined;
  try {
    const roles = async (url: string) => ((await (await fetch(`${url}/healthz`)).json()) as { roles: string[] }).roles;
    await until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false)), 30_000);
    standby = await startNetreach(parseConfig({ ...env, PORT: '0' }), { logger: createLogger('error'), pollTimeout: 1 });
    const url = standby.url;
    child.kill('SIGKILL');
    const killed = performance.now();
    await until(async () => (await roles(url)).includes('owner'), 30_000);
    return (performance.now() - killed) / 1000;
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await standby?.stop();
    await server.close();
    await database.drop();
  }
}

const runs: Array<{ instances: number; messagesPerSecond: number; ratio: number }> = [];
let base = 0;
for (const instances of [1, 2, 3]) {
  const rate = await throughput(instances);
  if (instances === 1) base = rate;
  runs.push({ instances, messagesPerSecond: Math.round(rate), ratio: rate / base });
  process.stdout.write(`${instances} instance(s) on PostgreSQL, webhook behind a random balancer: ${Math.round(rate)} messages/s relayed = ${(rate / base).toFixed(2)}× one instance${instances > 1 ? ` (goal ≥ 0.80: ${rate / base >= 0.8 ? 'met' : 'not met'})` : ''}\n`);
}
const takeoverSeconds = await takeover();
process.stdout.write(`takeover after kill -9 of the lease holder: ${takeoverSeconds.toFixed(1)} s (lease 6 s, renewed every 2 s)\n`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/instances.json', import.meta.url), `${JSON.stringify({ at: new Date().toISOString(), node: process.version, runs, takeoverSeconds }, null, 2)}\n`);
