import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, InboxCase, InboxPage, TranscriptMessage } from '../src/http/api/contract.ts';
import { DIALECTS } from './support/databases.ts';
import { createKeyring } from '../src/core/crypto/keyring.ts';
import { CLIENT_ID, MASTER_SECRET, STAFF_CHAT_ID, startHarness, type Harness } from './support/harness.ts';
import { signUp, type StaffClient } from './support/staff-client.ts';

/** Inline buttons of a bot message, as [label, callback_data]. */
function buttonsOf(message: Message): Array<[string, string]> {
  const markup = message.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => [b.text, b.callback_data ?? '']);
}

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const keys = createKeyring(MASTER_SECRET);

/** The transcript rows as [direction, kind, text], for comparing in order. */
const rows = (messages: readonly TranscriptMessage[]) => messages.map((m) => [m.direction, m.kind, m.text] as const);

for (const dialect of DIALECTS) {
  describe(`the case holds what the bot said and what the client chose (${dialect})`, () => {
    let h: Harness | undefined;
    let admin: StaffClient;

    beforeAll(async () => {
      h = await startHarness(dialect);
      if (!h) return;
      admin = await signUp(h.netreach, 'admin', { login: 'transcript-admin', alias: 'Ana' });
    }, 30_000);
    afterAll(async () => {
      await h?.stop();
    });

    const fromBotTo = (chatId: number) => (m: Message) => m.chat.id === chatId && m.from?.is_bot === true;
    const settled = async (harness: Harness) => {
      await harness.netreach.ingestion.idle();
      await harness.netreach.sender.drained();
    };
    const caseOf = async (harness: Harness, chatId: number): Promise<number> => {
      const kysely = harness.netreach.db.kysely;
      const row = await kysely
        .selectFrom('cases')
        .innerJoin('clients', 'clients.id', 'cases.client_id')
        .select('cases.id')
        .where('clients.pseudonym', '=', keys.pseudonym('user', chatId))
        .orderBy('cases.id', 'desc')
        .executeTakeFirstOrThrow();
      return row.id;
    };
    const detail = async (caseId: number): Promise<CaseDetail> => {
      const response = await admin.request('GET', `/api/cases/${caseId}`);
      expect(response.status).toBe(200);
      return response.json as CaseDetail;
    };

    it("keeps the acknowledgement in the transcript as the bot's, delivered, and the case still waits for a human", async (ctx) => {
      if (!h) return ctx.skip();
      const harness = h;
      harness.emulator.userSendMessage({ userId: CLIENT_ID, text: 'подскажите, где в четверг автобус' });
      const ack = await harness.emulator.waitFor(fromBotTo(CLIENT_ID), 5_000);
      await settled(harness);
      const caseId = await caseOf(harness, CLIENT_ID);

      const body = await detail(caseId);
      expect(body.messages[0]).toMatchObject({ direction: 'in', kind: 'text', text: 'подскажите, где в четверг автобус' });
      const bot = body.messages.filter((m) => m.direction === 'bot');
      // Everything the bot sent this client is there, in the order Telegram shows it.
      const sentByBot = harness.emulator.history(CLIENT_ID).filter(fromBotTo(CLIENT_ID)).map((m) => m.text ?? '');
      expect(bot.map((m) => m.text)).toEqual(sentByBot);
      expect(bot[0]).toMatchObject({ kind: 'text', text: ack.text, delivery: 'sent', staffAlias: null });

      // The bot answering is no human answering: the case still waits for us.
      const inbox = (await admin.request('GET', '/api/cases')).json as InboxPage;
      const row = inbox.cases.find((c) => c.id === caseId);
      expect(row).toMatchObject<Partial<InboxCase>>({ lastDirection: 'in', lastKind: 'text', firstResponseAt: null });
      const waitingForClient = (await admin.request('GET', '/api/cases?filter=waiting_client')).json as InboxPage;
      expect(waitingForClient.cases.map((c) => c.id)).not.toContain(caseId);
      // The bot's message carries its Telegram id, so /forget can delete it.
      const stored = await harness.netreach.db.kysely.selectFrom('messages').select('client_message_id').where('case_id', '=', caseId).where('direction', '=', 'bot').orderBy('id').executeTakeFirstOrThrow();
      expect(stored.client_message_id).toBe(ack.message_id);
    });

    it("after an overdose message and a guide button press, the transcript holds the bot's guidance and the choice, and the staff topic one line of it", async (ctx) => {
      if (!h) return ctx.skip();
      const harness = h;
      const client = harness.emulator.createUser({ firstName: 'Overdose', languageCode: 'ru' });
      harness.emulator.userSendMessage({ userId: client.id, text: 'друг отъехал не дышит губы синие что делать' });
      const guide = await harness.emulator.waitFor((m) => fromBotTo(client.id)(m) && buttonsOf(m).length > 1, 5_000);
      const [label, data] = buttonsOf(guide)[0] ?? ['', ''];
      expect(data).toMatch(/^g:overdose:/);
      harness.emulator.userPressButton({ userId: client.id, messageId: guide.message_id, data });
      const next = await harness.emulator.waitFor((m) => fromBotTo(client.id)(m) && m.message_id > guide.message_id, 5_000);
      const caseId = await caseOf(harness, client.id);
      const thread = await until(async () => (await harness.netreach.db.kysely.selectFrom('cases').select('staff_topic_id').where('id', '=', caseId).executeTakeFirst())?.staff_topic_id ?? undefined);
      const line = await harness.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.message_thread_id === thread && (m.text ?? '').startsWith('🆘 Client chose'), 5_000);
      expect(line.text).toBe(`🆘 Client chose: «${label}» → guidance sent`);
      await settled(harness);

      const body = await detail(caseId);
      const transcript = rows(body.messages);
      const at = (row: readonly [string, string, string | null]) => transcript.findIndex((r) => r[0] === row[0] && r[1] === row[1] && r[2] === row[2]);
      const message = at(['in', 'text', 'друг отъехал не дышит губы синие что делать']);
      const firstStep = at(['bot', 'text', guide.text ?? '']);
      const choice = at(['in', 'choice', label]);
      const secondStep = at(['bot', 'text', next.text ?? '']);
      expect([message, firstStep, choice, secondStep].every((i) => i >= 0)).toBe(true);
      expect(message).toBeLessThan(firstStep);
      expect(firstStep).toBeLessThan(choice);
      expect(choice).toBeLessThan(secondStep);
      expect(body.messages[secondStep]?.delivery).toBe('sent');
      // The choice is the client's: the case waits for a human.
      expect(body.case.lastDirection).toBe('in');
      expect(body.case.firstResponseAt).toBeNull();

      // The line is urgent in the case's lane, so no ordinary traffic of the case goes before it.
      const call = await harness.netreach.db.kysely.selectFrom('outbox').select(['priority', 'chat_key']).where('dedupe_key', 'like', 'guide-choice-staff:%').where('case_id', '=', caseId).executeTakeFirstOrThrow();
      expect(call).toEqual({ priority: 0, chat_key: `case:${caseId}` });
      // Sealed on disk like every body.
      const sealed = await harness.netreach.db.kysely.selectFrom('messages').select('body_sealed').where('case_id', '=', caseId).where('kind', '=', 'choice').executeTakeFirstOrThrow();
      expect(Buffer.from(sealed.body_sealed ?? new Uint8Array()).toString('utf8')).not.toContain(label);

      // An old button (Telegram no longer sends its message's keyboard): a short description instead of the label.
      harness.emulator.userPressButton({ userId: client.id, messageId: guide.message_id, data: 'g:overdose:no-such-step', force: true });
      const stale = await harness.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.message_thread_id === thread && /no-such-step/.test(m.text ?? ''), 5_000);
      expect(stale.text).toBe('🆘 Client chose: «button “g:overdose:no-such-step”» → old button, nothing sent');

      // /forget erases the bot's messages and the choices with everything else.
      harness.emulator.userSendMessage({ userId: client.id, text: '/forget' });
      const prompt = await harness.emulator.waitFor((m) => fromBotTo(client.id)(m) && buttonsOf(m).some(([, d]) => d.startsWith('forget:yes')), 5_000);
      const yes = buttonsOf(prompt).find(([, d]) => d.startsWith('forget:yes'))?.[1] ?? '';
      harness.emulator.userPressButton({ userId: client.id, messageId: prompt.message_id, data: yes });
      await harness.emulator.waitFor((m) => fromBotTo(client.id)(m) && /переписка удалена/.test(m.text ?? ''), 5_000);
      await settled(harness);
      expect((await detail(caseId)).messages).toEqual([]);
      const left = harness.emulator.history(client.id).map((m) => m.text ?? '');
      expect(left).not.toContain(guide.text);
      expect(left).not.toContain(next.text);
    });

    it('records a need chosen on a button with its label, and the thanks as the bot’s', async (ctx) => {
      if (!h) return ctx.skip();
      const harness = h;
      const client = harness.emulator.createUser({ firstName: 'Unclear', languageCode: 'ru' });
      harness.emulator.userSendMessage({ userId: client.id, text: 'ну это самое короче' });
      const offer = await harness.emulator.waitFor((m) => fromBotTo(client.id)(m) && buttonsOf(m).some(([, d]) => d === 'need:injection_minor'), 5_000);
      const label = buttonsOf(offer).find(([, d]) => d === 'need:injection_minor')?.[0] ?? '';
      harness.emulator.userPressButton({ userId: client.id, messageId: offer.message_id, data: 'need:injection_minor' });
      const thanks = await harness.emulator.waitFor((m) => fromBotTo(client.id)(m) && m.message_id > offer.message_id, 5_000);
      await settled(harness);
      const body = await detail(await caseOf(harness, client.id));
      const transcript = rows(body.messages);
      expect(transcript).toContainEqual(['bot', 'text', offer.text ?? '']);
      expect(transcript.slice(-2)).toEqual([
        ['in', 'choice', label],
        ['bot', 'text', thanks.text ?? ''],
      ]);
      // A guide's one-line summary is for guide buttons only.
      expect(harness.emulator.history(STAFF_CHAT_ID).some((m) => (m.text ?? '').includes(`«${label}»`))).toBe(false);
    });
  });
}
