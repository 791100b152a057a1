import { describe, expect, it } from 'vitest';
import { createKeyring } from '../src/core/crypto/keyring.ts';
import { CLIENT_ID, MASTER_SECRET, STAFF_CHAT_ID, WORKER_ID, startHarness } from './support/harness.ts';

describe('/forget', () => {
  it('after confirming, deletes the conversation in the client chat, the staff topic and the server, keeping only the coded case', async () => {
    const h = await startHarness('sqlite');
    if (!h) throw new Error('no harness');
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'где сдать тест на вич secret-forget-phrase' });
      const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && (m.text ?? '').includes('secret-forget-phrase'), 5_000);
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: relayed.message_thread_id, text: 'В автобусе по четвергам worker-reply-phrase' });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && (m.text ?? '').includes('worker-reply-phrase'), 5_000);
      const codeBefore = (await h.netreach.db.kysely.selectFrom('clients').select('code').executeTakeFirstOrThrow()).code;
      await h.netreach.sender.drained();
      // The bot's acknowledgement is part of the case, with the Telegram id /forget deletes it by.
      const botRows = await h.netreach.db.kysely.selectFrom('messages').select(['client_message_id']).where('direction', '=', 'bot').execute();
      expect(botRows.length).toBeGreaterThanOrEqual(1);
      expect(botRows.every((r) => r.client_message_id !== null)).toBe(true);
      const ackText = h.emulator.history(CLIENT_ID).find((m) => m.from?.is_bot === true)?.text ?? '';
      expect(ackText).not.toBe('');

      h.emulator.userSendMessage({ userId: CLIENT_ID, text: '/forget' });
      const prompt = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /Удалить эту переписку/.test(m.text ?? ''), 5_000);
      const markup = prompt.reply_markup as { inline_keyboard: Array<Array<{ callback_data?: string }>> };
      const yes = markup.inline_keyboard.flat().find((b) => b.callback_data?.startsWith('forget:yes'));
      h.emulator.userPressButton({ userId: CLIENT_ID, messageId: prompt.message_id, data: yes?.callback_data ?? '' });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /переписка удалена/.test(m.text ?? ''), 5_000);
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /erased this conversation/.test(m.text ?? ''), 5_000);
      await h.netreach.sender.drained();

      const clientChat = h.emulator.history(CLIENT_ID).map((m) => m.text ?? '');
      expect(clientChat.some((t) => t.includes('secret-forget-phrase') || t.includes('worker-reply-phrase') || t === '/forget' || /Удалить эту/.test(t))).toBe(false);
      expect(clientChat.filter((t) => /переписка удалена/.test(t))).toHaveLength(1);
      expect(clientChat).not.toContain(ackText);
      const topic = h.emulator.history(STAFF_CHAT_ID, { threadId: relayed.message_thread_id ?? 0 }).map((m) => m.text ?? '');
      expect(topic.some((t) => t.includes('secret-forget-phrase') || t.includes('worker-reply-phrase'))).toBe(false);

      const db = h.netreach.db.kysely;
      expect(await db.selectFrom('messages').select('id').execute()).toEqual([]);
      const client = await db.selectFrom('clients').selectAll().executeTakeFirstOrThrow();
      expect(client.chat_sealed).toBeNull();
      expect(client.erased_at).not.toBeNull();
      const cases = await db.selectFrom('cases').select(['status', 'needs']).execute();
      expect(cases).toHaveLength(1);
      expect(cases[0]?.status).toBe('closed');
      expect(JSON.parse(cases[0]?.needs ?? '[]')).toContain('hr_services');
      // The inbox's processed rows no longer carry the chat's keyed hash that would link the next case to this one.
      const chatKey = createKeyring(MASTER_SECRET).pseudonym('chat', CLIENT_ID);
      expect(await db.selectFrom('inbox').select('update_id').where('chat_key', '=', chatKey).execute()).toEqual([]);
      expect((await db.selectFrom('inbox').select('update_id').where('chat_key', '=', 'erased').execute()).length).toBeGreaterThan(0);

      // Writing again starts from scratch, with a new code.
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'снова здравствуйте' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'снова здравствуйте', 5_000);
      const clients = await db.selectFrom('clients').select(['code', 'erased_at']).orderBy('id').execute();
      expect(clients).toHaveLength(2);
      expect(clients[1]?.code).not.toBe(codeBefore);
    } finally {
      await h.stop();
    }
  });

  it('"No, keep it" deletes nothing', async () => {
    const h = await startHarness('sqlite');
    if (!h) throw new Error('no harness');
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'keep this message' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'keep this message', 5_000);
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: '/forget' });
      const prompt = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /Удалить эту переписку/.test(m.text ?? ''), 5_000);
      h.emulator.userPressButton({ userId: CLIENT_ID, messageId: prompt.message_id, data: 'forget:no' });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /Ничего не удалено/.test(m.text ?? ''), 5_000);
      expect(h.emulator.history(CLIENT_ID).some((m) => m.text === 'keep this message')).toBe(true);
      await h.netreach.ingestion.idle();
      const rows = await h.netreach.db.kysely.selectFrom('messages').select(['direction', 'kind']).orderBy('id').execute();
      // The client's message and what the bot said (the acknowledgement, the answer to "No") all stay.
      expect(rows.filter((r) => r.direction === 'in')).toEqual([{ direction: 'in', kind: 'text' }]);
      expect(rows.filter((r) => r.direction === 'bot').length).toBeGreaterThanOrEqual(1);
    } finally {
      await h.stop();
    }
  });
});
