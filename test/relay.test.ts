import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';

const fromBot = (h: Harness) => (m: Message) => m.from?.id === h.emulator.bot.id;

/** The newest topic the bot created in the staff group. */
function latestTopic(h: Harness) {
  const topics = h.emulator.topics(STAFF_CHAT_ID);
  return topics[topics.length - 1];
}

async function waitForTopicMessage(h: Harness, threadId: number, predicate: (m: Message) => boolean) {
  return h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.message_thread_id === threadId && predicate(m), 10_000);
}

for (const dialect of DIALECTS) {
  describe(`relay between a client and the staff group (${dialect})`, () => {
    let h: Harness | undefined;
    beforeAll(async () => {
      h = await startHarness(dialect);
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('opens a case in a topic named by the client code, acknowledges, and relays the message', async (ctx) => {
      if (!h) return ctx.skip();
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'вены пропали, куда колоть' });
      const ack = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.from?.is_bot === true, 10_000);
      expect(ack.text).toMatch(/Спасибо/);
      const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'вены пропали, куда колоть', 10_000);
      const topic = latestTopic(h);
      expect(topic).toBeDefined();
      expect(relayed.message_thread_id).toBe(topic?.message_thread_id);
      expect(topic?.name).toMatch(/^K-[A-Z0-9]{4} · #\d+$/);
      expect(topic?.name).not.toMatch(/Marina|marina/);
      // A copy, not a forward: nothing in the relayed message names the client.
      expect(JSON.stringify(relayed)).not.toMatch(/Marina|marina_secret_name|5550001/);
      expect(await h.netreach.db.kysely.selectFrom('cases').select('id').execute()).toHaveLength(1);
    });

    it('delivers a worker reply from the topic signed with the alias, never the Telegram name', async (ctx) => {
      if (!h) return ctx.skip();
      const topic = latestTopic(h);
      if (!topic) throw new Error('no topic');
      const thread = topic.message_thread_id;
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: thread, text: '/alias Sasha' });
      await waitForTopicMessage(h, thread, (m) => /Sasha/.test(m.text ?? '') && m.from?.is_bot === true);
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: thread, text: 'Приходите к автобусу в четверг' });
      const reply = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && (m.text ?? '').startsWith('Приходите'), 10_000);
      expect(reply.text).toContain('— Sasha');
      expect(JSON.stringify(reply)).not.toMatch(/Workername|worker_private|6660001/);
      const kase = await h.netreach.db.kysely.selectFrom('cases').select(['first_response_at']).executeTakeFirstOrThrow();
      expect(kase.first_response_at).not.toBeNull();
    });

    it('relays text the client deleted right after sending (from the stored copy, not a forward)', async (ctx) => {
      if (!h) return ctx.skip();
      const sent = h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'look at this link please' });
      await h.emulator.call(h.emulator.token, 'deleteMessage', { chat_id: CLIENT_ID, message_id: sent.message.message_id });
      const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'look at this link please', 10_000);
      expect(relayed.forward_origin).toBeUndefined();
    });

    it('never passes on a contact card (phone number and name): the client and the topic are told why', async (ctx) => {
      if (!h) return ctx.skip();
      const thread = latestTopic(h)?.message_thread_id ?? 0;
      h.emulator.userSendMessage({ userId: CLIENT_ID, contact: { phoneNumber: '+79990001122', firstName: 'Marina' } });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /контакт/.test(m.text ?? ''), 10_000);
      await waitForTopicMessage(h, thread, (m) => m.from?.is_bot === true && /contact card/.test(m.text ?? ''));
      await h.netreach.sender.drained();
      expect(JSON.stringify(h.emulator.history(STAFF_CHAT_ID))).not.toContain('79990001122');
    });

    it('keeps notes starting with ! internal and relays media of every kind', async (ctx) => {
      if (!h) return ctx.skip();
      const thread = latestTopic(h)?.message_thread_id ?? 0;
      const before = h.emulator.history(CLIENT_ID).length;
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: thread, text: '! client seems scared, go slowly' });
      h.emulator.userSendMessage({ userId: CLIENT_ID, photo: true, caption: 'рука' });
      h.emulator.userSendMessage({ userId: CLIENT_ID, voice: 7 });
      h.emulator.userSendMessage({ userId: CLIENT_ID, location: { latitude: 59.93, longitude: 30.31 } });
      h.emulator.userSendMessage({ userId: CLIENT_ID, sticker: true });
      h.emulator.userSendMessage({ userId: CLIENT_ID, document: true });
      h.emulator.userSendMessage({ userId: CLIENT_ID, video: true });
      await waitForTopicMessage(h, thread, (m) => m.video !== undefined);
      const kinds = h.topic(thread).filter(fromBot(h)).map((m) => (m.photo ? 'photo' : m.voice ? 'voice' : m.location ? 'location' : m.sticker ? 'sticker' : m.document ? 'document' : m.video ? 'video' : 'text'));
      expect(kinds.slice(-6)).toEqual(['photo', 'voice', 'location', 'sticker', 'document', 'video']);
      expect(h.topic(thread).find((m) => m.photo)?.caption).toBe('рука');
      await h.netreach.sender.drained();
      expect(h.emulator.history(CLIENT_ID).slice(before).some((m) => (m.text ?? '').includes('scared'))).toBe(false);
      const notes = await h.netreach.db.kysely.selectFrom('messages').select('id').where('direction', '=', 'note').execute();
      expect(notes).toHaveLength(1);
    });

    it('closes a case with /close, and the next message opens a new case in a new topic', async (ctx) => {
      if (!h) return ctx.skip();
      const first = latestTopic(h);
      if (!first) throw new Error('no topic');
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: first.message_thread_id, text: '/close' });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /закрыл/.test(m.text ?? ''), 10_000);
      await h.netreach.sender.drained();
      const closedTopic = h.emulator.topics(STAFF_CHAT_ID).find((t) => t.message_thread_id === first.message_thread_id);
      expect(closedTopic?.closed).toBe(true);
      expect(closedTopic?.name.startsWith('✅')).toBe(true);
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'снова я' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'снова я', 10_000);
      const second = latestTopic(h);
      expect(second?.message_thread_id).not.toBe(first.message_thread_id);
      const cases = await h.netreach.db.kysely.selectFrom('cases').select(['status']).orderBy('id').execute();
      expect(cases.map((c) => c.status)).toEqual(['closed', 'open']);
    });

    it('honours a 429 and a 502 from Telegram and still relays exactly once', async (ctx) => {
      if (!h) return ctx.skip();
      h.emulator.failNext({ method: 'sendMessage', chatId: STAFF_CHAT_ID, errorCode: 429, retryAfter: 1 });
      h.emulator.failNext({ method: 'sendMessage', chatId: STAFF_CHAT_ID, errorCode: 502 });
      const started = Date.now();
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'after a rate limit' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'after a rate limit', 15_000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      await h.netreach.sender.drained();
      expect(h.emulator.history(STAFF_CHAT_ID).filter((m) => m.text === 'after a rate limit')).toHaveLength(1);
    });

    it('marks a client who blocked the bot unreachable and tells the worker why', async (ctx) => {
      if (!h) return ctx.skip();
      const thread = latestTopic(h)?.message_thread_id ?? 0;
      h.emulator.userBlockBot(CLIENT_ID);
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: thread, text: 'are you there?' });
      const notice = await waitForTopicMessage(h, thread, (m) => m.from?.is_bot === true && /Not delivered/.test(m.text ?? ''));
      expect(notice.text).toMatch(/blocked/);
      const client = await h.netreach.db.kysely.selectFrom('clients').select('unreachable').executeTakeFirstOrThrow();
      expect(client.unreachable).toBe(1);
      // Writing again makes the client reachable again.
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'я тут' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'я тут', 10_000);
      const again = await h.netreach.db.kysely.selectFrom('clients').select('unreachable').executeTakeFirstOrThrow();
      expect(again.unreachable).toBe(0);
    });

    it('opens a new topic when a worker deleted the case topic, and relays there', async (ctx) => {
      if (!h) return ctx.skip();
      const old = latestTopic(h);
      if (!old) throw new Error('no topic');
      const deleted = await h.emulator.call(h.emulator.token, 'deleteForumTopic', { chat_id: STAFF_CHAT_ID, message_thread_id: old.message_thread_id });
      expect(deleted.body.ok).toBe(true);
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'after the topic was deleted' });
      const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'after the topic was deleted', 10_000);
      const fresh = latestTopic(h);
      expect(fresh?.message_thread_id).not.toBe(old.message_thread_id);
      expect(relayed.message_thread_id).toBe(fresh?.message_thread_id);
      expect(fresh?.name).toBe(old.name);
    });

    it('ignores bots, channels, other groups and malformed updates without crashing or leaking', async (ctx) => {
      if (!h) return ctx.skip();
      const stranger = h.emulator.createUser({ firstName: 'Other bot', isBot: true });
      const outsider = h.emulator.createUser({ firstName: 'Outsider' });
      const group = h.emulator.createGroup({ title: 'Random group', memberUserIds: [outsider.id], supergroup: true });
      const channel = h.emulator.createChannel({ title: 'Some channel', botIsAdmin: true });
      const staffBefore = h.emulator.history(STAFF_CHAT_ID).length;
      h.emulator.userSendMessage({ userId: outsider.id, chatId: group.id, text: 'hello group' });
      h.emulator.channelPost({ chatId: channel.id, text: 'channel news' });
      h.emulator.injectRawUpdate({ message: { message_id: 1, date: 1, chat: { id: stranger.id, type: 'private' }, from: { id: stranger.id, is_bot: true, first_name: 'x' }, text: 'bot says' } });
      h.emulator.injectRawUpdate({ something_new: { weird: true } });
      h.emulator.injectRawUpdate({ message: { message_id: 2, date: 1, chat: { id: 4242, type: 'private' } } });
      const long = `${'а'.repeat(4090)}\u0000\u0007ok`;
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: long.slice(0, 4096) });
      const relayedLong = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && (m.text ?? '').startsWith('аааа'), 10_000);
      expect(relayedLong.text?.length).toBeGreaterThan(4000);
      await h.netreach.ingestion.idle();
      await h.netreach.sender.drained();
      const staffNew = h.emulator.history(STAFF_CHAT_ID).slice(staffBefore);
      expect(staffNew.some((m) => /hello group|channel news|bot says/.test(m.text ?? ''))).toBe(false);
      expect(h.emulator.history(group.id).filter(fromBot(h))).toHaveLength(0);
      const res = await fetch(`${h.netreach.url}/healthz`);
      expect(res.status).toBe(200);
    });

    it('never writes message text, names or Telegram ids to the log', async (ctx) => {
      if (!h) return ctx.skip();
      const log = h.logs.join('');
      expect(log.length).toBeGreaterThan(0);
      for (const secret of ['вены пропали', 'Приходите', 'scared', 'Marina', 'marina_secret_name', 'Workername', String(CLIENT_ID), String(WORKER_ID), 'hello group']) {
        expect(log).not.toContain(secret);
      }
    });
  });
}
