/**
 * Several Netreach processes on one PostgreSQL database (issue 12): one holds the lease and
 * processes, sends and polls; the others accept webhook updates and stand by; a standby
 * takes over when the holder dies. Runs on PostgreSQL (required under CI=true).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Message } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../src/config.ts';
import { createEmulator, type Emulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';
import { startNetreach, type Netreach } from '../src/app/netreach.ts';
import { WEBHOOK_PATH } from '../src/http/create-app.ts';
import { createLogger } from '../src/logger.ts';
import { startBalancer } from './support/balancer.ts';
import { databaseUrlFor } from './support/harness.ts';

const STAFF = -1_009_700_000_001;
const SECRET = 'instances-test-master-secret-0123456789-abcdef';
const BIN = join(import.meta.dirname, '..', 'bin', 'netreach.js');
const quiet = () => createLogger('warn');

interface World {
  emulator: Emulator;
  apiRoot: string;
  closeEmulator(): Promise<void>;
  clients: number[];
}

async function world(clients: number): Promise<World> {
  const emulator = createEmulator();
  const worker = emulator.createUser({ firstName: 'Worker' });
  emulator.createForumGroup({ id: STAFF, title: 'Staff', adminUserIds: [worker.id] });
  const ids = Array.from({ length: clients }, (_, i) => emulator.createUser({ firstName: `Client ${i}`, languageCode: 'en' }).id);
  const server = await startEmulatorServer(emulator);
  return { emulator, apiRoot: server.url, closeEmulator: () => server.close(), clients: ids };
}

function env(w: World, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    BOT_TOKEN: w.emulator.token,
    TELEGRAM_API_ROOT: w.apiRoot,
    STAFF_CHAT_ID: String(STAFF),
    DATABASE_URL: databaseUrl,
    NETREACH_SECRET: SECRET,
    PORT: '0',
    LOG_LEVEL: 'warn',
    TELEGRAM_RATE_LIMITS: 'off',
    WORKING_HOURS: 'mon-sun 00:00-24:00',
    ...extra,
  };
}

const relayed = (w: World, text: string) => w.emulator.history(STAFF).filter((m: Message) => m.text === text).length;

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  const { createServer: createNetServer } = await import('node:net');
  return new Promise<number>((resolve) => {
    const s = createNetServer().listen(0, '127.0.0.1', () => {
      const a = s.address() as AddressInfo;
      s.close(() => resolve(a.port));
    });
  });
}

const roles = async (url: string): Promise<string[]> => ((await (await fetch(`${url}/healthz`)).json()) as { roles: string[] }).roles;

describe('several instances on one PostgreSQL database', async () => {
  const probe = await databaseUrlFor('postgres');
  await probe?.drop();
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const clean of cleanups.reverse()) await clean().catch(() => undefined);
  });

  it.skipIf(!probe)('webhook behind a balancer: every instance accepts, one processes; each message relayed once, in order per client', async () => {
    const database = await databaseUrlFor('postgres');
    if (!database) return;
    cleanups.push(() => database.drop());
    const w = await world(6);
    cleanups.push(() => w.closeEmulator());
    // A balancer that posts each update to a random instance.
    const balancer = await startBalancer();
    cleanups.push(() => balancer.close());
    const { targets, hits } = balancer;
    const balancerUrl = balancer.url;
    const config: Config = parseConfig(env(w, database.url, { BOT_MODE: 'webhook', WEBHOOK_URL: balancerUrl, WEBHOOK_SECRET: 'instances-webhook-secret-0123' }));
    const instances: Netreach[] = [];
    for (let i = 0; i < 3; i++) {
      const n = await startNetreach(config, { logger: quiet() });
      instances.push(n);
      cleanups.push(() => n.stop());
      targets.push(n.url);
    }
    expect(w.emulator.webhook()?.url).toBe(`${balancerUrl}${WEBHOOK_PATH}`);
    const owners = (await Promise.all(instances.map((n) => roles(n.url)))).filter((r) => r.includes('owner'));
    expect(owners).toHaveLength(1);

    const perClient = 8;
    for (let k = 0; k < perClient; k++) {
      for (const [c, id] of w.clients.entries()) w.emulator.userSendMessage({ userId: id, text: `c${c} m${k}` });
      await new Promise((r) => setTimeout(r, 30));
    }
    await until(() => w.clients.every((_, c) => Array.from({ length: perClient }, (_x, k) => relayed(w, `c${c} m${k}`)).every((n) => n >= 1)), 30_000, 'every message relayed');
    for (const n of instances) await n.sender.drained();
    for (const [c] of w.clients.entries()) {
      const texts = w.emulator.history(STAFF).filter((m) => m.text?.startsWith(`c${c} m`)).map((m) => m.text);
      // Once each, and in the order the client wrote them.
      expect(texts).toEqual(Array.from({ length: perClient }, (_x, k) => `c${c} m${k}`));
    }
    // The balancer spread the updates over every instance.
    for (const target of targets) expect(hits.get(target) ?? 0).toBeGreaterThan(0);
    // One topic per case, one open case per client.
    const topics = w.emulator.topics(STAFF);
    expect(topics).toHaveLength(w.clients.length);
  }, 60_000);

  it.skipIf(!probe)('webhook, 1,000 messages from 50 clients, kill -9 of the owner mid-flow: nothing lost, at most 2 repeated, taken over within 30 s', async () => {
    const database = await databaseUrlFor('postgres');
    if (!database) return;
    cleanups.push(() => database.drop());
    const w = await world(50);
    cleanups.push(() => w.closeEmulator());
    const balancer = await startBalancer();
    cleanups.push(() => balancer.close());
    const webhookEnv = { BOT_MODE: 'webhook', WEBHOOK_URL: balancer.url, WEBHOOK_SECRET: 'instances-webhook-secret-0123' };
    // The owner is a child process, so it can be killed as a crash would.
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], { env: { ...process.env, ...env(w, database.url, { ...webhookEnv, PORT: String(port) }) }, stdio: 'ignore' });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const childUrl = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${childUrl}/healthz`).then((r) => r.ok, () => false)), 30_000, 'the first instance');
    await until(async () => (await roles(childUrl)).includes('owner'), 15_000, 'the first instance to own the work');
    balancer.targets.push(childUrl);
    const standbys: Netreach[] = [];
    for (let i = 0; i < 2; i++) {
      const n = await startNetreach(parseConfig(env(w, database.url, webhookEnv)), { logger: quiet() });
      standbys.push(n);
      cleanups.push(() => n.stop());
      balancer.targets.push(n.url);
    }

    const perClient = 20;
    const total = perClient * w.clients.length;
    const relays = () => w.emulator.history(STAFF).filter((m) => /^c\d+ m\d+$/.test(m.text ?? '')).length;
    for (let k = 0; k < perClient; k++) {
      for (const [c, id] of w.clients.entries()) w.emulator.userSendMessage({ userId: id, text: `c${c} m${k}` });
      await new Promise((r) => setTimeout(r, 20));
    }
    // Mid-flow: a quarter relayed, the rest stored, queued at Telegram or in flight.
    await until(() => relays() >= total / 4, 60_000, 'a quarter relayed');
    expect(relays()).toBeLessThan(total);
    child.kill('SIGKILL');
    const killedAt = Date.now();
    // Dead, it answers nothing: the balancer's calls to it fail and Telegram retries them elsewhere.
    await until(async () => (await Promise.all(standbys.map((n) => roles(n.url)))).some((r) => r.includes('owner')), 30_000, 'a standby to take over');
    const takeover = Date.now() - killedAt;
    const seen = (c: number, k: number) => w.emulator.history(STAFF).filter((m) => m.text === `c${c} m${k}`).length;
    await until(() => w.clients.every((_, c) => Array.from({ length: perClient }, (_x, k) => seen(c, k)).every((n) => n >= 1)), 90_000, 'every message relayed');
    for (const n of standbys) await n.sender.drained();

    expect(takeover).toBeLessThan(30_000);
    let repeated = 0;
    for (const [c, id] of w.clients.entries()) {
      const texts = w.emulator.history(STAFF).filter((m) => m.text?.startsWith(`c${c} m`)).map((m) => m.text ?? '');
      repeated += texts.length - new Set(texts).size;
      // In the order the client wrote them (a repeat may follow its first copy).
      const firsts = texts.filter((text, i) => texts.indexOf(text) === i);
      expect(firsts).toEqual(Array.from({ length: perClient }, (_x, k) => `c${c} m${k}`));
      // What the bot told the client (the acknowledgement): nothing twice.
      const toClient = w.emulator.history(id).filter((m) => m.from?.is_bot).map((m) => m.text ?? '');
      repeated += toClient.length - new Set(toClient).size;
    }
    // A topic created just before the kill and not yet recorded would be made again: a repeat too.
    const topics = w.emulator.topics(STAFF);
    repeated += topics.length - w.clients.length;
    expect(topics.length).toBeGreaterThanOrEqual(w.clients.length);
    expect(repeated).toBeLessThanOrEqual(2);
    // One open case per client.
    const { Client } = await import('pg');
    const url = new URL(database.url);
    const schema = url.searchParams.get('schema') ?? 'public';
    url.searchParams.delete('schema');
    const db = new Client({ connectionString: url.toString() });
    await db.connect();
    try {
      const open = await db.query<{ n: string }>(`select count(*) as n from "${schema}".cases where status = 'open' group by client_id having count(*) > 1`);
      expect(open.rows).toEqual([]);
    } finally {
      await db.end();
    }
  }, 180_000);

  it.skipIf(!probe)('polling: one instance polls; after kill -9 of it, the standby takes over and nothing is lost', async () => {
    const database = await databaseUrlFor('postgres');
    if (!database) return;
    cleanups.push(() => database.drop());
    const w = await world(3);
    cleanups.push(() => w.closeEmulator());
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, [BIN, 'start'], { env: { ...process.env, ...env(w, database.url, { PORT: String(port) }) }, stdio: 'ignore' });
    cleanups.push(async () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    const childUrl = `http://127.0.0.1:${port}`;
    await until(async () => (await fetch(`${childUrl}/healthz`).then((r) => r.ok, () => false)), 30_000, 'the first instance');
    expect(await roles(childUrl)).toEqual(['owner']);
    const standby = await startNetreach(parseConfig(env(w, database.url)), { logger: quiet(), pollTimeout: 1 });
    cleanups.push(() => standby.stop());
    expect(await roles(standby.url)).toEqual([]);

    for (const [c, id] of w.clients.entries()) w.emulator.userSendMessage({ userId: id, text: `before ${c}` });
    await until(() => w.clients.every((_, c) => relayed(w, `before ${c}`) === 1), 15_000, 'relays by the first instance');

    child.kill('SIGKILL');
    const killedAt = Date.now();
    for (const [c, id] of w.clients.entries()) w.emulator.userSendMessage({ userId: id, text: `after ${c}` });
    await until(async () => (await roles(standby.url)).includes('owner'), 20_000, 'the standby to take over');
    const takeover = Date.now() - killedAt;
    await until(() => w.clients.every((_, c) => relayed(w, `after ${c}`) >= 1), 20_000, 'relays by the standby');
    await standby.sender.drained();
    expect(takeover).toBeLessThan(15_000);
    for (const [c] of w.clients.entries()) expect(relayed(w, `after ${c}`)).toBe(1);
  }, 90_000);
});
