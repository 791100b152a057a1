/**
 * A burst under Telegram's real limits (issue 13): 20 new clients send 5 messages each
 * within 10 s, through an emulator that answers 429 past 20 messages a minute into the staff
 * group (a new topic counts) and Netreach keeping Telegram's limits itself. Relays that
 * queue behind the group's limit go out coalesced, one message per topic, so staff see
 * every message within about two minutes instead of six. Takes real minutes: the limits
 * are time.
 */
import type { Message } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { createEmulator, TELEGRAM_RATE_LIMITS } from '../src/emulator/index.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';
import { startNetreach } from '../src/app/netreach.ts';
import { createLogger } from '../src/logger.ts';
import { databaseUrlFor } from './support/harness.ts';

const STAFF = -1_009_800_000_001;

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a burst under Telegram’s limits', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const clean of cleanups.reverse()) await clean().catch(() => undefined);
  });

  it('20 clients × 5 messages in 10 s: every message in front of staff within 150 s, in order, none lost, few 429s; a reply still reaches the client', async () => {
    const database = await databaseUrlFor('sqlite');
    if (!database) throw new Error('no database');
    cleanups.push(() => database.drop());
    const emulator = createEmulator({ rateLimits: TELEGRAM_RATE_LIMITS });
    const worker = emulator.createUser({ firstName: 'Worker', languageCode: 'en' });
    emulator.createForumGroup({ id: STAFF, title: 'Staff', adminUserIds: [worker.id] });
    const clients = Array.from({ length: 20 }, (_, i) => emulator.createUser({ firstName: `Client ${i}`, languageCode: 'en' }).id);
    let rateLimited = 0;
    emulator.on('call', (call) => {
      if (call.errorCode === 429) rateLimited += 1;
    });
    const server = await startEmulatorServer(emulator);
    cleanups.push(() => server.close());
    const netreach = await startNetreach(
      parseConfig({
        BOT_TOKEN: emulator.token,
        TELEGRAM_API_ROOT: server.url,
        STAFF_CHAT_ID: String(STAFF),
        DATABASE_URL: database.url,
        NETREACH_SECRET: 'burst-test-master-secret-0123456789-abcdef',
        PORT: '0',
        LOG_LEVEL: 'warn',
        TELEGRAM_RATE_LIMITS: 'telegram',
        WORKING_HOURS: 'mon-sun 00:00-24:00',
      }),
      { logger: createLogger('warn'), pollTimeout: 1 },
    );
    cleanups.push(() => netreach.stop());

    const started = Date.now();
    const perClient = 5;
    for (let k = 0; k < perClient; k++) {
      for (const [c, id] of clients.entries()) emulator.userSendMessage({ userId: id, text: `client ${c} says ${k}` });
      await new Promise((r) => setTimeout(r, 2_000));
    }
    const staffText = () => emulator.history(STAFF).map((m: Message) => m.text ?? '').join('\n');
    const visible = (c: number, k: number) => staffText().includes(`client ${c} says ${k}`);
    await until(() => clients.every((_, c) => Array.from({ length: perClient }, (_x, k) => visible(c, k)).every(Boolean)), 150_000, 'every message in front of staff');
    const elapsed = Date.now() - started;

    // Each client's messages in order, each once, in the client's own topic.
    const topics = emulator.topics(STAFF);
    expect(topics).toHaveLength(clients.length);
    for (const [c] of clients.entries()) {
      const mentions = emulator
        .history(STAFF)
        .flatMap((m) => [...(m.text ?? '').matchAll(new RegExp(`client ${c} says (\\d)`, 'g'))].map((match) => ({ k: Number(match[1]), thread: m.message_thread_id })));
      expect(mentions.map((x) => x.k)).toEqual([0, 1, 2, 3, 4]);
      expect(new Set(mentions.map((x) => x.thread)).size).toBe(1);
    }
    // Fewer group sends than messages: the queue was coalesced.
    const relayMessages = emulator.history(STAFF).filter((m) => /client \d+ says/.test(m.text ?? '')).length;
    expect(relayMessages).toBeLessThan(clients.length * perClient);
    expect(rateLimited).toBeLessThanOrEqual(10);
    expect(elapsed).toBeLessThan(150_000);

    // A worker's reply in a topic whose relays were coalesced reaches that client.
    const lastRelay = emulator.history(STAFF).filter((m) => (m.text ?? '').includes('client 7 says 4')).at(-1);
    if (!lastRelay?.message_thread_id) throw new Error('no relay of client 7');
    emulator.userSendMessage({ userId: worker.id, chatId: STAFF, messageThreadId: lastRelay.message_thread_id, text: 'we hear you, client seven', replyToMessageId: lastRelay.message_id });
    await until(() => emulator.history(clients[7] ?? 0).some((m) => m.text === 'we hear you, client seven'), 30_000, 'the reply to reach the client');
  }, 240_000);
});
