/**
 * The benchmark's other side, in its own thread: the Bot API emulator, the simulated
 * clients and every measurement. The bot under test runs in the main thread, so the
 * emulator (standing in for Telegram's servers) does not take the bot's CPU. The emulator
 * listens on 127.0.0.1 only, and every wait here has a deadline.
 */
import { parentPort } from 'node:worker_threads';
import type { Message } from 'grammy/types';
import { createEmulator, type Emulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';

/** Commands the main thread sends. */
export type WorkerCommand =
  | { cmd: 'setup'; clients: number; staffChatId: number }
  | { cmd: 'throughput'; messages: number; count: 'echo' | 'staff'; timeoutMs: number }
  | { cmd: 'latency'; rate: number; seconds: number; warm: boolean; urgentEveryMs?: number; drainMs: number }
  | { cmd: 'close' };

/** Latency percentiles in ms over `n` samples (NaN, so null in JSON, when there are none). */
export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** What a latency run measured. The top-level percentiles are every ordinary update's first reply. */
export interface LatencyResult extends Summary {
  /** Ordinary updates the run was to send, and the rate it was to send them at. */
  offered: number;
  offeredPerSecond: number;
  /** The rate the sender actually kept (it shares its thread with the emulator). */
  sentPerSecond: number;
  /** Ordinary updates still without a reply when the drain time ran out. */
  unanswered: number;
  /** Ordinary replies per second from the first update sent to the last reply: below `offeredPerSecond`, the bot fell behind. */
  answeredPerSecond: number;
  client: Summary;
  staff: Summary;
  /**
   * Urgent message → the first step of its emergency guide in the client's chat.
   * `otherReplyFirst` counts emergencies where some other bot message reached the client
   * before the guide did.
   */
  urgent: Summary & { sent: number; unanswered: number; otherReplyFirst: number };
}

const port = parentPort;
if (!port) throw new Error('run as a worker thread');

/** The urgent messages: plain overdose reports, in the client's language. */
const URGENT_TEXT = { en: 'my friend is not breathing, lips blue after a shot', ru: 'друг не дышит, губы синие после дозы' } as const;

let emulator: Emulator | undefined;
let close: (() => Promise<void>) | undefined;
let users: number[] = [];
let staffChatId = 0;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(list: number[]): Summary {
  list.sort((a, b) => a - b);
  return { n: list.length, p50: percentile(list, 50), p95: percentile(list, 95), p99: percentile(list, 99), max: list.at(-1) ?? Number.NaN };
}

/** Waits until `check()` holds; false if `timeoutMs` ran out first. */
async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 1));
  }
  return true;
}

/** A guide step: a message whose buttons carry guide actions (`g:…`, `gs:…`, `gw`, `ge`). */
function isGuideStep(m: Message): boolean {
  return (m.reply_markup?.inline_keyboard ?? []).some((row) => row.some((b) => 'callback_data' in b && /^(g:|gs:|gw$|ge$)/.test(b.callback_data)));
}

port.on('message', async (command: WorkerCommand) => {
  try {
    if (command.cmd === 'setup') {
      emulator = createEmulator();
      const worker = emulator.createUser({ firstName: 'Worker' });
      staffChatId = command.staffChatId;
      emulator.createForumGroup({ id: staffChatId, title: 'Staff', adminUserIds: [worker.id] });
      const e = emulator;
      users = Array.from({ length: command.clients }, (_, i) => e.createUser({ firstName: `c${i}`, languageCode: i % 2 ? 'en' : 'ru' }).id);
      const server = await startEmulatorServer(emulator, { host: '127.0.0.1' });
      close = server.close;
      port.postMessage({ url: server.url, token: emulator.token });
    } else if (command.cmd === 'throughput' && emulator) {
      const e = emulator;
      let counted = 0;
      const off = e.on('botMessage', (m: Message) => {
        if (!m.text?.startsWith('m ')) return;
        if (command.count === 'staff' ? m.chat.id === staffChatId : m.chat.id > 0) counted++;
      });
      const start = performance.now();
      for (let i = 0; i < command.messages; i++) e.userSendMessage({ userId: users[i % users.length] ?? 0, text: `m ${i}` });
      const done = await until(() => counted >= command.messages, command.timeoutMs);
      off();
      if (!done) throw new Error(`throughput run timed out after ${command.timeoutMs} ms with ${counted} of ${command.messages} answered`);
      port.postMessage({ elapsedMs: performance.now() - start });
    } else if (command.cmd === 'latency' && emulator) {
      // The same traffic as the throughput run (clients in turn, so each client's first
      // message opens a case), offered at the given rate. An update's reply is the first bot
      // message it caused: the echo, the acknowledgement of a new case, or its relay into
      // the staff topic.
      const e = emulator;
      if (command.warm) {
        // Every client writes once first and gets the acknowledgement, so the measured
        // traffic is the steady state of ongoing cases rather than a burst of new ones.
        let acked = 0;
        let relayed = 0;
        const stop = e.on('botMessage', (m: Message) => {
          if (m.chat.id > 0) acked++;
          else if (m.text === 'warm-up') relayed++;
        });
        for (const user of users) e.userSendMessage({ userId: user, text: 'warm-up' });
        const warmed = await until(() => acked >= users.length && relayed >= users.length, command.drainMs);
        stop();
        if (!warmed) throw new Error(`warm-up timed out: ${acked} acknowledgements and ${relayed} relays of ${users.length}`);
        await new Promise((r) => setTimeout(r, 500));
      }
      const total = Math.max(1, Math.round(command.rate * command.seconds));
      // Emergencies among the ordinary traffic: each from a client of its own (a first
      // message, so it also opens a case), measured to the first guide step.
      const urgentSamples: number[] = [];
      const urgentSentAt = new Map<number, number>();
      const urgentUsers: { id: number; lang: 'en' | 'ru' }[] = [];
      let otherReplyFirst = 0;
      const repliedBeforeGuide = new Set<number>();
      if (command.urgentEveryMs) {
        const count = Math.floor((command.seconds * 1000) / command.urgentEveryMs);
        for (let i = 0; i < count; i++) {
          const lang = i % 2 ? 'en' : 'ru';
          urgentUsers.push({ id: e.createUser({ firstName: `u${i}`, languageCode: lang }).id, lang });
        }
      }
      const urgentEvery = command.urgentEveryMs ? Math.max(1, Math.round((command.rate * command.urgentEveryMs) / 1000)) : 0;
      let urgentSent = 0;
      const offUrgent = e.on('botMessage', (m: Message) => {
        const t0 = urgentSentAt.get(m.chat.id);
        if (t0 === undefined) return;
        if (!isGuideStep(m)) {
          if (!repliedBeforeGuide.has(m.chat.id)) otherReplyFirst++;
          repliedBeforeGuide.add(m.chat.id);
          return;
        }
        urgentSamples.push(performance.now() - t0);
        urgentSentAt.delete(m.chat.id);
      });
      const sentAt = new Map<string, number>();
      const firstOf = new Map<number, string>();
      const samples: number[] = [];
      let lastReplyAt = 0;
      const bySide = { client: [] as number[], staff: [] as number[] };
      const sample = (key: string | undefined, side: 'client' | 'staff') => {
        const t0 = key === undefined ? undefined : sentAt.get(key);
        if (key === undefined || t0 === undefined) return;
        lastReplyAt = performance.now();
        const ms = lastReplyAt - t0;
        samples.push(ms);
        bySide[side].push(ms);
        sentAt.delete(key);
      };
      const off = e.on('botMessage', (m: Message) => {
        const side = m.chat.id > 0 ? 'client' : 'staff';
        if (m.text !== undefined && sentAt.has(m.text)) sample(m.text, side);
        else if (m.chat.id > 0) sample(firstOf.get(m.chat.id), side);
      });
      const start = performance.now();
      for (let i = 0; i < total; i++) {
        const wait = start + (i * 1000) / command.rate - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const user = users[i % users.length] ?? 0;
        const text = `l ${i}`;
        if (!command.warm && !firstOf.has(user)) firstOf.set(user, text);
        sentAt.set(text, performance.now());
        e.userSendMessage({ userId: user, text });
        if (urgentEvery && i % urgentEvery === 0) {
          const urgent = urgentUsers[urgentSent];
          if (urgent !== undefined) {
            urgentSent++;
            urgentSentAt.set(urgent.id, performance.now());
            e.userSendMessage({ userId: urgent.id, text: URGENT_TEXT[urgent.lang] });
          }
        }
      }
      const sentPerSecond = total / ((performance.now() - start) / 1000);
      await until(() => samples.length >= total && urgentSentAt.size === 0, command.drainMs);
      off();
      offUrgent();
      const overall = summary(samples);
      const result: LatencyResult = {
        ...overall,
        offered: total,
        offeredPerSecond: command.rate,
        sentPerSecond,
        unanswered: total - samples.length,
        answeredPerSecond: lastReplyAt > start ? samples.length / ((lastReplyAt - start) / 1000) : 0,
        client: summary(bySide.client),
        staff: summary(bySide.staff),
        urgent: { ...summary(urgentSamples), sent: urgentSent, unanswered: urgentSentAt.size, otherReplyFirst },
      };
      port.postMessage(result);
    } else if (command.cmd === 'close') {
      await close?.();
      port.postMessage({ closed: true });
    }
  } catch (error) {
    port.postMessage({ error: error instanceof Error ? `${error.name}: ${error.message || '(no message)'}\n${error.stack ?? ''}` : String(error) });
  }
});
