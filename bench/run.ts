/**
 * `npm run bench`: the whole pipeline (store, case, relay to staff, acknowledgement) against
 * a bare grammY echo bot, both through the same Bot API emulator on loopback, in one run.
 * Reports updates/s for both and their ratio, and p50/p99 from update to first reply at a
 * fixed offered load. Times on these shared machines are noisy: read the ratios.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Bot } from 'grammy';
import type { Message } from 'grammy/types';
import { parseConfig } from '../src/config.ts';
import { createEmulator, type Emulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';
import { createLogger } from '../src/logger.ts';
import { startNetreach } from '../src/netreach.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const STAFF = -1_001_234_000_001;

interface World {
  emulator: Emulator;
  url: string;
  users: number[];
  close(): Promise<void>;
}

async function world(users: number): Promise<World> {
  const emulator = createEmulator();
  const worker = emulator.createUser({ firstName: 'Worker' });
  emulator.createForumGroup({ id: STAFF, title: 'Staff', adminUserIds: [worker.id] });
  const ids = Array.from({ length: users }, (_, i) => emulator.createUser({ firstName: `c${i}`, languageCode: i % 2 ? 'en' : 'ru' }).id);
  const server = await startEmulatorServer(emulator);
  return { emulator, url: server.url, users: ids, close: () => server.close() };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** Waits until `count()` reaches `target`; returns elapsed ms since `start`. */
async function until(count: () => number, target: number, start: number, timeoutMs = 600_000): Promise<number> {
  while (count() < target) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out at ${count()}/${target}`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now() - start;
}

interface Runner {
  /** Counts replies that mark an update as handled. */
  handled(): number;
  stop(): Promise<void>;
}

async function echoBot(w: World): Promise<Runner> {
  const bot = new Bot(w.emulator.token, { client: { apiRoot: w.url } });
  bot.on('message:text', (ctx) => ctx.reply(ctx.msg.text));
  let handled = 0;
  w.emulator.on('botMessage', () => void handled++);
  await bot.init();
  void bot.start({ drop_pending_updates: false, timeout: 1 });
  return { handled: () => handled, stop: () => bot.stop() };
}

async function pipeline(w: World, dir: string): Promise<Runner & { acks(): number }> {
  const config = parseConfig({
    BOT_TOKEN: w.emulator.token,
    TELEGRAM_API_ROOT: w.url,
    DATABASE_URL: `sqlite:${join(dir, `bench-${Date.now()}.db`)}`,
    STAFF_CHAT_ID: String(STAFF),
    NETREACH_SECRET: 'bench-master-secret-0123456789-abcdefghijk',
    PORT: '0',
    TELEGRAM_RATE_LIMITS: 'off',
  });
  let relayed = 0;
  let acks = 0;
  w.emulator.on('botMessage', (m: Message) => {
    if (m.chat.id === STAFF && m.text?.startsWith('m ')) relayed++;
    else if (m.chat.id > 0) acks++;
  });
  const netreach = await startNetreach(config, { logger: createLogger('error'), pollTimeout: 1 });
  return { handled: () => relayed, acks: () => acks, stop: () => netreach.stop() };
}

async function throughput(name: string, make: (w: World) => Promise<Runner>): Promise<number> {
  const w = await world(CLIENTS);
  const runner = await make(w);
  const start = performance.now();
  for (let i = 0; i < MESSAGES; i++) w.emulator.userSendMessage({ userId: w.users[i % CLIENTS] ?? 0, text: `m ${i}` });
  const elapsed = await until(runner.handled, MESSAGES, start);
  const rate = MESSAGES / (elapsed / 1000);
  console.log(`${name}: ${MESSAGES} messages from ${CLIENTS} clients in ${(elapsed / 1000).toFixed(2)} s = ${rate.toFixed(0)} updates/s`);
  await runner.stop();
  await w.close();
  return rate;
}

/** Offers `RATE` updates/s from new clients; measures update → first reply to that client. */
async function latency(name: string, make: (w: World) => Promise<Runner>): Promise<{ p50: number; p99: number; n: number }> {
  const total = RATE * LATENCY_SECONDS;
  const w = await world(total);
  const runner = await make(w);
  const sentAt = new Map<number, number>();
  const samples: number[] = [];
  w.emulator.on('botMessage', (m: Message) => {
    const t0 = sentAt.get(m.chat.id);
    if (t0 !== undefined) {
      samples.push(performance.now() - t0);
      sentAt.delete(m.chat.id);
    }
  });
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const user = w.users[i] ?? 0;
    sentAt.set(user, performance.now());
    w.emulator.userSendMessage({ userId: user, text: `m ${i}` });
  }
  await until(() => samples.length, total, start);
  await runner.stop();
  await w.close();
  samples.sort((a, b) => a - b);
  const result = { p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length };
  console.log(`${name}: ${RATE} updates/s offered for ${LATENCY_SECONDS} s: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms (update → first reply)`);
  return result;
}

const dir = mkdtempSync(join(tmpdir(), 'netreach-bench-'));
try {
  console.log(`Netreach benchmark on Node ${process.version}; emulator on loopback; SQLite in ${dir}`);
  const echoRate = await throughput('bare grammY echo bot', echoBot);
  const pipelineRate = await throughput('netreach pipeline (store, case, topic, relay, ack)', (w) => pipeline(w, dir));
  const ratio = pipelineRate / echoRate;
  console.log(`ratio pipeline / echo = ${ratio.toFixed(2)} (goal ≥ 1.00)`);
  const echoLatency = await latency('bare grammY echo bot', echoBot);
  const pipelineLatency = await latency('netreach pipeline', (w) => pipeline(w, dir));
  console.log(`p99 goal < 50 ms: ${pipelineLatency.p99 < 50 ? 'met' : 'missed'}`);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    messages: MESSAGES,
    clients: CLIENTS,
    throughput: { echo: echoRate, pipeline: pipelineRate, ratio },
    latency: { offeredPerSecond: RATE, seconds: LATENCY_SECONDS, echo: echoLatency, pipeline: pipelineLatency },
  };
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  const file = join(import.meta.dirname, 'results', 'pipeline.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written to ${file}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
