import type { Message } from 'grammy/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';

/** Inline buttons of a bot message, as [label, callback_data]. */
function buttonsOf(message: Message): Array<[string, string]> {
  const markup = message.reply_markup as { inline_keyboard?: Array<Array<{ text: string; callback_data?: string }>> } | undefined;
  return (markup?.inline_keyboard ?? []).flat().map((b) => [b.text, b.callback_data ?? '']);
}

describe('emergency response', () => {
  let h: Harness | undefined;
  let offset = 0;
  beforeAll(async () => {
    h = await startHarness('sqlite', {}, { now: () => Date.now() + offset, alertRepeatMs: 60_000 });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const harness = () => {
    if (!h) throw new Error('no harness');
    return h;
  };
  const fromBotTo = (chatId: number) => (m: Message) => m.chat.id === chatId && m.from?.is_bot === true;

  it('answers an overdose message in Russian at once with guidance that has the ambulance number, marks the case urgent and alerts the staff topic', async () => {
    const h = harness();
    const started = Date.now();
    h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'друг отъехал не дышит губы синие что делать' });
    const guide = await h.emulator.waitFor((m) => fromBotTo(CLIENT_ID)(m) && /103, 112/.test(m.text ?? ''), 5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(guide.text).toMatch(/[а-яА-Я]/);
    expect(guide.text).toMatch(/не проверено/i);
    expect(buttonsOf(guide).length).toBeGreaterThan(1);
    const alert = await h.emulator.waitFor((m) => fromBotTo(STAFF_CHAT_ID)(m) && /URGENT/.test(m.text ?? ''), 5_000);
    expect(alert.text).toMatch(/overdose/);
    expect(alert.message_thread_id).toBeDefined();
    const kase = await h.netreach.db.kysely.selectFrom('cases').select(['urgent', 'needs']).executeTakeFirstOrThrow();
    expect(kase.urgent).toBe(1);
    expect(JSON.parse(kase.needs)).toContain('overdose');
  });

  it('branches when the client presses a button, and answers the press', async () => {
    const h = harness();
    const guide = h.emulator.history(CLIENT_ID).filter(fromBotTo(CLIENT_ID)).findLast((m) => buttonsOf(m).length > 0);
    if (!guide) throw new Error('no guide');
    const [label, data] = buttonsOf(guide)[0] ?? ['', ''];
    expect(data).toMatch(/^g/);
    const before = h.emulator.history(CLIENT_ID).length;
    const pressed = h.emulator.userPressButton({ userId: CLIENT_ID, messageId: guide.message_id, data });
    const next = await h.emulator.waitFor((m) => fromBotTo(CLIENT_ID)(m) && m.message_id > guide.message_id && m.text !== guide.text, 5_000);
    expect(h.emulator.history(CLIENT_ID).length).toBeGreaterThan(before);
    expect(next.text?.length ?? 0).toBeGreaterThan(20);
    expect(label.length).toBeGreaterThan(0);
    await h.netreach.sender.drained();
    expect(h.emulator.callbackQuery(pressed.callbackQueryId)?.answer).toBeDefined();
  });

  it('repeats the alert while no worker answers, and stops once one does', async () => {
    const h = harness();
    const alerts = () => h.emulator.history(STAFF_CHAT_ID).filter((m) => fromBotTo(STAFF_CHAT_ID)(m) && /URGENT|STILL NO ANSWER/.test(m.text ?? '')).length;
    const first = alerts();
    offset += 61_000;
    await h.emulator.waitFor((m) => fromBotTo(STAFF_CHAT_ID)(m) && /STILL NO ANSWER/.test(m.text ?? ''), 5_000);
    expect(alerts()).toBe(first + 1);
    const topic = h.emulator.topics(STAFF_CHAT_ID).at(-1);
    h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: topic?.message_thread_id, text: 'Я здесь. Вызывайте скорую, я с вами.' });
    await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && (m.text ?? '').startsWith('Я здесь'), 5_000);
    await h.netreach.ingestion.idle();
    offset += 61_000;
    await new Promise((r) => setTimeout(r, 1_500));
    await h.netreach.sender.drained();
    expect(alerts()).toBe(first + 1);
  });

  it('gives a suicide-risk message the crisis response, not the overdose guide, and alerts a human', async () => {
    const h = harness();
    h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'не хочу больше жить, всё решил сегодня' });
    const crisis = await h.emulator.waitFor((m) => fromBotTo(CLIENT_ID)(m) && /не проверено/i.test(m.text ?? '') && !/налоксон/i.test(m.text ?? '') && m.date > 0 && (m.text ?? '').includes('103, 112'), 5_000);
    expect(crisis.text).not.toMatch(/налоксон|naloxone/i);
    await h.emulator.waitFor((m) => fromBotTo(STAFF_CHAT_ID)(m) && /suicide risk/.test(m.text ?? ''), 5_000);
  });

  it('/sos offers a chooser; a flood of /sos alerts once', async () => {
    const h = harness();
    const before = h.emulator.history(STAFF_CHAT_ID).filter((m) => /URGENT/.test(m.text ?? '')).length;
    for (let i = 0; i < 5; i++) h.emulator.userSendMessage({ userId: CLIENT_ID, text: '/sos' });
    const chooser = await h.emulator.waitFor((m) => fromBotTo(CLIENT_ID)(m) && buttonsOf(m).some(([, d]) => d === 'gs:overdose'), 5_000);
    const overdose = buttonsOf(chooser).find(([, d]) => d === 'gs:overdose');
    h.emulator.userPressButton({ userId: CLIENT_ID, messageId: chooser.message_id, data: overdose?.[1] ?? '' });
    h.emulator.userPressButton({ userId: CLIENT_ID, messageId: chooser.message_id, data: overdose?.[1] ?? '' });
    await h.netreach.ingestion.idle();
    await h.netreach.sender.drained();
    const after = h.emulator.history(STAFF_CHAT_ID).filter((m) => /URGENT/.test(m.text ?? '')).length;
    // The overdose guide was already running in this case (first test): no new alert within ten minutes.
    expect(after - before).toBeLessThanOrEqual(1);
  });

  it('🆘 alone alerts the staff topic at once, ten presses are one emergency, the alert repeats with where the client is, until a worker answers', async () => {
    const h = harness();
    const client = h.emulator.createUser({ firstName: 'Quiet', languageCode: 'ru' });
    const urgentIn = (threadId: number | undefined) => h.emulator.history(STAFF_CHAT_ID).filter((m) => fromBotTo(STAFF_CHAT_ID)(m) && m.message_thread_id === threadId && /URGENT/.test(m.text ?? ''));
    const repeatsIn = (threadId: number | undefined) => h.emulator.history(STAFF_CHAT_ID).filter((m) => fromBotTo(STAFF_CHAT_ID)(m) && m.message_thread_id === threadId && /STILL NO ANSWER/.test(m.text ?? ''));
    const started = Date.now();
    h.emulator.userSendMessage({ userId: client.id, text: '🆘 Срочно' });
    const alert = await h.emulator.waitFor((m) => fromBotTo(STAFF_CHAT_ID)(m) && /URGENT/.test(m.text ?? '') && /SOS/.test(m.text ?? ''), 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);
    const thread = alert.message_thread_id;
    expect(thread).toBeDefined();
    // Nine more presses and a /sos: still one emergency, one alert.
    for (let i = 0; i < 9; i++) h.emulator.userSendMessage({ userId: client.id, text: '🆘 Срочно' });
    h.emulator.userSendMessage({ userId: client.id, text: '/sos' });
    await h.netreach.ingestion.idle();
    await h.netreach.sender.drained();
    expect(urgentIn(thread)).toHaveLength(1);
    expect(await h.netreach.db.kysely.selectFrom('emergencies').select('id').where('kind', '=', 'sos').execute()).toHaveLength(1);

    // Nobody answers: the alert repeats on schedule, once per interval.
    offset += 61_000;
    await h.emulator.waitFor((m) => fromBotTo(STAFF_CHAT_ID)(m) && m.message_thread_id === thread && /STILL NO ANSWER \(1\)/.test(m.text ?? ''), 5_000);
    expect(repeatsIn(thread)).toHaveLength(1);

    // The client chooses the overdose guide: no new alert, and the next repeat says what it is and where the client is.
    const chooser = h.emulator.history(client.id).findLast((m) => fromBotTo(client.id)(m) && buttonsOf(m).some(([, d]) => d === 'gs:overdose'));
    if (!chooser) throw new Error('no chooser');
    h.emulator.userPressButton({ userId: client.id, messageId: chooser.message_id, data: 'gs:overdose' });
    const step = await h.emulator.waitFor((m) => fromBotTo(client.id)(m) && buttonsOf(m).some(([, d]) => d === 'g:overdose:not-breathing'), 5_000);
    const notBreathing = buttonsOf(step).find(([, d]) => d === 'g:overdose:not-breathing');
    h.emulator.userPressButton({ userId: client.id, messageId: step.message_id, data: notBreathing?.[1] ?? '' });
    await h.netreach.ingestion.idle();
    await h.netreach.sender.drained();
    expect(urgentIn(thread)).toHaveLength(1);
    offset += 61_000;
    const repeat = await h.emulator.waitFor((m) => fromBotTo(STAFF_CHAT_ID)(m) && m.message_thread_id === thread && /STILL NO ANSWER \(2\)/.test(m.text ?? ''), 5_000);
    expect(repeat.text).toMatch(/overdose/);
    expect(repeat.text).not.toMatch(/SOS/);
    expect(repeat.text).toMatch(/Client's last step: «[^»]+»/);

    // A worker answers in the topic: the repeats stop.
    h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: thread, text: 'Я здесь, я с вами.' });
    await h.emulator.waitFor((m) => m.chat.id === client.id && (m.text ?? '').startsWith('Я здесь'), 5_000);
    await h.netreach.ingestion.idle();
    offset += 61_000;
    await new Promise((r) => setTimeout(r, 1_500));
    await h.netreach.sender.drained();
    expect(repeatsIn(thread)).toHaveLength(2);
  });

  it("asks whether someone's life is in danger right now when triage sees signs it cannot call urgent; yes starts the guide and the alert, no does not", async () => {
    const h = harness();
    const doubtful = 'вчера друг не дышал после дозы, я до сих пор трясусь';
    const urgentAlerts = () => h.emulator.history(STAFF_CHAT_ID).filter((m) => fromBotTo(STAFF_CHAT_ID)(m) && /URGENT/.test(m.text ?? '')).length;

    const yes = h.emulator.createUser({ firstName: 'Doubt', languageCode: 'ru' });
    h.emulator.userSendMessage({ userId: yes.id, text: doubtful });
    const question = await h.emulator.waitFor((m) => fromBotTo(yes.id)(m) && buttonsOf(m).some(([, d]) => d.startsWith('gd:y:')), 5_000);
    expect(question.text).toMatch(/жизнь в опасности/);
    await h.netreach.sender.drained();
    const before = urgentAlerts();
    // Asking is not an alert: nothing urgent reached staff yet.
    const kase = await h.netreach.db.kysely.selectFrom('cases').select(['id', 'urgent']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(kase.urgent).toBe(0);
    // A second such message soon after is not asked about again.
    h.emulator.userSendMessage({ userId: yes.id, text: doubtful });
    await h.netreach.ingestion.idle();
    await h.netreach.sender.drained();
    expect(h.emulator.history(yes.id).filter((m) => buttonsOf(m).some(([, d]) => d.startsWith('gd:y:')))).toHaveLength(1);

    const yesData = buttonsOf(question).find(([, d]) => d.startsWith('gd:y:'))?.[1] ?? '';
    h.emulator.userPressButton({ userId: yes.id, messageId: question.message_id, data: yesData });
    await h.emulator.waitFor((m) => fromBotTo(yes.id)(m) && /103, 112/.test(m.text ?? '') && buttonsOf(m).some(([, d]) => d.startsWith('g:overdose:')), 5_000);
    await h.emulator.waitFor((m) => fromBotTo(STAFF_CHAT_ID)(m) && /URGENT/.test(m.text ?? ''), 5_000);
    await h.netreach.sender.drained();
    expect(urgentAlerts()).toBe(before + 1);

    const no = h.emulator.createUser({ firstName: 'Calm', languageCode: 'en' });
    h.emulator.userSendMessage({ userId: no.id, text: 'yesterday my friend was not breathing after a shot, we are ok now but I keep thinking about it' });
    const asked = await h.emulator.waitFor((m) => fromBotTo(no.id)(m) && buttonsOf(m).some(([, d]) => d === 'gd:n'), 5_000);
    h.emulator.userPressButton({ userId: no.id, messageId: asked.message_id, data: 'gd:n' });
    await h.emulator.waitFor((m) => fromBotTo(no.id)(m) && /A worker will answer you here/.test(m.text ?? ''), 5_000);
    // Whoever takes the case sees, in its topic, that the bot asked and what the client answered.
    const answered = await h.emulator.waitFor((m) => fromBotTo(STAFF_CHAT_ID)(m) && /answered «No»/.test(m.text ?? ''), 5_000);
    const topic = h.emulator.history(STAFF_CHAT_ID).filter((m) => m.message_thread_id === answered.message_thread_id).map((m) => m.text ?? '');
    expect(topic.some((text) => /the client was asked whether someone's life is in danger/.test(text))).toBe(true);
    expect(topic.some((text) => text.startsWith('yesterday my friend was not breathing'))).toBe(true);
    await h.netreach.ingestion.idle();
    await h.netreach.sender.drained();
    expect(urgentAlerts()).toBe(before + 1);
  });

  it('an English client gets English guidance with the 🆘 button also working', async () => {
    const h = harness();
    const english = h.emulator.createUser({ firstName: 'En', languageCode: 'en' });
    h.emulator.userSendMessage({ userId: english.id, text: 'hi' });
    const ack = await h.emulator.waitFor((m) => fromBotTo(english.id)(m), 5_000);
    expect(ack.text).toMatch(/Thank you/);
    expect(h.emulator.replyKeyboard(english.id)?.keyboard.flat().map((b) => (typeof b === 'string' ? b : b.text))).toContain('🆘 SOS');
    h.emulator.userSendMessage({ userId: english.id, text: 'my boyfriend is blue and not breathing after a shot' });
    const guide = await h.emulator.waitFor((m) => fromBotTo(english.id)(m) && /103, 112/.test(m.text ?? '') && /verified/i.test(m.text ?? ''), 5_000);
    expect(guide.text).not.toMatch(/[а-яА-Я]/);
  });
});

describe('voice and language', () => {
  it('asks kindly for text after a voice message, relays it flagged with its length, and switches language with /lang', async () => {
    const h = await startHarness('sqlite');
    if (!h) throw new Error('no harness');
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, voice: 67 });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /голосовое/.test(m.text ?? ''), 5_000);
      const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.voice !== undefined, 5_000);
      expect(relayed.caption).toContain('1:07');
      h.emulator.userSendMessage({ userId: CLIENT_ID, voice: 5 });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.voice !== undefined && (m.caption ?? '').includes('0:05'), 5_000);
      await h.netreach.sender.drained();
      expect(h.emulator.history(CLIENT_ID).filter((m) => /голосовое/.test(m.text ?? ''))).toHaveLength(1);

      h.emulator.userSendMessage({ userId: CLIENT_ID, text: '/lang' });
      const chooser = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttonsOf(m).some(([, d]) => d === 'lang:en'), 5_000);
      h.emulator.userPressButton({ userId: CLIENT_ID, messageId: chooser.message_id, data: 'lang:en' });
      await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && /English/.test(m.text ?? ''), 5_000);
      const client = await h.netreach.db.kysely.selectFrom('clients').select('language').executeTakeFirstOrThrow();
      expect(client.language).toBe('en');
    } finally {
      await h.stop();
    }
  });
});

describe('unclear messages and wound photos', () => {
  it('offers the needs as buttons when triage is unsure, codes the case with the choice, and flags a wound photo for a doctor', async () => {
    const h = await startHarness('sqlite');
    if (!h) throw new Error('no harness');
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'ну это самое короче' });
      const offer = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttonsOf(m).some(([, d]) => d === 'need:injection_minor'), 5_000);
      expect(buttonsOf(offer).map(([, d]) => d)).not.toContain('need:other');
      h.emulator.userPressButton({ userId: CLIENT_ID, messageId: offer.message_id, data: 'need:injection_minor' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /chose: Veins/.test(m.text ?? ''), 5_000);
      const kase = await h.netreach.db.kysely.selectFrom('cases').select(['needs', 'doctor_flag']).executeTakeFirstOrThrow();
      expect(JSON.parse(kase.needs)).toEqual(['injection_minor']);
      h.emulator.userSendMessage({ userId: CLIENT_ID, photo: true });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /doctor should look/.test(m.text ?? ''), 5_000);
      h.emulator.userSendMessage({ userId: CLIENT_ID, photo: true });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.photo !== undefined && h.emulator.history(STAFF_CHAT_ID).filter((x) => x.photo).length === 2, 5_000);
      await h.netreach.sender.drained();
      expect(h.emulator.history(STAFF_CHAT_ID).filter((m) => /doctor should look/.test(m.text ?? ''))).toHaveLength(1);
      // A clear first message gets no needs to choose from (an article may be offered instead).
      const clear = h.emulator.createUser({ firstName: 'C', languageCode: 'ru' });
      h.emulator.userSendMessage({ userId: clear.id, text: 'где можно бесплатно сдать тест на ВИЧ' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /тест на ВИЧ/.test(m.text ?? ''), 5_000);
      await h.netreach.sender.drained();
      expect(h.emulator.history(clear.id).some((m) => buttonsOf(m).some(([, d]) => d.startsWith('need:')))).toBe(false);
    } finally {
      await h.stop();
    }
  });
});

describe('after hours', () => {
  it('answers a new case at night with when a worker will reply, flags it, and still answers an emergency at once', async () => {
    // Monday 2026-11-23, 03:00 in Moscow.
    const night = Date.parse('2026-11-23T03:00:00+03:00');
    const started = Date.now();
    const h = await startHarness('sqlite', { WORKING_HOURS: 'mon-fri 10:00-19:00', TIMEZONE: 'Europe/Moscow' }, { now: () => night + (Date.now() - started) });
    if (!h) throw new Error('no harness');
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'где сдать тест на вич' });
      const ack = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.from?.is_bot === true, 5_000);
      expect(ack.text).toMatch(/нерабочее время/);
      expect(ack.text).toMatch(/понедельник.*10:00/);
      const kase = await h.netreach.db.kysely.selectFrom('cases').select('after_hours').executeTakeFirstOrThrow();
      expect(kase.after_hours).toBe(1);
      const other = h.emulator.createUser({ firstName: 'N', languageCode: 'en' });
      h.emulator.userSendMessage({ userId: other.id, text: 'my friend overdosed and is not breathing' });
      const guide = await h.emulator.waitFor((m) => m.chat.id === other.id && m.from?.is_bot === true, 5_000);
      expect(guide.text).toContain('103, 112');
      expect(guide.text).not.toMatch(/not at work/);
    } finally {
      await h.stop();
    }
  });
});

describe('on-call alerts in private', () => {
  it('alerts privately the workers on call (by /oncall or by the rota) who opted in with /alerts', async () => {
    const h = await startHarness('sqlite', { ON_CALL_ROTA: 'mon-sun 00:00-24:00=Sasha' }, { extraWorkers: 2 });
    if (!h) throw new Error('no harness');
    try {
      const [otherId, quietId] = h.workers;
      if (otherId === undefined || quietId === undefined) throw new Error('no workers');
      const other = { id: otherId };
      const quiet = { id: quietId };
      for (const id of [WORKER_ID, other.id, quiet.id]) h.emulator.userSendMessage({ userId: id, text: '/start' });
      // Sasha by the rota, with private alerts; the other by /oncall, with private alerts; the quiet one without.
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: '/alias Sasha' });
      h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, text: '/alerts on' });
      h.emulator.userSendMessage({ userId: other.id, chatId: STAFF_CHAT_ID, text: '/oncall on' });
      h.emulator.userSendMessage({ userId: other.id, chatId: STAFF_CHAT_ID, text: '/alerts on' });
      h.emulator.userSendMessage({ userId: quiet.id, chatId: STAFF_CHAT_ID, text: '/oncall on' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /privately/.test(m.text ?? ''), 5_000);
      await h.netreach.ingestion.idle();
      await h.netreach.sender.drained();
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'подруга посинела и не дышит после дозы' });
      await h.emulator.waitFor((m) => m.chat.id === WORKER_ID && /URGENT/.test(m.text ?? ''), 5_000);
      await h.emulator.waitFor((m) => m.chat.id === other.id && /URGENT/.test(m.text ?? ''), 5_000);
      await h.netreach.sender.drained();
      expect(h.emulator.history(quiet.id).some((m) => /URGENT/.test(m.text ?? ''))).toBe(false);
    } finally {
      await h.stop();
    }
  });
});

describe('self-help', () => {
  it('points a new case to the article for its need, sends it on a tap, and lists every topic with /help', async () => {
    const h = await startHarness('sqlite', { MOBILE_UNIT_SCHEDULE: 'Mon 18:00 Ploshchad Lenina; Thu 19:00 Sennaya' });
    if (!h) throw new Error('no harness');
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'где сегодня автобус, когда приедет' });
      const offer = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttonsOf(m).some(([, d]) => d.startsWith('kb:')), 5_000);
      const [, first] = buttonsOf(offer)[0] ?? ['', ''];
      expect(first).toBe('kb:bus-schedule');
      h.emulator.userPressButton({ userId: CLIENT_ID, messageId: offer.message_id, data: first });
      const article = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && (m.text ?? '').includes('Sennaya'), 5_000);
      expect(article.text).toMatch(/не проверено/);
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: '/help' });
      const topics = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttonsOf(m).length >= 8, 5_000);
      expect(buttonsOf(topics).map(([, d]) => d)).toContain('kb:naloxone');
    } finally {
      await h.stop();
    }
  });
});

describe('morning digest', () => {
  it('lists in the staff group, once, the after-hours cases still waiting when the working day starts', async () => {
    const nine = Date.parse('2026-11-23T09:59:00+03:00');
    let offset = 0;
    const started = Date.now();
    const h = await startHarness('sqlite', { WORKING_HOURS: 'mon-fri 10:00-19:00', TIMEZONE: 'Europe/Moscow' }, { now: () => nine + offset + (Date.now() - started), digestEveryMs: 100 });
    if (!h) throw new Error('no harness');
    try {
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'нужен юрист, забрали паспорт' });
      await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'нужен юрист, забрали паспорт', 5_000);
      const code = (await h.netreach.db.kysely.selectFrom('clients').select('code').executeTakeFirstOrThrow()).code;
      offset = 90_000;
      const digest = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /Good morning/.test(m.text ?? ''), 5_000);
      expect(digest.text).toContain(code);
      expect(digest.message_thread_id).toBeUndefined();
      await new Promise((r) => setTimeout(r, 500));
      await h.netreach.sender.drained();
      expect(h.emulator.history(STAFF_CHAT_ID).filter((m) => /Good morning/.test(m.text ?? ''))).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });
});

describe('verified content', () => {
  it('shows a guide as checked by a doctor once `netreach content verify` recorded it', async () => {
    const h = await startHarness('sqlite', {}, { verificationRefreshMs: 100 });
    if (!h) throw new Error('no harness');
    try {
      const { execFile } = await import('node:child_process');
      const { promisify } = await import('node:util');
      const { join } = await import('node:path');
      const { stdout } = await promisify(execFile)(process.execPath, [join(import.meta.dirname, '..', 'bin', 'netreach.js'), 'content', 'verify', 'guide', 'overdose', '--lang', 'ru', '--role', 'doctor'], {
        env: { ...process.env, DATABASE_URL: h.config.database.url, NETREACH_SECRET: 'x'.repeat(40) },
      });
      expect(stdout).toMatch(/verified by doctor/);
      await new Promise((r) => setTimeout(r, 300));
      h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'передоз у друга, не дышит' });
      const guide = await h.emulator.waitFor((m) => m.chat.id === CLIENT_ID && (m.text ?? '').includes('103, 112'), 5_000);
      expect(guide.text).toMatch(/Проверено: врач, \d{4}-\d{2}-\d{2}/);
      expect(guide.text).not.toMatch(/не проверено/i);
    } finally {
      await h.stop();
    }
  });
});
