import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';
import type { DialectName } from './support/databases.ts';
import { signUp } from './support/staff-client.ts';
import { parseConfig } from '../src/config.ts';
import { webChatEnabled } from '../src/app/netreach.ts';

/** A response read in full, redirects not followed (a browser without JavaScript sees exactly these). */
interface Page {
  status: number;
  headers: Headers;
  body: string;
  location: string | null;
}

async function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Page> {
  const res = await fetch(new URL(path, base), { redirect: 'manual', headers });
  return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('Location') };
}

async function post(base: string, path: string, form: Record<string, string>): Promise<Page> {
  const res = await fetch(new URL(path, base), { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
  return { status: res.status, headers: res.headers, body: await res.text(), location: res.headers.get('Location') };
}

const field = (html: string, name: string): string => {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!m?.[1]) throw new Error(`no field ${name}`);
  return m[1].replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');
};

/** The sum the first-message question asks for. */
const answerOf = (html: string): string => {
  const m = /(\d+) \+ (\d+)/.exec(html);
  if (!m) throw new Error('no question');
  return String(Number(m[1]) + Number(m[2]));
};

/** Checks what every chat page must be: no script, nothing from another origin, the strict headers. */
function expectSafePage(page: Page): void {
  expect(page.body).not.toMatch(/<script/i);
  expect(page.body).not.toMatch(/(src|href|action)="(https?:)?\/\//i);
  const csp = page.headers.get('Content-Security-Policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).not.toContain('script-src');
  expect(page.headers.get('Referrer-Policy')).toBe('no-referrer');
  expect(page.headers.get('Set-Cookie')).toBeNull();
}

/** Starts a conversation; returns the codename's page path. */
async function start(base: string, text: string, lang = 'en'): Promise<string> {
  const form = await get(base, `/chat?lang=${lang}`);
  const sent = await post(base, `/chat/start?lang=${lang}`, { text, answer: answerOf(form.body), token: field(form.body, 'token'), lang });
  expect(sent.status).toBe(303);
  expect(sent.location).toMatch(/^\/chat\/c\/[^/?]+\?/);
  return sent.location ?? '';
}

const DIALECTS: DialectName[] = ['sqlite', 'postgres'];

describe.each(DIALECTS)('the anonymous web chat (%s)', (dialect) => {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness(dialect, { WEB_CHAT: 'on' });
  });
  afterAll(async () => {
    await h?.stop();
  });
  const harness = () => {
    if (!h) throw new Error('no harness');
    return h;
  };

  it('gives a form without script, then a codename page, a staff topic with the message, and the worker\'s reply after a refresh', async (ctx) => {
    if (!h) return ctx.skip();
    const { netreach, emulator } = harness();
    const landing = await get(netreach.url, '/chat', { 'Accept-Language': 'en-GB,en;q=0.9' });
    expect(landing.status).toBe(200);
    expect(landing.body).toContain('<form method="post"');
    expect(landing.body).toContain('103, 112');
    expectSafePage(landing);

    const path = await start(netreach.url, 'Where can I get clean needles in the evening? websentinel-one');
    const page = await get(netreach.url, path);
    expect(page.status).toBe(200);
    expectSafePage(page);
    const codename = decodeURIComponent(/\/chat\/c\/([^?]+)/.exec(path)?.[1] ?? '');
    expect(codename.split('-')).toHaveLength(7);
    expect(page.body).toContain(codename.split('-').join(' '));
    expect(page.body).toContain('websentinel-one');

    const relayed = await emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && (m.text ?? '').includes('websentinel-one'), 5_000);
    expect(relayed.message_thread_id).toBeDefined();
    const topic = emulator.topics(STAFF_CHAT_ID).find((tp) => tp.message_thread_id === relayed.message_thread_id);
    expect(topic?.name).toMatch(/^K-/);
    expect(harness().topic(relayed.message_thread_id ?? 0).some((m) => /Web chat/.test(m.text ?? ''))).toBe(true);

    // A second person, to show that a reply reaches only its own codename.
    const other = await start(netreach.url, 'I need to talk to someone about detox');
    emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: relayed.message_thread_id, text: 'Hello! The mobile unit is at the station from 18:00. worker-reply-one' });
    await netreach.ingestion.idle();
    await expect.poll(async () => (await get(netreach.url, path)).body, { timeout: 5_000 }).toContain('worker-reply-one');
    expect((await get(netreach.url, other)).body).not.toContain('worker-reply-one');

    const kase = await netreach.db.kysely.selectFrom('cases').innerJoin('clients', 'clients.id', 'cases.client_id').select(['cases.channel', 'clients.via', 'clients.chat_sealed']).orderBy('cases.id').executeTakeFirstOrThrow();
    expect(kase).toMatchObject({ channel: 'web', via: 'web', chat_sealed: null });
    // Nothing was ever meant for Telegram on this person's behalf.
    const clientRows = await netreach.db.kysely.selectFrom('outbox').select('chat_key').where('chat_key', 'like', 'client:%').execute();
    expect(clientRows).toHaveLength(0);
  });

  it('answers an overdose message with the guide, the ambulance number and buttons as forms on the very next page, and alerts the staff', async (ctx) => {
    if (!h) return ctx.skip();
    const { netreach, emulator } = harness();
    const path = await start(netreach.url, 'друг отъехал не дышит губы синие что делать', 'ru');
    const page = await get(netreach.url, path);
    expectSafePage(page);
    // In the guide itself, not only in the page's header line.
    const guide = page.body.slice(page.body.indexOf('class="line bot guide"'));
    expect(page.body).toContain('class="line bot guide"');
    expect(guide.slice(0, guide.indexOf('<form'))).toContain('103, 112');
    expect(guide).toMatch(/не проверено|Проверено/i);
    expect(page.body).toMatch(/<form method="post" action="\/chat\/c\/[^"]+\/press/);
    const alert = await emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /URGENT/.test(m.text ?? '') && /overdose/.test(m.text ?? ''), 5_000);
    expect(alert.message_thread_id).toBeDefined();

    // Pressing a guide button moves the guide on, as in Telegram.
    const action = /action="(\/chat\/c\/[^"]+\/press[^"]*)"/.exec(page.body)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const formHtml = page.body.slice(page.body.indexOf(`action="${action.replace(/&/g, '&amp;')}"`));
    const pressed = await post(netreach.url, action, { request: field(formHtml, 'request'), data: field(formHtml, 'data'), label: field(formHtml, 'label') });
    expect(pressed.status).toBe(303);
    const after = await get(netreach.url, pressed.location ?? '');
    expect(after.body.split('class="line').length).toBeGreaterThan(page.body.split('class="line').length);
  });

  it('starts the 🆘 chooser from the page\'s 🆘 button and alerts the staff at once', async (ctx) => {
    if (!h) return ctx.skip();
    const { netreach, emulator } = harness();
    const path = await start(netreach.url, 'just a question for now');
    const page = await get(netreach.url, path);
    const sosForm = page.body.slice(page.body.indexOf('name="sos"') - 200);
    const sent = await post(netreach.url, path.replace('?', '/send?'), { request: field(sosForm, 'request'), sos: '1' });
    expect(sent.status).toBe(303);
    const after = await get(netreach.url, path);
    expect(after.body).toContain('class="line bot guide"');
    await emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /URGENT/.test(m.text ?? '') && /sos|🆘/i.test(m.text ?? ''), 5_000);
  });

  it('shows HTML in a message as text, stores a resent form once, and keeps no clear text in the database', async (ctx) => {
    if (!h) return ctx.skip();
    const { netreach } = harness();
    const path = await start(netreach.url, 'hello <script>alert("xss")</script> <img src=x> websentinel-two');
    const page = await get(netreach.url, path);
    expect(page.body).toContain('&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;');
    expect(page.body).not.toMatch(/<img src=x>/);

    const request = field(page.body.slice(page.body.indexOf('name="text"')), 'request');
    const send = path.replace('?', '/send?');
    const first = await post(netreach.url, send, { request, text: 'second message websentinel-three' });
    const again = await post(netreach.url, send, { request, text: 'second message websentinel-three' });
    expect([first.status, again.status]).toEqual([303, 303]);
    const shown = (await get(netreach.url, path)).body;
    expect(shown.split('websentinel-three').length - 1).toBe(1);

    if (dialect === 'sqlite' && h.dir) {
      await netreach.sender.drained();
      for (const file of ['netreach.db', 'netreach.db-wal']) {
        const p = join(h.dir, file);
        if (existsSync(p)) expect(readFileSync(p).includes(Buffer.from('websentinel'))).toBe(false);
      }
    }
    const codename = decodeURIComponent(/\/chat\/c\/([^?]+)/.exec(path)?.[1] ?? '');
    const limits = await netreach.db.kysely.selectFrom('web_chat_limits').select('bucket').execute();
    expect(limits.map((l) => l.bucket).join(' ')).not.toContain(codename);
  });

  it('refuses oversized, empty and malformed posts and wrong answers with a page, never a stack', async (ctx) => {
    if (!h) return ctx.skip();
    const { netreach } = harness();
    const form = await get(netreach.url, '/chat?lang=en');
    const wrong = await post(netreach.url, '/chat/start?lang=en', { text: 'my message stays', answer: '999', token: field(form.body, 'token'), lang: 'en' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('my message stays');
    expectSafePage(wrong);
    const long = await post(netreach.url, '/chat/start?lang=en', { text: 'x'.repeat(4001), answer: answerOf(form.body), token: field(form.body, 'token'), lang: 'en' });
    expect(long.status).toBe(400);
    const huge = await post(netreach.url, '/chat/start?lang=en', { text: 'x'.repeat(100_000) });
    expect(huge.status).toBe(413);
    expectSafePage(huge);
    const res = await fetch(new URL('/chat/start', netreach.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":1}' });
    expect(res.status).toBe(400);
    expect(await res.text()).not.toMatch(/at .*\.ts|Error:/);
    // The same answered question cannot open a second conversation.
    const token = field(form.body, 'token');
    const once = await post(netreach.url, '/chat/start?lang=en', { text: 'first', answer: answerOf(form.body), token, lang: 'en' });
    const twice = await post(netreach.url, '/chat/start?lang=en', { text: 'first', answer: answerOf(form.body), token, lang: 'en' });
    expect(once.status).toBe(303);
    expect(twice.status).toBe(400);
  });

  it('erases a conversation as /forget does: the codename opens nothing after', async (ctx) => {
    if (!h) return ctx.skip();
    const { netreach } = harness();
    const path = await start(netreach.url, 'please erase me later websentinel-four');
    const erasePage = await get(netreach.url, path.replace('?', '/erase?'));
    const erased = await post(netreach.url, path.replace('?', '/erase?'), { request: field(erasePage.body, 'request') });
    expect(erased.status).toBe(303);
    const gone = await get(netreach.url, path);
    expect(gone.status).toBe(404);
    const rows = await netreach.db.kysely.selectFrom('messages').select('id').where('body_sealed', 'is not', null).execute();
    const cases = await netreach.db.kysely.selectFrom('cases').select(['status']).where('channel', '=', 'web').execute();
    expect(cases.some((c) => c.status === 'closed')).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('waits a dashboard reply on the page, lists the case with channel web in the inbox, and counts the channel in reports and exports', async (ctx) => {
    if (!h) return ctx.skip();
    const { netreach } = harness();
    const path = await start(netreach.url, 'how do I get tested for hepatitis C');
    const caseId = (await netreach.db.kysely.selectFrom('cases').select('id').where('channel', '=', 'web').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
    const admin = await signUp(netreach, 'admin', { alias: 'Olga' });
    const inbox = (await admin.request('GET', '/api/cases?channel=web')).json as { cases?: Array<{ id: number; channel: string }> } | Array<{ id: number; channel: string }>;
    const listed = Array.isArray(inbox) ? inbox : (inbox.cases ?? []);
    expect(listed.find((c) => c.id === caseId)?.channel).toBe('web');
    const reply = await admin.request('POST', `/api/cases/${caseId}/reply`, { text: 'Testing is free at the mobile unit. dashboard-reply-one', requestId: `req-web-${dialect}-0001` });
    expect(reply.status).toBeLessThan(300);
    type Detail = { messages: Array<{ direction: string; text: string | null; delivery: string | null }> };
    const delivery = async () => ((await admin.request('GET', `/api/cases/${caseId}`)).json as Detail).messages.find((m) => m.direction === 'out')?.delivery;
    // Waiting until the person opens the page: nothing was sent anywhere.
    expect(await delivery()).toBe('queued');
    expect((await get(netreach.url, path)).body).toContain('dashboard-reply-one');
    expect(await delivery()).toBe('sent');

    const today = new Date();
    const from = new Date(today.getTime() - 2 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(today.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const researcher = await signUp(netreach, 'researcher', { totp: false });
    const webCases = (await netreach.db.kysely.selectFrom('cases').select('id').where('channel', '=', 'web').execute()).length;
    const analytics = (await researcher.request('GET', `/api/reports/analytics?from=${from}&to=${to}&bucket=week`)).json as { series: { channels?: Array<{ channel: string; count: number | string }> } };
    expect(Number(analytics.series.channels?.find((r) => r.channel === 'web')?.count)).toBe(webCases);
    const work = (await researcher.request('GET', `/api/reports/work?from=${from}&to=${to}`)).json as Array<{ channel: string }>;
    expect(work.filter((r) => r.channel === 'web')).toHaveLength(webCases);
    const csv = await researcher.request('GET', `/api/reports/export?from=${from}&to=${to}&format=csv`);
    const [header = '', ...rows] = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    const column = header.split(',').indexOf('channel');
    expect(column).toBeGreaterThanOrEqual(0);
    expect(rows.filter((r) => r.split(',')[column] === 'web')).toHaveLength(webCases);
  });

  it('asks for a rating when a worker closes the case, takes the rating as a form, and opens a new case on the next message', async (ctx) => {
    if (!h) return ctx.skip();
    const { netreach, emulator } = harness();
    const path = await start(netreach.url, 'where is the bus today websentinel-five');
    const relayed = await emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && (m.text ?? '').includes('websentinel-five'), 5_000);
    emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: relayed.message_thread_id, text: '/close' });
    await expect.poll(async () => (await get(netreach.url, path)).body, { timeout: 5_000 }).toContain('👍 It helped');
    const closed = await get(netreach.url, path);
    const formHtml = closed.body.slice(closed.body.indexOf('value="fb:') - 200);
    const action = /action="([^"]+)"/.exec(formHtml)?.[1]?.replace(/&amp;/g, '&') ?? '';
    const rated = await post(netreach.url, action, { request: field(formHtml, 'request'), data: field(formHtml, 'data'), label: field(formHtml, 'label') });
    expect(rated.status).toBe(303);
    const caseId = Number(/^fb:(\d+):/.exec(field(formHtml, 'data'))?.[1]);
    const feedback = await netreach.db.kysely.selectFrom('cases').select(['feedback', 'status']).where('id', '=', caseId).executeTakeFirstOrThrow();
    expect(feedback).toEqual({ feedback: expect.any(String), status: 'closed' });
    const page = await get(netreach.url, path);
    await post(netreach.url, path.replace('?', '/send?'), { request: field(page.body.slice(page.body.indexOf('name="text"')), 'request'), text: 'one more question websentinel-six' });
    const next = await emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && (m.text ?? '').includes('websentinel-six'), 5_000);
    expect(next.message_thread_id).not.toBe(relayed.message_thread_id);
  });

  it('limits messages per codename, and never logs what was written or the codename', async (ctx) => {
    if (!h) return ctx.skip();
    const { netreach, logs } = harness();
    const path = await start(netreach.url, 'a first message websentinel-seven');
    const send = path.replace('?', '/send?');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await post(netreach.url, send, { request: `flood-${dialect}-${i}`, text: `flood ${i}` })).status);
    // 30 a codename per 10 minutes: the first message of the conversation counted in the overall limit only.
    expect(statuses.slice(0, 30).every((s) => s === 303)).toBe(true);
    expect(statuses[30]).toBe(429);
    const codename = decodeURIComponent(/\/chat\/c\/([^?]+)/.exec(path)?.[1] ?? '');
    const logged = logs.join('');
    expect(logged).not.toContain('websentinel');
    expect(logged).not.toContain(codename);
    expect(logged).not.toContain(codename.split('-')[0] + '-' + codename.split('-')[1]);
  });

  it('limits failed codename tries for everyone together', async (ctx) => {
    if (!h) return ctx.skip();
    const { netreach } = harness();
    const path = await start(netreach.url, 'a real conversation while someone guesses');
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) statuses.push((await get(netreach.url, `/chat/c/oak-oak-oak-oak-oak-oak-guess${'x'.repeat(i % 3)}`)).status);
    // 30 failed tries a minute for everyone (earlier tests used a few): then no codename is looked up.
    const firstRefused = statuses.indexOf(429);
    expect(firstRefused).toBeGreaterThan(0);
    expect(firstRefused).toBeLessThanOrEqual(30);
    expect(statuses.slice(0, firstRefused).every((s) => s === 404)).toBe(true);
    expect(statuses.slice(firstRefused).every((s) => s === 429)).toBe(true);
    const locked = await get(netreach.url, path);
    expect(locked.status).toBe(429);
    expect(locked.body).toContain('wait a minute');
  });
});

describe('the web chat on a listener of its own (onion-ready)', () => {
  let h: Harness | undefined;
  beforeAll(async () => {
    h = await startHarness('sqlite', { WEB_CHAT: 'on', WEB_CHAT_HOST: '127.0.0.1', WEB_CHAT_PORT: '0' });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('serves the chat and nothing else: no dashboard, API, health, metrics or training routes', async () => {
    const base = h?.netreach.webChatUrl;
    if (!base) throw new Error('no web chat listener');
    expect((await get(base, '/chat')).status).toBe(200);
    expect((await get(base, '/')).location).toBe('/chat');
    for (const path of ['/api/me', '/api/cases', '/healthz', '/metrics', '/training', '/assets/index.js', '/telegram/webhook']) {
      const page = await get(base, path);
      expect(page.status, path).toBe(404);
      expectSafePage(page);
    }
    expect((await post(base, '/api/auth/login', { login: 'x' })).status).toBe(404);
  });
});

describe('turning the web chat on', () => {
  const base = { NETREACH_SECRET: 'x'.repeat(40) };
  it('is off by default, on with WEB_CHAT=on or a listener, on in training mode unless WEB_CHAT=off', () => {
    expect(webChatEnabled(parseConfig({ ...base, BOT_TOKEN: '123456789:AAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), false)).toBe(false);
    expect(webChatEnabled(parseConfig({ ...base, WEB_CHAT: 'on' }), false)).toBe(true);
    expect(webChatEnabled(parseConfig({ ...base, WEB_CHAT_PORT: '3001' }), false)).toBe(true);
    expect(webChatEnabled(parseConfig(base), true)).toBe(true);
    expect(webChatEnabled(parseConfig({ ...base, WEB_CHAT: 'off' }), true)).toBe(false);
    expect(parseConfig({ ...base, WEB_CHAT_PORT: '3001' }).webChat.listener).toEqual({ host: '127.0.0.1', port: 3001 });
    expect(() => parseConfig({ ...base, WEB_CHAT: 'off', WEB_CHAT_PORT: '3001' })).toThrow(/WEB_CHAT_PORT/);
    expect(() => parseConfig({ ...base, WEB_CHAT: 'maybe' })).toThrow(/WEB_CHAT/);
  });
});
