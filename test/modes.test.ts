import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { createEmulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';
import { createLogger } from '../src/logger.ts';
import { startNetreach } from '../src/app/netreach.ts';
import { TokenRejectedError } from '../src/telegram/ingestion.ts';
import { WEBHOOK_PATH } from '../src/http/create-app.ts';
import { CLIENT_ID, MASTER_SECRET, STAFF_CHAT_ID, WORKER_ID, databaseUrlFor, startHarness } from './support/harness.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', 'bin', 'netreach.js');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('webhook mode', () => {
  it('takes updates Telegram posts with the secret header, answering only once stored, and refuses others', async () => {
    const port = await freePort();
    const secret = 'webhook-secret-for-tests-0123';
    const h = await startHarness('sqlite', { BOT_MODE: 'webhook', WEBHOOK_URL: `http://127.0.0.1:${port}`, WEBHOOK_SECRET: secret, PORT: String(port) });
    if (!h) throw new Error('no harness');
    try {
      expect(h.emulator.webhook()?.url).toBe(`http://127.0.0.1:${port}${WEBHOOK_PATH}`);
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'through the webhook' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'through the webhook', 10_000);

      const post = (body: unknown, header?: string) =>
        fetch(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(header === undefined ? {} : { 'X-Telegram-Bot-Api-Secret-Token': header }) },
          body: JSON.stringify(body),
        });
      const forged = { update_id: 990001, message: { message_id: 1, date: 1, chat: { id: CLIENT_ID, type: 'private' }, from: { id: CLIENT_ID, is_bot: false, first_name: 'x' }, text: 'forged update' } };
      expect((await post(forged)).status).toBe(401);
      expect((await post(forged, 'wrong-secret-wrong-secret')).status).toBe(401);
      const stored = await h.netreach.db.kysely.selectFrom('inbox').select('update_id').where('update_id', '=', 990001).execute();
      expect(stored).toEqual([]);
      const bad = await fetch(`http://127.0.0.1:${port}${WEBHOOK_PATH}`, { method: 'POST', headers: { 'X-Telegram-Bot-Api-Secret-Token': secret }, body: '{not json' });
      expect(bad.status).toBe(400);

      // The same update delivered twice (Telegram retries) is processed once.
      const genuine = { ...forged, update_id: 990002, message: { ...forged.message, message_id: 424242, text: 'delivered twice' } };
      expect((await post(genuine, secret)).status).toBe(200);
      expect((await post(genuine, secret)).status).toBe(200);
      await h.netreach.ingestion.idle();
      const rows = await h.netreach.db.kysely.selectFrom('inbox').select(['update_id', 'status']).where('update_id', '=', 990002).execute();
      expect(rows).toEqual([{ update_id: 990002, status: 'done' }]);
      const messages = await h.netreach.db.kysely.selectFrom('messages').select('id').where('update_id', '=', 990002).execute();
      expect(messages).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });
});

describe('health', () => {
  it('answers 200 when running, shows a Telegram outage as degraded while HTTP stays up, and recovers', async () => {
    const h = await startHarness('sqlite');
    if (!h) throw new Error('no harness');
    try {
      const health = async () => {
        const res = await fetch(`${h.netreach.url}/healthz`);
        return { status: res.status, body: (await res.json()) as { status: string } };
      };
      expect(await health()).toMatchObject({ status: 200, body: { status: 'ok' } });
      h.emulator.setOffline(true);
      const deadline = Date.now() + 10_000;
      let seen = await health();
      while (seen.body.status !== 'degraded' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        seen = await health();
      }
      expect(seen).toMatchObject({ status: 200, body: { status: 'degraded' } });
      // A client writes during the outage; nothing is lost once Telegram is back.
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'written during the outage' });
      h.emulator.setOffline(false);
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'written during the outage', 40_000);
      expect((await health()).body.status).toBe('ok');
    } finally {
      await h.stop();
    }
  }, 60_000);

  it('answers 503 before migrations and the bot loop run', async () => {
    const emulator = createEmulator();
    const server = await startEmulatorServer(emulator);
    emulator.setOffline(true);
    const database = await databaseUrlFor('sqlite');
    if (!database) throw new Error('no database');
    const port = await freePort();
    const config = parseConfig({ BOT_TOKEN: emulator.token, TELEGRAM_API_ROOT: server.url, DATABASE_URL: database.url, NETREACH_SECRET: MASTER_SECRET, PORT: String(port) });
    const starting = startNetreach(config, { logger: createLogger('silent'), pollTimeout: 1 });
    try {
      let res: Response | undefined;
      const deadline = Date.now() + 10_000;
      while (!res && Date.now() < deadline) {
        res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
        if (!res) await new Promise((r) => setTimeout(r, 50));
      }
      expect(res?.status).toBe(503);
      emulator.setOffline(false);
      const netreach = await starting;
      expect((await fetch(`${netreach.url}/healthz`)).status).toBe(200);
      await netreach.stop();
    } finally {
      await server.close();
      await database.drop();
    }
  }, 60_000);
});

describe('a token Telegram rejects', () => {
  it('stops start-up with "bot token rejected by Telegram"', async () => {
    const emulator = createEmulator();
    const server = await startEmulatorServer(emulator);
    const database = await databaseUrlFor('sqlite');
    if (!database) throw new Error('no database');
    try {
      const config = parseConfig({ BOT_TOKEN: '7000000001:not-accepted-by-the-emulator', TELEGRAM_API_ROOT: server.url, DATABASE_URL: database.url, NETREACH_SECRET: MASTER_SECRET, PORT: '0' });
      await expect(startNetreach(config, { logger: createLogger('silent') })).rejects.toBeInstanceOf(TokenRejectedError);
      const result = await run(process.execPath, [BIN, 'start'], {
        env: { ...process.env, BOT_TOKEN: config.botToken, TELEGRAM_API_ROOT: server.url, DATABASE_URL: database.url, NETREACH_SECRET: MASTER_SECRET, PORT: '0' },
      }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(result.code).toBe(2);
      expect(result.stderr.trim()).toBe('netreach: bot token rejected by Telegram');
    } finally {
      await server.close();
      await database.drop();
    }
  });
});

describe('linking the staff group with a one-time code', () => {
  it('holds relays until an admin posts the code in a forum group, then delivers them there', async () => {
    const h = await startHarness('sqlite', { STAFF_CHAT_ID: '' });
    if (!h) throw new Error('no harness');
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'before the staff group was linked' });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.from?.is_bot === true, 10_000);
      await h.netreach.ingestion.idle();
      expect(h.emulator.history(STAFF_CHAT_ID)).toHaveLength(0);

      const { stdout } = await run(process.execPath, [BIN, 'staff-chat', 'link'], {
        env: { ...process.env, DATABASE_URL: h.config.database.url, NETREACH_SECRET: MASTER_SECRET, STAFF_CHAT_ID: '' },
      });
      const code = /LINK-[A-Z0-9]{8}/.exec(stdout)?.[0];
      if (!code) throw new Error(`no code in ${stdout}`);
      // A wrong code and a non-forum group change nothing.
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: 'LINK-AAAAAAAA' });
      const plain = h.emulator.createGroup({ title: 'Not a forum', memberUserIds: [WORKER_ID], supergroup: true, botIsAdmin: true });
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: plain.id, text: code });
      await h.emulator.waitFor((m) => m.chat.id === plain.id && /Topics|тем/.test(m.text ?? ''), 10_000);

      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: code.toLowerCase() });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /staff group/.test(m.text ?? ''), 10_000);
      const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'before the staff group was linked', 10_000);
      expect(relayed.message_thread_id).toBeDefined();
      // The code works once.
      const setting = await h.netreach.db.kysely.selectFrom('settings').select('value').where('key', '=', 'staff_chat_id').executeTakeFirst();
      expect(setting?.value).toBe(String(STAFF_CHAT_ID));
    } finally {
      await h.stop();
    }
  });
});
