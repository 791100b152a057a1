/**
 * The benchmark's other side, in its own thread: the Bot API emulator, the simulated
 * clients and every measurement. The bot under test runs in the main thread, so the
 * emulator (standing in for Telegram's servers) does not take the bot's CPU.
 */
import { parentPort } from 'node:worker_threads';
import type { Message } from 'grammy/types';
import { createEmulator, type Emulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';

/** Commands the main thread sends. */
export type WorkerCommand =
  | { cmd: 'setup'; clients: number; staffChatId: number }
  | { cmd: 'throughput'; messages: number; count: 'echo' | 'staff' }
  | { cmd: 'latency'; rate: number; seconds: number; warm: boolean; urgentEveryMs?: number }
  | { cmd: 'close' };

const port = parentPort;
if (!port) throw new Error('run as a worker thread');

let emulator: Emulator | undefined;
let close: (() => Promise<void>) | undefined;
let users: number[] = [];
let staffChatId = 0;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function until(check: () => boolean, timeoutMs = 600_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('benchmark timed out');
    await new Promise((r) => setTimeout(r, 1));
  }
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
      const server = await startEmulatorServer(emulator);
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
      await until(() => counted >= command.messages);
      off();
      port.postMessage({ elapsedMs: performance.now() - start });
    } else if (command.cmd === 'latency' && emulator) {
      // The same traffic as the throughput run (clients in turn, so each client's first
      // message opens a case), offered at a fixed rate. An update's reply is the first bot
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
        await until(() => acked >= users.length && relayed >= users.length);
        stop();
        await new Promise((r) => setTimeout(r, 500));
      }
      const total = command.rate * command.seconds;
      // Emergencies among the ordinary traffic: each from a client of its own, measured to the guidance.
      const urgentSamples: number[] = [];
      const urgentSentAt = new Map<number, number>();
      const urgentUsers: number[] = [];
      if (command.urgentEveryMs) {
        const count = Math.floor((command.seconds * 1000) / command.urgentEveryMs);
        for (let i = 0; i < count; i++) urgentUsers.push(e.createUser({ firstName: `u${i}`, languageCode: i % 2 ? 'en' : 'ru' }).id);
      }
      const offUrgent = e.on('botMessage', (m: Message) => {
        const t0 = urgentSentAt.get(m.chat.id);
        if (t0 === undefined) return;
        urgentSamples.push(performance.now() - t0);
        urgentSentAt.delete(m.chat.id);
      });
      const sentAt = new Map<string, number>();
      const firstOf = new Map<number, string>();
      const samples: number[] = [];
      const bySide = { client: [] as number[], staff: [] as number[] };
      const sample = (key: string | undefined, side: 'client' | 'staff') => {
        const t0 = key === undefined ? undefined : sentAt.get(key);
        if (key === undefined || t0 === undefined) return;
        samples.push(performance.now() - t0);
        bySide[side].push(performance.now() - t0);
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
        if (command.urgentEveryMs && i % Math.max(1, Math.round((command.rate * command.urgentEveryMs) / 1000)) === 0) {
          const urgent = urgentUsers[urgentSentAt.size + urgentSamples.length];
          if (urgent !== undefined) {
            urgentSentAt.set(urgent, performance.now());
            e.userSendMessage({ userId: urgent, text: urgent % 2 ? 'my friend is not breathing, lips blue after a shot' : 'друг не дышит, губы синие после дозы' });
          }
        }
      }
      await until(() => samples.length >= total && urgentSentAt.size === 0);
      off();
      offUrgent();
      samples.sort((a, b) => a - b);
      const summary = (list: number[]) => {
        list.sort((a, b) => a - b);
        return { n: list.length, p50: percentile(list, 50), p99: percentile(list, 99) };
      };
      port.postMessage({ p50: percentile(samples, 50), p99: percentile(samples, 99), n: samples.length, client: summary(bySide.client), staff: summary(bySide.staff), urgent: summary(urgentSamples) });
    } else if (command.cmd === 'close') {
      await close?.();
      port.postMessage({ closed: true });
    }
  } catch (error) {
    port.postMessage({ error: (error as Error).message });
  }
});
