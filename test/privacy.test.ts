import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIENT_ID, STAFF_CHAT_ID, WORKER_ID, startHarness } from './support/harness.ts';

/** Every byte of every file in the database directory, as one buffer. */
function databaseBytes(dir: string): Buffer {
  return Buffer.concat(readdirSync(dir).map((name) => readFileSync(join(dir, name))));
}

describe('at rest', () => {
  it('a phrase a client or worker sent cannot be found in the database files, nor names or Telegram ids', async () => {
    const h = await startHarness('sqlite');
    if (!h?.dir) throw new Error('SQLite harness has a directory');
    const dir = h.dir;
    const clientPhrase = 'абсцесс на бедре зелёный автобус unique-client-phrase';
    const workerPhrase = 'приходите в четверг unique-worker-phrase';
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: clientPhrase });
      h.emulator.userSendMessage({ userId: CLIENT_ID, photo: true, caption: 'caption-phrase-on-a-photo' });
      h.emulator.userSendMessage({ userId: CLIENT_ID, contact: { phoneNumber: '+79990001122', firstName: 'Contactname' } });
      const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === clientPhrase, 10_000);
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: relayed.message_thread_id, text: workerPhrase });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && (m.text ?? '').startsWith(workerPhrase), 10_000);
      await h.netreach.ingestion.idle();
      await h.netreach.sender.drained();
      // While running: the WAL holds the newest pages.
      const live = databaseBytes(dir);
      expect(live.length).toBeGreaterThan(0);
      for (const needle of [clientPhrase, workerPhrase, 'unique-client-phrase', 'unique-worker-phrase', 'caption-phrase-on-a-photo', '79990001122', 'Contactname', 'Marina', 'marina_secret_name', 'Workername', String(CLIENT_ID), String(WORKER_ID)]) {
        expect(live.includes(Buffer.from(needle, 'utf8')), needle).toBe(false);
      }
    } finally {
      await h.netreach.stop();
    }
    // After a clean stop (checkpointed into the main file) as well.
    const atRest = databaseBytes(dir);
    expect(atRest.includes(Buffer.from('unique-client-phrase'))).toBe(false);
    expect(atRest.includes(Buffer.from('unique-worker-phrase'))).toBe(false);
    // The messages are there, sealed: the test would pass vacuously on an empty database otherwise.
    expect(atRest.includes(Buffer.from('messages'))).toBe(true);
  });
});
