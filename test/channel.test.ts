import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.ts';
import { createKeyring } from '../src/core/crypto/keyring.ts';
import { startNetreach, type Netreach } from '../src/app/netreach.ts';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, MASTER_SECRET, STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';
import { signUp } from './support/staff-client.ts';

const CHANNEL_ID = -1_009_000_000_003;
const HOUR = 3_600_000;
const keys = createKeyring(MASTER_SECRET);

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** "YYYY-MM-DD HH:MM" in Moscow (UTC+3, no daylight saving) for a moment. */
const moscow = (at: number) => new Date(at + 3 * HOUR).toISOString().slice(0, 16).replace('T', ' ');

for (const dialect of DIALECTS) {
  describe(`channel posts: drafts, approval, schedule, edit, delete (${dialect})`, () => {
    let h: Harness | undefined;
    let restarted: Netreach | undefined;
    let offset = 0;
    const now = () => Date.now() + offset;
    let worker2 = 0;
    let topicId = 0;
    const netreach = () => restarted ?? h?.netreach;
    const channelPosts = () => h?.emulator.history(CHANNEL_ID) ?? [];
    const fromBot = (pattern: RegExp, extra: (m: Message) => boolean = () => true) => (m: Message) =>
      m.chat.id === STAFF_CHAT_ID && m.from?.id === h?.emulator.bot.id && pattern.test(m.text ?? '') && extra(m);

    async function draft(userId: number, text: string): Promise<{ draft: Message; preview: Message; postId: number }> {
      if (!h) throw new Error('no harness');
      const sent = h.emulator.userSendMessage({ userId, chatId: STAFF_CHAT_ID, messageThreadId: topicId, text });
      const preview = await h.emulator.waitFor(fromBot(/Draft #\d+/, (m) => m.reply_to_message?.message_id === sent.message.message_id), 10_000);
      return { draft: sent.message, preview, postId: Number(/#(\d+)/.exec(preview.text ?? '')?.[1]) };
    }

    async function press(userId: number, preview: Message, postId: number, action: string): Promise<string | undefined> {
      if (!h) throw new Error('no harness');
      const { callbackQueryId } = h.emulator.userPressButton({ userId, chatId: STAFF_CHAT_ID, messageId: preview.message_id, data: `chp:${postId}:${action}` });
      await until(() => h?.emulator.callbackQuery(callbackQueryId)?.answer !== undefined);
      return h.emulator.callbackQuery(callbackQueryId)?.answer?.text;
    }

    const status = async (postId: number) =>
      (await netreach()?.db.kysely.selectFrom('channel_posts').select(['status', 'channel_message_id']).where('id', '=', postId).executeTakeFirst());

    beforeAll(async () => {
      h = await startHarness(dialect, { CHANNEL_CHAT_ID: String(CHANNEL_ID), TIMEZONE: 'Europe/Moscow' }, { now, extraWorkers: 1 });
      if (!h) return;
      h.emulator.createChannel({ id: CHANNEL_ID, title: 'Harm reduction news' });
      worker2 = h.workers[0] ?? 0;
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: 'morning, team' });
      h.emulator.userSendMessage({ userId: worker2, chatId: STAFF_CHAT_ID, text: 'hi all' });
      const db = h.netreach.db.kysely;
      await until(async () => (await db.selectFrom('settings').select('value').where('key', '=', 'channel_topic_id').executeTakeFirst()) !== undefined);
      topicId = Number((await db.selectFrom('settings').select('value').where('key', '=', 'channel_topic_id').executeTakeFirstOrThrow()).value);
      // The topic the bot opened in the staff group.
      expect(h.emulator.history(STAFF_CHAT_ID).some((m) => m.forum_topic_created?.name === '📣 Channel')).toBe(true);
      const supervisor = keys.pseudonym('user', WORKER_ID);
      await until(async () => (await db.selectFrom('staff').select('id').where('pseudonym', '=', supervisor).executeTakeFirst()) !== undefined);
      await db.updateTable('staff').set({ role: 'supervisor' }).where('pseudonym', '=', supervisor).execute();
    });
    afterAll(async () => {
      await restarted?.stop();
      await h?.stop();
    });

    it('needs a supervisor to approve; a worker\'s draft is not published by the worker', async (ctx) => {
      if (!h) return ctx.skip();
      const { preview, postId } = await draft(worker2, 'Naloxone training on Friday at 18:00');
      expect(await press(worker2, preview, postId, 'approve')).toMatch(/Only a supervisor/);
      expect(await press(worker2, preview, postId, 'publish')).toMatch(/approve the post first/);
      await h.netreach.sender.drained();
      expect(channelPosts()).toHaveLength(0);
      expect((await status(postId))?.status).toBe('draft');
      // The draft's text is sealed in the database.
      const row = await h.netreach.db.kysely.selectFrom('channel_posts').select('body_sealed').where('id', '=', postId).executeTakeFirstOrThrow();
      expect(Buffer.from(row.body_sealed ?? []).toString('utf8')).not.toContain('Naloxone');
    });

    it('publishes now, edits and deletes a post in the channel', async (ctx) => {
      if (!h) return ctx.skip();
      const { draft: message, preview, postId } = await draft(worker2, 'Clean needles at the north bus today');
      expect(await press(WORKER_ID, preview, postId, 'approve')).toMatch(/approved/);
      expect(await press(worker2, preview, postId, 'publish')).toMatch(/published/);
      const posted = await h.emulator.waitFor((m) => m.chat.id === CHANNEL_ID && m.text === 'Clean needles at the north bus today', 10_000);
      expect(await press(WORKER_ID, preview, postId, 'publish')).toMatch(/already published/);
      await until(async () => (await status(postId))?.channel_message_id === posted.message_id);

      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: topicId, replyToMessageId: message.message_id, text: '/edit Clean needles at the north bus today, until 20:00' });
      await until(() => channelPosts().some((m) => m.message_id === posted.message_id && m.text === 'Clean needles at the north bus today, until 20:00'));

      expect(await press(worker2, preview, postId, 'delete')).toMatch(/Only a supervisor/);
      expect(await press(WORKER_ID, preview, postId, 'delete')).toMatch(/deleted/);
      await until(() => !channelPosts().some((m) => m.message_id === posted.message_id));
      expect((await status(postId))?.status).toBe('deleted');
    });

    it('drafts through the API; only a supervisor approves; published once however often it is asked', async (ctx) => {
      if (!h) return ctx.skip();
      const worker = await signUp(h.netreach, 'worker', { totp: false, login: `chw-${dialect}` });
      const supervisor = await signUp(h.netreach, 'supervisor', { login: `chs-${dialect}` });
      const drafted = await worker.request('POST', '/api/channel/posts', { text: 'Бесплатные тесты на ВИЧ в четверг у автобуса' });
      expect(drafted.status).toBe(200);
      const post = drafted.json as { id: number; status: string };
      expect(post.status).toBe('draft');
      // Previewed in the staff group with the same buttons, so it can be approved from either place.
      await h.emulator.waitFor(fromBot(new RegExp(`Draft #${post.id}`)), 10_000);
      const refused = await worker.request('POST', `/api/channel/posts/${post.id}/approve`);
      expect(refused.status).toBe(403);
      expect(refused.json).toMatchObject({ code: 'supervisor-only' });
      expect((await supervisor.request('POST', `/api/channel/posts/${post.id}/approve`)).json).toMatchObject({ status: 'approved' });
      const [first, second] = await Promise.all([worker.request('POST', `/api/channel/posts/${post.id}/publish`), supervisor.request('POST', `/api/channel/posts/${post.id}/publish`)]);
      expect([first.status, second.status].sort()).toEqual([200, 409]);
      await until(async () => channelPosts().some((m) => m.text === 'Бесплатные тесты на ВИЧ в четверг у автобуса'));
      await h.netreach.sender.drained();
      expect(channelPosts().filter((m) => m.text === 'Бесплатные тесты на ВИЧ в четверг у автобуса')).toHaveLength(1);
      const list = (await worker.request('GET', '/api/channel/posts')).json as Array<{ id: number; status: string }>;
      expect(list.find((p) => p.id === post.id)?.status).toBe('published');
      const past = await supervisor.request('POST', '/api/channel/posts', { text: 'too late', publishAt: '2020-01-01 10:00' });
      expect(past.status).toBe(422);
    });

    it('never publishes a drug alert before a supervisor approves it; the report is anonymous and sealed', async (ctx) => {
      if (!h) return ctx.skip();
      const toClient = (pattern: RegExp) => (m: Message) => m.chat.id === CLIENT_ID && m.from?.id === h?.emulator.bot.id && pattern.test(m.text ?? '');
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: '/alert' });
      await h.emulator.waitFor(toClient(/1\/3/), 10_000);
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'синие таблетки, продавали как экстази' });
      await h.emulator.waitFor(toClient(/2\/3/), 10_000);
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'Северный район' });
      await h.emulator.waitFor(toClient(/3\/3/), 10_000);
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'очень сильные, у двоих была рвота и судороги вчера' });
      await h.emulator.waitFor(toClient(/Спасибо. Команда проверит/), 10_000);
      const report = await h.emulator.waitFor(fromBot(/Drug alert #\d+/), 10_000);
      expect(report.text).toContain('#северный_район');
      expect(report.text).not.toMatch(/Marina|marina_secret_name/);
      const id = Number(/#(\d+)/.exec(report.text ?? '')?.[1]);
      const alertPress = async (userId: number, message: Message, action: string) => {
        const { callbackQueryId } = h?.emulator.userPressButton({ userId, chatId: STAFF_CHAT_ID, messageId: message.message_id, data: `dal:${id}:${action}`, force: true }) ?? { callbackQueryId: '' };
        await until(() => h?.emulator.callbackQuery(callbackQueryId)?.answer !== undefined);
        return h?.emulator.callbackQuery(callbackQueryId)?.answer?.text;
      };
      // The stored report names nobody, and no case was opened for it.
      expect(await netreach()?.db.kysely.selectFrom('cases').select('id').execute()).toEqual([]);
      const row = await netreach()?.db.kysely.selectFrom('drug_alerts').select(['reporter_pseudonym', 'body_sealed', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
      expect(row?.reporter_pseudonym).toBeNull();
      expect(Buffer.from(row?.body_sealed ?? []).toString('utf8')).not.toContain('Северный');
      // Unverified: even a supervisor cannot publish it.
      expect(await alertPress(WORKER_ID, report, 'publish')).toMatch(/verified first/);
      expect(await alertPress(worker2, report, 'verify')).toMatch(/is verified/);
      const verified = await h.emulator.waitFor(fromBot(new RegExp(`Alert #${id} is verified`)), 10_000);
      // A worker who is not a supervisor cannot publish it.
      expect(await alertPress(worker2, verified, 'publish')).toMatch(/Only a supervisor/);
      await h.netreach.sender.drained();
      expect(channelPosts().some((m) => /опасная партия/.test(m.text ?? ''))).toBe(false);
      expect(await alertPress(WORKER_ID, verified, 'publish')).toMatch(/published/);
      const post = await h.emulator.waitFor((m) => m.chat.id === CHANNEL_ID && /опасная партия #северный_район/.test(m.text ?? ''), 10_000);
      expect(post.text).toContain('синие таблетки');
      expect(await alertPress(WORKER_ID, verified, 'publish')).toMatch(/already handled/);
      await h.netreach.sender.drained();
      expect(channelPosts().filter((m) => /опасная партия/.test(m.text ?? ''))).toHaveLength(1);
      expect(h.logs.join('\n')).not.toContain('Северный');
    });

    it('publishes a scheduled post once at its time, also when its time passed during a restart', async (ctx) => {
      if (!h) return ctx.skip();
      // First: at its time, while running.
      const soon = await draft(worker2, 'Mobile unit moves to the station tomorrow');
      const inTwoHours = moscow(now() + 2 * HOUR + 60_000);
      h.emulator.userSendMessage({ userId: worker2, chatId: STAFF_CHAT_ID, messageThreadId: topicId, replyToMessageId: soon.draft.message_id, text: `/schedule ${inTwoHours}` });
      await h.emulator.waitFor(fromBot(/if a supervisor approves it/), 10_000);
      expect(await press(WORKER_ID, soon.preview, soon.postId, 'approve')).toMatch(/will be published at/);
      await h.netreach.sender.drained();
      await new Promise((r) => setTimeout(r, 300));
      expect(channelPosts().filter((m) => m.text === 'Mobile unit moves to the station tomorrow')).toHaveLength(0);
      offset += 3 * HOUR;
      await h.emulator.waitFor((m) => m.chat.id === CHANNEL_ID && m.text === 'Mobile unit moves to the station tomorrow', 10_000);

      // Then: across a restart. Scheduled for tomorrow; Netreach is down when the time comes.
      const later = await draft(WORKER_ID, 'Free testing at the centre on Saturday');
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: topicId, replyToMessageId: later.draft.message_id, text: `/schedule ${moscow(now() + 24 * HOUR)}` });
      await h.emulator.waitFor(fromBot(/if a supervisor approves it/, (m) => m.text?.includes(`#${later.postId}`) ?? false), 10_000);
      expect(await press(WORKER_ID, later.preview, later.postId, 'approve')).toMatch(/will be published at/);
      await h.netreach.sender.drained();
      expect((await status(later.postId))?.status).toBe('scheduled');
      await h.netreach.stop();
      offset += 30 * HOUR;
      restarted = await startNetreach(h.config, { logger: createLogger('silent'), pollTimeout: 1, now });
      await h.emulator.waitFor((m) => m.chat.id === CHANNEL_ID && m.text === 'Free testing at the centre on Saturday', 10_000);
      await restarted.sender.drained();
      await new Promise((r) => setTimeout(r, 1500));
      await restarted.sender.drained();
      expect(channelPosts().filter((m) => m.text === 'Free testing at the centre on Saturday')).toHaveLength(1);
      expect(channelPosts().filter((m) => m.text === 'Mobile unit moves to the station tomorrow')).toHaveLength(1);
      expect((await status(later.postId))?.status).toBe('published');
    });
  });
}
