import type { Message } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import { createKeyring } from '../src/core/crypto/keyring.ts';
import { CLIENT_ID, MASTER_SECRET, STAFF_CHAT_ID, WORKER_ID, startHarness } from './support/harness.ts';

const buttons = (m: Message) => ((m.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');

describe('feedback after a case closes', () => {
  it('gives the closing message with contacts and a one-tap rating, takes an optional comment, and keeps both with the case', async () => {
    const h = await startHarness('sqlite', { ORG_CONTACTS: 'outreach.example.org, +7 000 000-00-00' });
    if (!h) throw new Error('no harness');
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'где взять шприцы' });
      const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'где взять шприцы', 5_000);
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: relayed.message_thread_id, text: '/close' });
      const closing = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttons(m).some((d) => d.startsWith('fb:')), 5_000);
      expect(closing.text).toContain('outreach.example.org');
      expect(buttons(closing)).toHaveLength(3);
      const helped = buttons(closing).find((d) => d.endsWith(':helped')) ?? '';
      h.emulator.userPressButton({ userId: CLIENT_ID, messageId: closing.message_id, data: helped });
      const prompt = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /ответьте на это сообщение/.test(m.text ?? ''), 5_000);
      // Pressing again changes nothing.
      const again = h.emulator.userPressButton({ userId: CLIENT_ID, messageId: closing.message_id, data: buttons(closing).find((d) => d.endsWith(':not_helped')) ?? '' });
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'всё понятно объяснили comment-phrase', replyToMessageId: prompt.message_id });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /мы прочитаем/.test(m.text ?? ''), 5_000);
      await h.netreach.ingestion.idle();
      await h.netreach.sender.drained();
      expect(h.emulator.callbackQuery(again.callbackQueryId)?.answer?.text).toMatch(/уже оценили/);

      const cases = await h.netreach.db.kysely.selectFrom('cases').select(['feedback', 'feedback_comment_sealed', 'status']).execute();
      expect(cases).toHaveLength(1);
      expect(cases[0]?.feedback).toBe('helped');
      const sealed = cases[0]?.feedback_comment_sealed;
      if (!sealed) throw new Error('no comment');
      expect(Buffer.from(sealed).toString('utf8')).not.toContain('comment-phrase');
      expect(createKeyring(MASTER_SECRET).open(sealed, 'feedback-comment')).toBe('всё понятно объяснили comment-phrase');
      expect(h.emulator.history(STAFF_CHAT_ID).some((m) => (m.text ?? '').includes('comment-phrase'))).toBe(false);

      // An ordinary message afterwards is a new request.
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'ещё вопрос' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'ещё вопрос', 5_000);
      expect(await h.netreach.db.kysely.selectFrom('cases').select('id').execute()).toHaveLength(2);
    } finally {
      await h.stop();
    }
  });
});
