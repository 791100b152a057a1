import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../src/core/crypto/keyring.ts';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, COMMUNITY_CHAT_ID, MASTER_SECRET, STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';

const keys = createKeyring(MASTER_SECRET);
const LINK_CHAT = String(COMMUNITY_CHAT_ID).replace(/^-100/, '');

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const buttons = (m: Message) => (m.reply_markup?.inline_keyboard ?? []).flat();

for (const dialect of DIALECTS) {
  describe(`requests in the community chat (${dialect})`, () => {
    let h: Harness | undefined;
    const fromBotIn = (chatId: number, pattern: RegExp, extra: (m: Message) => boolean = () => true) => (m: Message) =>
      m.chat.id === chatId && m.from?.id === h?.emulator.bot.id && pattern.test(m.text ?? '') && extra(m);
    const member = (name: string) => {
      if (!h) throw new Error('no harness');
      const id = h.emulator.createUser({ firstName: name, username: `${name.toLowerCase()}_secret`, languageCode: 'ru' }).id;
      h.emulator.addChatMember({ userId: id, chatId: COMMUNITY_CHAT_ID });
      return id;
    };
    /** The topic message announcing a request, found by the link to the request. */
    const announced = (request: Message) =>
      h?.emulator.waitFor(fromBotIn(STAFF_CHAT_ID, new RegExp(`t\\.me/c/${LINK_CHAT}/${request.message_id}\\b`)), 10_000) ?? Promise.reject(new Error('no harness'));

    beforeAll(async () => {
      h = await startHarness(dialect, {}, { community: true });
      if (!h) return;
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: '/alias Olga' });
      await h.emulator.waitFor(fromBotIn(STAFF_CHAT_ID, /Olga/), 10_000);
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('takes a question in the chat to the staff group with a link, answers publicly, and relays a peer answer without the peer\'s name', async (ctx) => {
      if (!h) return ctx.skip();
      const anna = member('Anna');
      const request = h.emulator.userSendMessage({ userId: anna, chatId: COMMUNITY_CHAT_ID, text: 'где взять налоксон рядом с вокзалом?' }).message;
      const topicMessage = await announced(request);
      expect(topicMessage.text).toContain('где взять налоксон рядом с вокзалом?');
      const topicId = topicMessage.message_thread_id ?? 0;
      expect(topicId).toBeGreaterThan(0);
      const kase = await h.netreach.db.kysely
        .selectFrom('cases')
        .innerJoin('clients', 'clients.id', 'cases.client_id')
        .select(['cases.channel', 'clients.pseudonym'])
        .where('cases.staff_topic_id', '=', topicId)
        .executeTakeFirstOrThrow();
      expect(kase.channel).toBe('group');
      // The same pseudonym as the member's private chat would have.
      expect(kase.pseudonym).toBe(keys.pseudonym('user', anna));

      // An ordinary chat message is not a request.
      const chatter = h.emulator.userSendMessage({ userId: anna, chatId: COMMUNITY_CHAT_ID, text: 'всем привет' }).message;

      // A peer answers in the chat: the worker sees it in the topic, without the peer's name.
      const peer = member('Boris');
      h.emulator.userSendMessage({ userId: peer, chatId: COMMUNITY_CHAT_ID, text: 'в аптеке на Ленина есть', replyToMessageId: request.message_id });
      const relayed = await h.emulator.waitFor(fromBotIn(STAFF_CHAT_ID, /Peer answer/, (m) => m.message_thread_id === topicId), 10_000);
      expect(relayed.text).toContain('в аптеке на Ленина есть');
      expect(relayed.text).not.toMatch(/Boris|boris_secret/);

      // A worker's plain answer asks how to go out; "answer publicly" posts it as a reply, signed.
      const answer = h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: topicId, text: 'Бесплатно в автобусе у вокзала, пн 10–14' }).message;
      const choose = await h.emulator.waitFor(fromBotIn(STAFF_CHAT_ID, /How should this answer go out/, (m) => m.reply_to_message?.message_id === answer.message_id), 10_000);
      const publicData = buttons(choose).map((b) => ('callback_data' in b ? b.callback_data : '')).find((d) => d.endsWith(':public')) ?? '';
      h.emulator.userPressButton({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageId: choose.message_id, data: publicData });
      const posted = await h.emulator.waitFor(fromBotIn(COMMUNITY_CHAT_ID, /Бесплатно в автобусе/), 10_000);
      expect(posted.reply_to_message?.message_id).toBe(request.message_id);
      expect(posted.text).toContain('— Olga');
      expect(posted.text).not.toContain('Workername');
      // A second press does not post it twice.
      h.emulator.userPressButton({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageId: choose.message_id, data: publicData });

      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: topicId, text: '/public И в центре на Мира, 5' });
      const second = await h.emulator.waitFor(fromBotIn(COMMUNITY_CHAT_ID, /И в центре на Мира, 5/), 10_000);
      expect(second.reply_to_message?.message_id).toBe(request.message_id);
      await h.netreach.sender.drained();
      expect(h.emulator.history(COMMUNITY_CHAT_ID).filter((m) => /Бесплатно в автобусе/.test(m.text ?? ''))).toHaveLength(1);
      expect(h.emulator.history(STAFF_CHAT_ID).some((m) => (m.text ?? '').includes(`/${chatter.message_id}`))).toBe(false);
      expect(h.logs.join('\n')).not.toContain('налоксон');
    });

    it('takes a request private into the same case through a deep link', async (ctx) => {
      if (!h) return ctx.skip();
      const petr = member('Petr');
      const request = h.emulator.userSendMessage({ userId: petr, chatId: COMMUNITY_CHAT_ID, text: 'как безопаснее колоть если вены плохие?' }).message;
      const topicId = (await announced(request)).message_thread_id ?? 0;

      const answer = h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: topicId, text: 'Давайте обсудим лично, расскажите подробнее' }).message;
      const choose = await h.emulator.waitFor(fromBotIn(STAFF_CHAT_ID, /How should this answer go out/, (m) => m.reply_to_message?.message_id === answer.message_id), 10_000);
      const privateData = buttons(choose).map((b) => ('callback_data' in b ? b.callback_data : '')).find((d) => d.endsWith(':private')) ?? '';
      h.emulator.userPressButton({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageId: choose.message_id, data: privateData });
      const invite = await h.emulator.waitFor(fromBotIn(COMMUNITY_CHAT_ID, /continue this privately|продолжить лично/, (m) => m.reply_to_message?.message_id === request.message_id), 10_000);
      const url = buttons(invite).map((b) => ('url' in b ? b.url : '')).find(Boolean) ?? '';
      expect(url).toMatch(new RegExp(`^https://t\\.me/${h.emulator.bot.username}\\?start=case_\\w+$`));
      // The worker's answer is not public.
      expect(h.emulator.history(COMMUNITY_CHAT_ID).some((m) => /Давайте обсудим лично/.test(m.text ?? ''))).toBe(false);

      h.emulator.userSendMessage({ userId: petr, text: `/start ${new URL(url).searchParams.get('start') ?? ''}` });
      await h.emulator.waitFor(fromBotIn(petr, /Давайте обсудим лично, расскажите подробнее\n\n— Olga/), 10_000);
      await h.emulator.waitFor(fromBotIn(STAFF_CHAT_ID, /opened the private chat/, (m) => m.message_thread_id === topicId), 10_000);

      // The conversation continues privately in the same case and topic.
      h.emulator.userSendMessage({ userId: petr, text: 'вены на руках почти не видно' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.message_thread_id === topicId && m.text === 'вены на руках почти не видно', 10_000);
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: topicId, text: 'Попробуйте тоньше иглу' });
      await h.emulator.waitFor(fromBotIn(petr, /Попробуйте тоньше иглу/), 10_000);
      const pseudonym = keys.pseudonym('user', petr);
      const cases = await h.netreach.db.kysely.selectFrom('cases').innerJoin('clients', 'clients.id', 'cases.client_id').select(['cases.id', 'cases.channel']).where('clients.pseudonym', '=', pseudonym).execute();
      expect(cases).toEqual([{ id: expect.any(Number), channel: 'private' }]);

      // Someone else's link does not open this case.
      const other = member('Other');
      h.emulator.userSendMessage({ userId: other, text: `/start ${new URL(url).searchParams.get('start') ?? ''}` });
      await h.emulator.waitFor(fromBotIn(other, /no longer open|уже закрыт/), 10_000);
    });

    it('answers an urgent request publicly at once and starts the private emergency response for a member who talks to the bot', async (ctx) => {
      if (!h) return ctx.skip();
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'привет' });
      await h.emulator.waitFor(fromBotIn(CLIENT_ID, /./), 10_000);
      await h.netreach.sender.drained();
      const before = h.emulator.history(CLIENT_ID).length;
      const request = h.emulator.userSendMessage({ userId: CLIENT_ID, chatId: COMMUNITY_CHAT_ID, text: 'друг отъехал не дышит губы синие что делать' }).message;
      const publicAnswer = await h.emulator.waitFor(fromBotIn(COMMUNITY_CHAT_ID, /103, 112/, (m) => m.reply_to_message?.message_id === request.message_id), 10_000);
      expect(buttons(publicAnswer).some((b) => 'url' in b && /start=case_/.test(b.url))).toBe(true);
      await h.emulator.waitFor(fromBotIn(STAFF_CHAT_ID, /URGENT request in the community chat/), 10_000);
      await until(() => (h?.emulator.history(CLIENT_ID).slice(before) ?? []).some((m) => m.from?.is_bot === true && /103, 112/.test(m.text ?? '')));
    });

    it('alerts the on-call staff for an urgent request even from a member who never wrote to the bot', async (ctx) => {
      if (!h) return ctx.skip();
      const stranger = member('Stranger');
      const alerts = () => (h?.emulator.history(STAFF_CHAT_ID) ?? []).filter((m) => m.from?.is_bot === true && /🚨 URGENT — overdose/.test(m.text ?? ''));
      const before = alerts().length;
      const request = h.emulator.userSendMessage({ userId: stranger, chatId: COMMUNITY_CHAT_ID, text: 'тут парень в подъезде не дышит, синий весь' }).message;
      await h.emulator.waitFor(fromBotIn(COMMUNITY_CHAT_ID, /103, 112/, (m) => m.reply_to_message?.message_id === request.message_id), 10_000);
      await until(() => alerts().length > before);
      const topic = await h.emulator.waitFor(fromBotIn(STAFF_CHAT_ID, /URGENT request in the community chat/, (m) => (m.text ?? '').includes('синий весь')), 10_000);
      expect(alerts().at(-1)?.message_thread_id).toBe(topic.message_thread_id);
      // Nothing goes to a private chat that was never opened.
      expect(h.emulator.history(stranger).some((m) => m.chat.type === 'private' && m.from?.is_bot === true)).toBe(false);
    });
  });
}
