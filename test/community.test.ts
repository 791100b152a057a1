import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessCodeBatch } from '../src/core/community/access.ts';
import { createKeyring } from '../src/core/crypto/keyring.ts';
import { createRelayStore } from '../src/storage/relay-store.ts';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, COMMUNITY_CHAT_ID, MASTER_SECRET, STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';

const fromBotIn = (h: Harness, chatId: number, pattern: RegExp) => (m: Message) => m.chat.id === chatId && m.from?.id === h.emulator.bot.id && pattern.test(m.text ?? '');

async function newCodes(h: Harness, batch: string, count: number): Promise<string[]> {
  const store = createRelayStore(h.netreach.db.kysely, createKeyring(MASTER_SECRET));
  return createAccessCodeBatch(store, { batch, count, days: 30, at: Date.now() });
}

async function isMember(h: Harness, userId: number): Promise<boolean> {
  const response = await h.emulator.call(h.emulator.token, 'getChatMember', { chat_id: COMMUNITY_CHAT_ID, user_id: userId });
  return response.body.ok && (response.body.result as { status: string }).status === 'member';
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const dialect of DIALECTS) {
  describe(`community chat: access codes, moderation, welcome (${dialect})`, () => {
    let h: Harness | undefined;
    let worker2 = 0;
    const applicant = (name: string) => h?.emulator.createUser({ firstName: name, languageCode: 'en' }).id ?? 0;

    beforeAll(async () => {
      h = await startHarness(dialect, { PEER_INVITES_PER_MONTH: '2' }, { community: true, extraWorkers: 1 });
      if (!h) return;
      worker2 = h.workers[0] ?? 0;
      h.emulator.addChatMember({ userId: worker2, chatId: COMMUNITY_CHAT_ID });
      // Workers are staff once they have written in the staff group.
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: 'morning, team' });
      h.emulator.userSendMessage({ userId: worker2, chatId: STAFF_CHAT_ID, text: 'hi all' });
      await h.netreach.sender.drained();
    });
    afterAll(async () => {
      await h?.stop();
    });

    it('asks an applicant for a code privately and approves a valid mobile-unit code typed loosely', async (ctx) => {
      if (!h) return ctx.skip();
      const [code] = await newCodes(h, 'bus-north', 3);
      const anna = applicant('Anna');
      h.emulator.userRequestJoin({ userId: anna, chatId: COMMUNITY_CHAT_ID });
      await h.emulator.waitFor(fromBotIn(h, anna, /access code/), 10_000);
      h.emulator.userSendMessage({ userId: anna, text: ` ${(code ?? '').toLowerCase().replace('-', ' - ')} ` });
      await h.emulator.waitFor(fromBotIn(h, anna, /welcome to the chat/i), 10_000);
      await h.netreach.sender.drained();
      expect(await isMember(h, anna)).toBe(true);
      // The welcome (rules and how to reach a worker) comes privately, since Anna talks to the bot.
      await h.emulator.waitFor(fromBotIn(h, anna, /Chat rules/), 10_000);
      const row = await h.netreach.db.kysely.selectFrom('community_codes').select(['batch', 'used_by_pseudonym', 'inviter_pseudonym']).where('used_at', 'is not', null).executeTakeFirstOrThrow();
      expect(row.batch).toBe('bus-north');
      expect(row.used_by_pseudonym).toMatch(/^[\w-]{20,}$/);
      expect(row.used_by_pseudonym).not.toContain(String(anna));
    });

    it('does not approve a used code, and declines after three wrong codes', async (ctx) => {
      if (!h) return ctx.skip();
      const [code] = await newCodes(h, 'bus-south', 1);
      const first = applicant('First');
      h.emulator.userRequestJoin({ userId: first, chatId: COMMUNITY_CHAT_ID });
      await h.emulator.waitFor(fromBotIn(h, first, /access code/), 10_000);
      h.emulator.userSendMessage({ userId: first, text: code ?? '' });
      await h.emulator.waitFor(fromBotIn(h, first, /welcome to the chat/i), 10_000);

      const boris = applicant('Boris');
      h.emulator.userRequestJoin({ userId: boris, chatId: COMMUNITY_CHAT_ID });
      await h.emulator.waitFor(fromBotIn(h, boris, /access code/), 10_000);
      h.emulator.userSendMessage({ userId: boris, text: code ?? '' });
      await h.emulator.waitFor(fromBotIn(h, boris, /already been used. Attempts left: 2/), 10_000);
      expect(await isMember(h, boris)).toBe(false);
      h.emulator.userSendMessage({ userId: boris, text: 'AAAA-AAAA' });
      await h.emulator.waitFor(fromBotIn(h, boris, /Attempts left: 1/), 10_000);
      h.emulator.userSendMessage({ userId: boris, text: 'what code?' });
      await h.emulator.waitFor(fromBotIn(h, boris, /declined/), 10_000);
      await h.netreach.sender.drained();
      expect(await isMember(h, boris)).toBe(false);
      expect(h.emulator.calls.get('declineChatJoinRequest')).toBe(1);
    });

    it('approves only one of two applicants using the same code at the same moment', async (ctx) => {
      if (!h) return ctx.skip();
      const [code] = await newCodes(h, 'bus-east', 1);
      const [c1, c2] = [applicant('Twin one'), applicant('Twin two')];
      h.emulator.userRequestJoin({ userId: c1, chatId: COMMUNITY_CHAT_ID });
      h.emulator.userRequestJoin({ userId: c2, chatId: COMMUNITY_CHAT_ID });
      await h.emulator.waitFor(fromBotIn(h, c1, /access code/), 10_000);
      await h.emulator.waitFor(fromBotIn(h, c2, /access code/), 10_000);
      h.emulator.userSendMessage({ userId: c1, text: code ?? '' });
      h.emulator.userSendMessage({ userId: c2, text: code ?? '' });
      await h.emulator.waitFor(fromBotIn(h, c1, /welcome to the chat|already been used/i), 10_000);
      await h.emulator.waitFor(fromBotIn(h, c2, /welcome to the chat|already been used/i), 10_000);
      await h.netreach.sender.drained();
      expect([await isMember(h, c1), await isMember(h, c2)].filter(Boolean)).toHaveLength(1);
    });

    it('limits how many personal codes a member may ask for, and a peer code admits a friend', async (ctx) => {
      if (!h) return ctx.skip();
      const [code] = await newCodes(h, 'bus-west', 1);
      const vera = applicant('Vera');
      h.emulator.userRequestJoin({ userId: vera, chatId: COMMUNITY_CHAT_ID });
      await h.emulator.waitFor(fromBotIn(h, vera, /access code/), 10_000);
      h.emulator.userSendMessage({ userId: vera, text: code ?? '' });
      await h.emulator.waitFor(fromBotIn(h, vera, /welcome to the chat/i), 10_000);
      h.emulator.userSendMessage({ userId: vera, text: '/invite' });
      const invite = await h.emulator.waitFor(fromBotIn(h, vera, /personal code for a friend/), 10_000);
      h.emulator.userSendMessage({ userId: vera, text: '/invite' });
      await h.emulator.waitFor(fromBotIn(h, vera, /Codes left this month: 0/), 10_000);
      h.emulator.userSendMessage({ userId: vera, text: '/invite' });
      await h.emulator.waitFor(fromBotIn(h, vera, /used your 2 personal codes/), 10_000);
      const peerCodes = await h.netreach.db.kysely.selectFrom('community_codes').select('id').where('inviter_pseudonym', 'is not', null).execute();
      expect(peerCodes).toHaveLength(2);
      // The friend scans the link (/start c_…) first, then asks to join: approved at once.
      const link = /https:\/\/t\.me\/\w+\?start=(c_\w+)/.exec(invite.text ?? '')?.[1] ?? '';
      const friend = applicant('Friend');
      h.emulator.userSendMessage({ userId: friend, text: `/start ${link}` });
      await h.emulator.waitFor(fromBotIn(h, friend, /code is accepted/), 10_000);
      h.emulator.userRequestJoin({ userId: friend, chatId: COMMUNITY_CHAT_ID });
      await h.emulator.waitFor(fromBotIn(h, friend, /Welcome back|welcome to the chat/i), 10_000);
      await h.netreach.sender.drained();
      expect(await isMember(h, friend)).toBe(true);
    });

    it('removes an insult and warns its author privately; leaves harm-reduction talk alone', async (ctx) => {
      if (!h) return ctx.skip();
      const kind1 = h.emulator.userSendMessage({ userId: CLIENT_ID, chatId: COMMUNITY_CHAT_ID, text: 'где взять налоксон' });
      const kind2 = h.emulator.userSendMessage({ userId: CLIENT_ID, chatId: COMMUNITY_CHAT_ID, text: 'как безопаснее колоть' });
      const kind3 = h.emulator.userSendMessage({ userId: CLIENT_ID, chatId: COMMUNITY_CHAT_ID, text: 'после мефа не сплю третьи сутки, это нормально?' });
      const anna = applicant('Insulter');
      h.emulator.userSendMessage({ userId: anna, text: 'hi' });
      h.emulator.addChatMember({ userId: anna, chatId: COMMUNITY_CHAT_ID });
      const insult = h.emulator.userSendMessage({ userId: anna, chatId: COMMUNITY_CHAT_ID, text: 'ты тупой д е б и л, заткнись' });
      await h.emulator.waitFor(fromBotIn(h, anna, /removed: insulting someone/), 10_000);
      await h.netreach.sender.drained();
      const ids = h.emulator.history(COMMUNITY_CHAT_ID).map((m) => m.message_id);
      expect(ids).not.toContain(insult.message.message_id);
      expect(ids).toEqual(expect.arrayContaining([kind1.message.message_id, kind2.message.message_id, kind3.message.message_id]));
      const log = await h.netreach.db.kysely.selectFrom('community_moderation').select(['action', 'reason', 'body_sealed']).where('reason', '=', 'insult').execute();
      expect(log.map((r) => r.action).sort()).toEqual(['delete', 'warn']);
      expect(Buffer.from(log.find((r) => r.body_sealed)?.body_sealed ?? []).toString('utf8')).not.toContain('тупой');
      expect(h.logs.join('\n')).not.toContain('тупой');
    });

    it('re-checks a message edited after it passed', async (ctx) => {
      if (!h) return ctx.skip();
      const sent = h.emulator.userSendMessage({ userId: CLIENT_ID, chatId: COMMUNITY_CHAT_ID, text: 'у кого есть расписание автобуса?' });
      await h.netreach.sender.drained();
      h.emulator.userEditMessage({ userId: CLIENT_ID, chatId: COMMUNITY_CHAT_ID, messageId: sent.message.message_id, text: 'продам меф, пиши в лс' });
      await until(() => !h?.emulator.history(COMMUNITY_CHAT_ID).some((m) => m.message_id === sent.message.message_id));
    });

    it('lets a worker /warn a member by replying, and refuses /mute on a worker', async (ctx) => {
      if (!h) return ctx.skip();
      const member = applicant('Member');
      h.emulator.userSendMessage({ userId: member, text: 'hello bot' });
      h.emulator.addChatMember({ userId: member, chatId: COMMUNITY_CHAT_ID });
      const rude = h.emulator.userSendMessage({ userId: member, chatId: COMMUNITY_CHAT_ID, text: 'this chat is boring' });
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: COMMUNITY_CHAT_ID, text: '/warn', replyToMessageId: rude.message.message_id });
      await h.emulator.waitFor(fromBotIn(h, member, /worker's decision/), 10_000);
      await h.emulator.waitFor(fromBotIn(h, STAFF_CHAT_ID, /warned privately/), 10_000);
      await h.netreach.sender.drained();
      expect(h.emulator.history(COMMUNITY_CHAT_ID).map((m) => m.message_id)).not.toContain(rude.message.message_id);

      const colleague = h.emulator.userSendMessage({ userId: worker2, chatId: COMMUNITY_CHAT_ID, text: 'naloxone is at the bus today' });
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: COMMUNITY_CHAT_ID, text: '/mute', replyToMessageId: colleague.message.message_id });
      await h.emulator.waitFor(fromBotIn(h, STAFF_CHAT_ID, /\/mute refused: it cannot be used on a worker/), 10_000);
      await h.netreach.sender.drained();
      expect(h.emulator.history(COMMUNITY_CHAT_ID).map((m) => m.message_id)).toContain(colleague.message.message_id);
      expect(h.emulator.calls.get('restrictChatMember') ?? 0).toBe(0);

      // A member's /ban is not a command; it is moderated like any message.
      const fake = h.emulator.userSendMessage({ userId: CLIENT_ID, chatId: COMMUNITY_CHAT_ID, text: '/ban', replyToMessageId: colleague.message.message_id });
      await h.netreach.sender.drained();
      expect(h.emulator.history(COMMUNITY_CHAT_ID).map((m) => m.message_id)).toContain(fake.message.message_id);
    });

    it('bans only after a supervisor confirms: a worker cannot, a linked supervisor can', async (ctx) => {
      if (!h) return ctx.skip();
      const member = applicant('Troll');
      h.emulator.userSendMessage({ userId: member, text: 'hello bot' });
      h.emulator.addChatMember({ userId: member, chatId: COMMUNITY_CHAT_ID });
      const post = h.emulator.userSendMessage({ userId: member, chatId: COMMUNITY_CHAT_ID, text: 'this chat is boring' });
      h.emulator.userSendMessage({ userId: worker2, chatId: COMMUNITY_CHAT_ID, text: '/ban', replyToMessageId: post.message.message_id });
      const request = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && JSON.stringify(m.reply_markup ?? {}).includes('cban:'), 10_000);
      const yes = JSON.stringify(request.reply_markup).match(/cban:\d+:yes/)?.[0] ?? '';
      // A worker's press does not ban.
      h.emulator.userPressButton({ userId: worker2, chatId: STAFF_CHAT_ID, messageId: request.message_id, data: yes });
      await h.netreach.sender.drained();
      expect(h.emulator.calls.get('banChatMember') ?? 0).toBe(0);
      // WORKER_ID links their Telegram account to a supervisor's dashboard account, then confirms.
      const link = await h.netreach.auth.invite({ login: `ban-sup-${dialect}`, role: 'supervisor', alias: 'Sveta', specialisations: [] }, null);
      const { code } = await h.netreach.auth.telegramLinkCode({ id: link.accountId });
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: `/link ${code}` });
      await h.emulator.waitFor(fromBotIn(h, STAFF_CHAT_ID, /Linked/), 10_000);
      h.emulator.userPressButton({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageId: request.message_id, data: yes });
      await until(() => (h?.emulator.calls.get('banChatMember') ?? 0) === 1);
      await h.netreach.sender.drained();
      expect(await isMember(h, member)).toBe(false);
    });

    it('keeps a doubtful message and sends it to the staff group for review; a worker removes or keeps it', async (ctx) => {
      if (!h) return ctx.skip();
      const reader = h.emulator.createUser({ firstName: 'Zinaida', languageCode: 'en' }).id;
      h.emulator.userSendMessage({ userId: reader, text: 'hello bot' });
      h.emulator.addChatMember({ userId: reader, chatId: COMMUNITY_CHAT_ID });
      // A link in harm-reduction talk: the detector is in doubt, so the message is not deleted.
      const text = 'Found a clear guide on hepatitis C treatment, worth reading https://liver-notes.example.org/guide';
      const post = h.emulator.userSendMessage({ userId: reader, chatId: COMMUNITY_CHAT_ID, text });
      const linkTo = (messageId: number) => `https://t.me/c/${String(COMMUNITY_CHAT_ID).replace(/^-100/, '')}/${messageId}`;
      const reviewOf = (messageId: number) => (m: Message) => m.chat.id === STAFF_CHAT_ID && JSON.stringify(m.reply_markup ?? {}).includes('crev:') && (m.text ?? '').includes(`${linkTo(messageId)}\n`);
      const review = await h.emulator.waitFor(reviewOf(post.message.message_id), 10_000);
      expect(review.text).toContain('Please check a message');
      expect(review.text).toContain(text);
      expect(review.text).not.toContain('Zinaida');
      await h.netreach.sender.drained();
      expect(h.emulator.history(COMMUNITY_CHAT_ID).map((m) => m.message_id)).toContain(post.message.message_id);
      expect(h.emulator.history(reader).some((m) => /was removed/.test(m.text ?? ''))).toBe(false);

      // A worker removes it: deleted, and the member is warned as after a worker's /warn.
      const remove = JSON.stringify(review.reply_markup).match(/crev:\d+:delete/)?.[0] ?? '';
      h.emulator.userPressButton({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageId: review.message_id, data: remove });
      await h.emulator.waitFor(fromBotIn(h, reader, /removed: links/), 10_000);
      await until(() => !h?.emulator.history(COMMUNITY_CHAT_ID).some((m) => m.message_id === post.message.message_id));
      // The decision is made once: a second press (to keep it) changes nothing.
      h.emulator.userPressButton({ userId: worker2, chatId: STAFF_CHAT_ID, messageId: review.message_id, data: remove.replace('delete', 'keep') });
      await h.netreach.sender.drained();
      const decided = await h.netreach.db.kysely.selectFrom('community_moderation').select(['status', 'body_sealed']).where('action', '=', 'review').where('message_id', '=', post.message.message_id).executeTakeFirstOrThrow();
      expect(decided.status).toBe('confirmed');
      expect(Buffer.from(decided.body_sealed ?? []).toString('utf8')).not.toContain('hepatitis');
      expect(h.logs.join('\n')).not.toContain('liver-notes');

      // Another doubtful message that a worker keeps stays in the chat.
      const second = h.emulator.userSendMessage({ userId: reader, chatId: COMMUNITY_CHAT_ID, text: 'Our clinic explains PrEP well here https://prep-facts.example.org/faq' });
      const next = await h.emulator.waitFor(reviewOf(second.message.message_id), 10_000);
      const keep = JSON.stringify(next.reply_markup).match(/crev:\d+:keep/)?.[0] ?? '';
      h.emulator.userPressButton({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageId: next.message_id, data: keep });
      await h.emulator.waitFor(fromBotIn(h, STAFF_CHAT_ID, /under review was kept/), 10_000);
      await h.netreach.sender.drained();
      expect(h.emulator.history(COMMUNITY_CHAT_ID).map((m) => m.message_id)).toContain(second.message.message_id);
    });

    it('lets a member who left come back without a new code', async (ctx) => {
      if (!h) return ctx.skip();
      const [code] = await newCodes(h, 'bus-rejoin', 1);
      const rita = applicant('Rita');
      h.emulator.userRequestJoin({ userId: rita, chatId: COMMUNITY_CHAT_ID });
      await h.emulator.waitFor(fromBotIn(h, rita, /access code/), 10_000);
      h.emulator.userSendMessage({ userId: rita, text: code ?? '' });
      await h.emulator.waitFor(fromBotIn(h, rita, /welcome to the chat/i), 10_000);
      await h.netreach.sender.drained();
      h.emulator.userLeaveChat({ userId: rita, chatId: COMMUNITY_CHAT_ID });
      await h.netreach.sender.drained();
      h.emulator.userRequestJoin({ userId: rita, chatId: COMMUNITY_CHAT_ID });
      await h.emulator.waitFor(fromBotIn(h, rita, /Welcome back/), 10_000);
      await h.netreach.sender.drained();
      expect(await isMember(h, rita)).toBe(true);
    });
  });
}
