/**
 * `npm run bench`: the whole pipeline (store, case, relay to staff, acknowledgement) against
 * a bare grammY echo bot, both talking to the same kind of Bot API emulator over loopback
 * HTTP, in one run. The emulator and the simulated clients live in a worker thread (like
 * Telegram, they do not share the bot's CPU); the bot under test runs in the main thread.
 * Prints updates/s for both and their ratio, and p50/p99 from an update to the first reply
 * at a fixed offered load. Times on these shared machines are noisy: read the ratios.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Bot } from 'grammy';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { startNetreach } from '../src/netreach.ts';
import type { WorkerCommand } from './emulator-worker.ts';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 20_000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 2_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 10);
const STAFF = -1_001_234_000_001;

/** One emulator in a worker thread, driven by request/answer messages. */
class EmulatorThread {
  // tsx compiles the worker's TypeScript as it does the main thread's.
  private readonly worker = new Worker(new URL('./emulator-worker.js', import.meta.url));

  ask<T>(command: WorkerCommand): Promise<T> {
    return new Promise((resolve, reject) => {
      this.worker.once('message', (answer: T & { error?: string }) => (answer.error ? reject(new Error(answer.error)) : resolve(answer)));
      this.worker.postMessage(command);
    });
  }

  async close(): Promise<void> {
    await this.ask({ cmd: 'close' });
    await this.worker.terminate();
  }
}

interface BotUnderTest {
  stop(): Promise<void>;
}

async function echoBot(url: string, token: string): Promise<BotUnderTest> {
  const bot = new Bot(token, { client: { apiRoot: url } });
  bot.on('message:text', (ctx) => ctx.reply(ctx.msg.text));
  await bot.init();
  void bot.start({ timeout: 1 });
  return { stop: () => bot.stop() };
}

async function pipeline(url: string, token: string, dir: string): Promise<BotUnderTest> {
  const config = parseConfig({
    BOT_TOKEN: token,
    TELEGRAM_API_ROOT: url,
    DATABASE_URL: `sqlite:${join(dir, `bench-${Date.now()}-${Math.random().toString(36).slice(2)}.db`)}`,
    STAFF_CHAT_ID: String(STAFF),
    NETREACH_SECRET: 'bench-master-secret-0123456789-abcdefghijk',
    PORT: '0',
    TELEGRAM_RATE_LIMITS: 'off',
    // Always at work, so the numbers do not depend on the hour the benchmark runs.
    WORKING_HOURS: 'mon-sun 00:00-24:00',
  });
  const netreach = await startNetreach(config, { logger: createLogger('error'), pollTimeout: 1 });
  return { stop: () => netreach.stop() };
}

type Start = (url: string, token: string) => Promise<BotUnderTest>;

async function measureThroughput(name: string, start: Start, count: 'echo' | 'staff'): Promise<number> {
  const thread = new EmulatorThread();
  const { url, token } = await thread.ask<{ url: string; token: string }>({ cmd: 'setup', clients: CLIENTS, staffChatId: STAFF });
  const bot = await start(url, token);
  const { elapsedMs } = await thread.ask<{ elapsedMs: number }>({ cmd: 'throughput', messages: MESSAGES, count });
  await bot.stop();
  await thread.close();
  const rate = MESSAGES / (elapsedMs / 1000);
  console.log(`${name}: ${MESSAGES} messages from ${CLIENTS} clients in ${(elapsedMs / 1000).toFixed(2)} s = ${rate.toFixed(0)} updates/s`);
  return rate;
}

interface Percentiles {
  n: number;
  p50: number;
  p99: number;
}

type LatencyResult = Percentiles & { client: Percentiles; staff: Percentiles; urgent: Percentiles };

async function measureLatency(name: string, start: Start, warm: boolean, urgentEveryMs?: number): Promise<LatencyResult> {
  const thread = new EmulatorThread();
  const { url, token } = await thread.ask<{ url: string; token: string }>({ cmd: 'setup', clients: CLIENTS, staffChatId: STAFF });
  const bot = await start(url, token);
  const result = await thread.ask<LatencyResult>({ cmd: 'latency', rate: RATE, seconds: LATENCY_SECONDS, warm, ...(urgentEveryMs ? { urgentEveryMs } : {}) });
  await bot.stop();
  await thread.close();
  console.log(`${name}, ${warm ? 'ongoing cases (every client wrote once before)' : 'cold (each client’s first message opens a case)'}: ${RATE} updates/s offered for ${LATENCY_SECONDS} s: p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms (update → first reply)`);
  for (const side of ['client', 'staff'] as const) {
    const s = result[side];
    if (s.n > 0) console.log(`  first reply in the ${side === 'client' ? "client's chat" : 'staff group'}: ${s.n} updates, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`);
  }
  if (result.urgent.n > 0) console.log(`  urgent message → emergency guidance sent: ${result.urgent.n} emergencies, p50 ${result.urgent.p50.toFixed(1)} ms, p99 ${result.urgent.p99.toFixed(1)} ms (goal p99 ≤ 50 ms)`);
  return result;
}

const dir = mkdtempSync(join(tmpdir(), 'netreach-bench-'));
try {
  console.log(`Netreach benchmark on Node ${process.version}; emulator in a worker thread on loopback; SQLite in ${dir}`);
  const echoRate = await measureThroughput('bare grammY echo bot', echoBot, 'echo');
  const pipelineRate = await measureThroughput('netreach pipeline (store, case, topic, relay, ack)', (u, t) => pipeline(u, t, dir), 'staff');
  const ratio = pipelineRate / echoRate;
  console.log(`ratio pipeline / echo = ${ratio.toFixed(2)} (goal ≥ 1.00)`);
  const echoLatency = await measureLatency('bare grammY echo bot', echoBot, false);
  const pipelineLatency = await measureLatency('netreach pipeline', (u, t) => pipeline(u, t, dir), false);
  const pipelineWarm = await measureLatency('netreach pipeline', (u, t) => pipeline(u, t, dir), true, 100);
  console.log(`pipeline p99 cold ${pipelineLatency.p99.toFixed(1)} ms, ongoing ${pipelineWarm.p99.toFixed(1)} ms: goal < 50 ms ${pipelineLatency.p99 < 50 ? 'met' : 'missed'} cold, ${pipelineWarm.p99 < 50 ? 'met' : 'missed'} ongoing`);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    messages: MESSAGES,
    clients: CLIENTS,
    throughput: { echo: echoRate, pipeline: pipelineRate, ratio },
    latency: { offeredPerSecond: RATE, seconds: LATENCY_SECONDS, echo: echoLatency, pipelineCold: pipelineLatency, pipelineOngoing: pipelineWarm, urgentToGuidance: pipelineWarm.urgent },
  };
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  const file = join(import.meta.dirname, 'results', 'pipeline.json');
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written to ${file}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
