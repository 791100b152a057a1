/**
 * The dashboard on a phone (360×740) and at a desk (1280×800), in Russian and English: the
 * bugs of issue 15, each checked in real Chromium, and the phone-first inbox and case.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, watch } from './support/browser.ts';
import { startHarness, type Harness } from './support/harness.ts';
import { signUp, type StaffClient } from './support/staff-client.ts';

const available = chromiumAvailable();
const PHONE = { width: 360, height: 740 };
const DESK = { width: 1280, height: 800 };

/** WCAG contrast of an element's text on its own background, from the computed style (plain JS: it runs in the page). */
const CONTRAST_SCRIPT = `window.__contrast = function (el) {
  var parse = function (c) { return (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number); };
  var lin = function (v) { var s = v / 255; return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4); };
  var lum = function (rgb) { return 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]); };
  var style = getComputedStyle(el);
  var a = lum(parse(style.color)), b = lum(parse(style.backgroundColor));
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
};
window.__placeholderFits = function (el) {
  var style = getComputedStyle(el);
  var context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  var room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return context.measureText(el.placeholder).width <= room;
};`;

/** True when an input's placeholder is drawn whole, not cut at its edge. */
async function placeholderFits(locator: Locator): Promise<boolean> {
  return locator.evaluate((el) => (globalThis as unknown as { __placeholderFits(e: unknown): boolean }).__placeholderFits(el));
}

async function contrast(locator: Locator): Promise<number> {
  return locator.evaluate((el) => (globalThis as unknown as { __contrast(e: unknown): number }).__contrast(el));
}

describe.runIf(available)('the dashboard on a phone and at a desk (issue 15)', () => {
  let h: Harness | undefined;
  let browser: Browser | undefined;
  /** An admin working in Russian (the default for an account made without a language). */
  let ru: StaffClient;
  /** An admin working in English. */
  let en: StaffClient;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    h = await startHarness('sqlite');
    if (!h) return;
    ru = await signUp(h.netreach, 'admin', { login: 'admin-ru', alias: 'Аня' });
    en = await signUp(h.netreach, 'admin', { login: 'admin-en', alias: 'Ann' });
    await en.request('PATCH', '/api/auth/me', { language: 'en' });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await h?.stop();
  });

  /** A browser signed in as `who`, at a viewport, with touch on phones. */
  async function open(who: StaffClient, viewport: { width: number; height: number }, path: string): Promise<{ page: Page; problems: string[] }> {
    if (!h || !browser) throw new Error('not started');
    const phone = viewport.width < 700;
    const context = await browser.newContext({ viewport, hasTouch: phone, isMobile: phone });
    contexts.push(context);
    const [name, value] = who.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: h.netreach.url }]);
    await context.addInitScript(CONTRAST_SCRIPT);
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${h.netreach.url}/${path}`);
    return { page, problems };
  }

  /** A new client writes; resolves to the case's id once the inbox knows it. */
  async function newCase(text: string): Promise<number> {
    if (!h) throw new Error('not started');
    const before = new Set((((await en.request('GET', '/api/cases?filter=all&limit=100')).json as { cases: Array<{ id: number }> }).cases).map((c) => c.id));
    const client = h.emulator.createUser({ firstName: 'Client', languageCode: 'ru' });
    h.emulator.userSendMessage({ userId: client.id, text });
    for (let i = 0; i < 200; i++) {
      const cases = ((await en.request('GET', '/api/cases?filter=all&limit=100')).json as { cases: Array<{ id: number }> }).cases;
      const found = cases.find((c) => !before.has(c.id));
      if (found) return found.id;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the case did not open');
  }

  it('1. a pressed toggle keeps readable contrast on hover and after a tap (filter chips, RU/EN, Sound)', async () => {
    const { page, problems } = await open(en, DESK, '#/inbox');
    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
    const chip = page.getByRole('group', { name: 'Filter' }).getByRole('button', { pressed: true });
    const language = page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'EN' });
    const sound = page.getByRole('button', { name: 'Sound alerts' });
    expect(await sound.getAttribute('aria-pressed')).toBe('true');
    for (const toggle of [chip, language, sound]) {
      expect(await toggle.getAttribute('aria-pressed')).toBe('true');
      await toggle.hover();
      expect(await contrast(toggle)).toBeGreaterThanOrEqual(4.5);
    }

    // A phone keeps :hover after a tap: the pressed language button, tapped, stays readable.
    const phone = await open(ru, PHONE, '#/inbox');
    await phone.page.getByRole('button', { name: 'Меню' }).tap();
    const pressed = phone.page.getByRole('group', { name: 'Язык' }).getByRole('button', { name: 'RU' });
    await pressed.tap();
    expect(await pressed.getAttribute('aria-pressed')).toBe('true');
    expect(await contrast(pressed)).toBeGreaterThanOrEqual(4.5);
    expect(problems).toEqual([]);
    expect(phone.problems).toEqual([]);
  });

  it('2. an account made without a language keeps the language it was set up in', async () => {
    if (!h || !browser) throw new Error('not started');
    for (const [locale, heading, lang] of [
      ['en-GB', 'Inbox', 'en'],
      ['ru-RU', 'Обращения', 'ru'],
    ] as const) {
      const link = await h.netreach.auth.invite({ login: `worker-${lang}`, role: 'worker', alias: null, specialisations: [] }, null);
      const context = await browser.newContext({ viewport: PHONE, locale });
      contexts.push(context);
      const page = await context.newPage();
      await page.goto(link.setupUrl);
      await page.getByTestId('totp-secret').waitFor({ timeout: 15_000 });
      expect(await page.evaluate('document.documentElement.lang')).toBe(lang);
      // A password too short: the field is marked and focused (issue 15, bug 11).
      await page.locator('#setup-password').fill('short');
      await page.locator('button[type=submit]').click();
      await page.locator('#setup-error').waitFor();
      expect(await page.locator('#setup-password').getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate('document.activeElement?.id')).toBe('setup-password');
      await page.locator('#setup-password').fill('four random words, long enough');
      await page.locator('#setup-repeat').fill('four random words, long enough');
      await page.locator('button[type=submit]').click();
      await page.getByRole('heading', { name: heading }).waitFor({ timeout: 15_000 });
      expect(await page.evaluate('document.documentElement.lang')).toBe(lang);
      const me = (await (await context.request.get(`${h.netreach.url}/api/auth/me`)).json()) as { account: { language: string } };
      expect(me.account.language).toBe(lang);
    }
  });

  it('3 and 11. settings accept the hint’s own example; errors are translated, per field, marked aria-invalid and focused', async () => {
    for (const [who, saved, expected, raw] of [
      [ru, 'Сохранено', 'Укажите дни и время', 'workingHours'],
      [en, 'Saved', 'Write days, then times', 'workingHours'],
    ] as const) {
      const { page, problems } = await open(who, DESK, '#/settings');
      const hours = page.locator('#settings-workingHours');
      await hours.waitFor({ timeout: 15_000 });
      // The example from the hint, with its comma, is accepted.
      const hint = (await page.locator('#settings-workingHours-hint').textContent()) ?? '';
      const example = /mon-fri 10:00-19:00, sat 12:00-16:00/.exec(hint)?.[0];
      expect(example).toBeDefined();
      await hours.fill(example ?? '');
      await page.locator('form.settings-form button[type=submit]').click();
      await page.getByRole('status').filter({ hasText: saved }).waitFor({ timeout: 10_000 });
      expect(await hours.getAttribute('aria-invalid')).toBeNull();

      // Something unreadable: a message in the UI's language that names the field, never its key.
      await hours.fill('every day, all day');
      await page.locator('form.settings-form button[type=submit]').click();
      const alert = page.locator('form.settings-form [role=alert]');
      await alert.waitFor({ timeout: 10_000 });
      const text = (await alert.textContent()) ?? '';
      expect(text).toContain(expected);
      expect(text).not.toContain(raw);
      expect(text).not.toContain('should look like');
      expect(await hours.getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate('document.activeElement?.id')).toBe('settings-workingHours');
      expect(problems).toEqual([]);
    }
  });

  it('4. the channel page without a channel says so once and offers no form', async () => {
    for (const [who, text] of [
      [ru, 'Канал не настроен'],
      [en, 'No channel is set up'],
    ] as const) {
      const { page } = await open(who, PHONE, '#/channel');
      await page.getByTestId('channel-off').getByText(text).waitFor({ timeout: 15_000 });
      expect(await page.locator('#channel-text').count()).toBe(0);
      expect(await page.getByText(text).count()).toBe(1);
      expect(await page.locator('[role=alert]').count()).toBe(0);
    }
  });

  it('5. the audit log names actions, links targets and shows the command line as the actor', async () => {
    if (!h) throw new Error('not started');
    // An invitation from the command line (no actor account).
    await h.netreach.auth.invite({ login: 'from-cli', role: 'worker', alias: null, specialisations: [] }, null);
    const { page, problems } = await open(ru, DESK, '#/audit');
    const table = page.locator('table');
    await table.waitFor({ timeout: 15_000 });
    const html = (await table.textContent()) ?? '';
    expect(html).not.toMatch(/auth\.|staff\.|case\./);
    expect(html).not.toContain('account:');
    expect(html).not.toContain('web-role');
    await page.getByTestId('audit-action').filter({ hasText: 'Пригласил(а) сотрудника' }).first().waitFor();
    const cli = page.getByRole('row').filter({ hasText: 'Пригласил(а) сотрудника' }).filter({ hasText: 'Командная строка на сервере' });
    expect(await cli.count()).toBeGreaterThan(0);
    expect(await cli.first().getByTestId('audit-target').getByRole('link').getAttribute('href')).toBe('#/staff');
    // The filter offers actions by name.
    const setup = 'Настроил(а) учётную запись';
    await page.getByLabel('Действие', { exact: true }).selectOption({ label: setup });
    await page.getByRole('button', { name: 'Применить' }).click();
    await page.getByTestId('audit-action').first().getByText(setup, { exact: true }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('audit-action').filter({ hasNotText: setup }).count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('8. the knowledge-base badge fits a 360 px screen, and the snippet identifier’s pattern works', async () => {
    if (!h) throw new Error('not started');
    const doctor = await signUp(h.netreach, 'doctor', { totp: false, login: 'doctor-kb' });
    const items = (await doctor.request('GET', '/api/kb')).json as Array<{ kind: string; id: string; lang: string; version: string }>;
    for (const item of items.slice(0, 3)) {
      const r = await doctor.request('POST', `/api/kb/${item.kind}/${item.id}/${item.lang}/verify`, { version: item.version });
      expect(r.status).toBe(200);
    }
    for (const who of [ru, en]) {
      const { page, problems } = await open(who, PHONE, '#/kb');
      await page.locator('.badge.verified').first().waitFor({ timeout: 15_000 });
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      for (const box of await page.locator('.badge').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))) expect(box).toBeLessThanOrEqual(360);
      // The pattern compiles under the v flag: a wrong identifier is caught by the browser.
      const id = page.locator('#snippet-id');
      await id.fill('not an id!');
      expect(await id.evaluate((e) => (e as unknown as { validity: { patternMismatch: boolean } }).validity.patternMismatch)).toBe(true);
      await id.fill('naloxone-where');
      expect(await id.evaluate((e) => (e as unknown as { validity: { patternMismatch: boolean } }).validity.patternMismatch)).toBe(false);
      expect(problems).toEqual([]);
    }
  });

  it('10. a closed case is not urgent; the flags keep their names and show their state by being pressed', async () => {
    const id = await newCase('my friend is not breathing, lips are blue, overdose');
    // The triage made it urgent.
    for (let i = 0; i < 100; i++) {
      const row = (await en.request('GET', `/api/cases/${id}`)).json as { case: { urgent: boolean } };
      if (row.case.urgent) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const { page, problems } = await open(en, DESK, `#/cases/${id}`);
    const urgent = page.getByTestId('flag-urgent');
    const doctor = page.getByTestId('flag-doctor');
    await urgent.waitFor({ timeout: 15_000 });
    // The case number is an identifier in the title.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(new RegExp(`· #${id}$`));
    expect(await urgent.getAttribute('aria-pressed')).toBe('true');
    expect(((await urgent.textContent()) ?? '').replace('✓', '').trim()).toBe('Urgent');
    expect(await doctor.getAttribute('aria-pressed')).toBe('false');
    await doctor.click();
    await page.locator('[data-testid="flag-doctor"][aria-pressed="true"]').waitFor({ timeout: 10_000 });
    expect(((await doctor.textContent()) ?? '').replace('✓', '').trim()).toBe('For the doctor');

    // Report, close: the closed case reads as not urgent, here and in the inbox.
    await en.request('PUT', `/api/cases/${id}/report`, {
      needs: ['overdose'],
      services: ['information'],
      referrals: [],
      phoneCall: 'not_offered',
      requestSummary: 'Asked what to do in an overdose.',
      servicesSummary: 'Guided through first aid.',
      outcome: 'resolved',
    });
    const closed = await en.request('POST', `/api/cases/${id}/close`);
    expect(closed.status).toBe(200);
    await page.reload();
    await page.getByTestId('case-status').getByText('Closed').waitFor({ timeout: 15_000 });
    expect(await urgent.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('.urgent-band').count()).toBe(0);
    const row = (await en.request('GET', `/api/cases/${id}`)).json as { case: { urgent: boolean } };
    expect(row.case.urgent).toBe(false);
    // Reopened, it comes back as an ordinary case.
    await en.request('POST', `/api/cases/${id}/reopen`);
    expect(((await en.request('GET', `/api/cases/${id}`)).json as { case: { urgent: boolean } }).case.urgent).toBe(false);
    expect(problems).toEqual([]);
  }, 60_000);

  it('11. the transcript is a live region, the menu closes with Escape, and signing out everywhere asks first', async () => {
    const id = await newCase('где взять шприцы?');
    const { page, problems } = await open(ru, PHONE, `#/cases/${id}`);
    const log = page.getByTestId('transcript-log');
    await log.waitFor({ timeout: 15_000 });
    expect(await log.getAttribute('role')).toBe('log');
    expect(await log.getAttribute('aria-live')).toBe('polite');

    const menu = page.getByRole('button', { name: 'Меню' });
    await menu.click();
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Обращения' }).waitFor();
    await page.keyboard.press('Escape');
    await nav.waitFor({ state: 'hidden' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate('document.activeElement?.className')).toContain('menu-toggle');

    // The work report: closing with fields missing marks them and focuses the first.
    await page.getByTestId('open-report').click();
    await page.getByRole('heading', { name: 'Отчёт о работе' }).waitFor();
    await page.getByTestId('case-close').click();
    await page.locator('form.work-report [role=alert]').waitFor({ timeout: 10_000 });
    // Needs came from the triage; the rest is missing, and marked.
    expect(await page.locator('#report-services').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#request-summary').getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate('document.activeElement === document.querySelector("form.work-report [aria-invalid=true]") || document.querySelector("form.work-report [aria-invalid=true]").contains(document.activeElement)')).toBe(true);
    expect(await page.evaluate('document.activeElement?.tagName')).not.toBe('BODY');
    expect(await page.locator('form.work-report [role=alert]').textContent()).not.toMatch(/requestSummary|servicesSummary|outcome/);

    await page.goto(`${h?.netreach.url ?? ''}/#/account`);
    await page.getByRole('button', { name: 'Выйти везде' }).click();
    await page.getByText('Выйти на всех устройствах, включая это?').waitFor();
    await page.getByRole('button', { name: 'Отмена' }).click();
    expect(await page.getByRole('button', { name: 'Выйти везде' }).count()).toBe(1);
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Выйти везде');
    expect((await ru.request('GET', '/api/auth/me')).status).toBe(200);
    // A refusal from the server is said in Russian, not in the server's English.
    await page.locator('#account-current').fill('not the password at all');
    await page.locator('#account-next').fill('a brand new long password');
    await page.getByRole('button', { name: 'Сменить пароль' }).click();
    const refused = page.locator('[role=alert]').filter({ hasText: 'Текущий пароль неверен' });
    await refused.waitFor({ timeout: 10_000 });
    expect(await refused.textContent()).not.toMatch(/[A-Za-z]{4,}/);
    expect(problems).toEqual([]);
  }, 60_000);

  it('the phone inbox shows at least five cases above the fold, with one filter control that counts', async () => {
    for (let i = 0; i < 5; i++) await newCase(`нужна консультация ${i}`);
    for (const [who, label] of [
      [ru, 'Фильтр'],
      [en, 'Filter'],
    ] as const) {
      const { page, problems } = await open(who, PHONE, '#/inbox');
      const rows = page.getByTestId('inbox-row');
      await rows.nth(4).waitFor({ timeout: 15_000 });
      const fifth = await rows.nth(4).boundingBox();
      expect(fifth && fifth.y + fifth.height).toBeLessThanOrEqual(PHONE.height);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
      // The chips are folded away: one control, a select, does the filtering.
      expect(await page.getByRole('group', { name: label }).isHidden()).toBe(true);
      const filter = page.getByRole('combobox', { name: label, exact: true });
      expect(await filter.isVisible()).toBe(true);
      const search = page.locator('#inbox-search');
      expect(await placeholderFits(search)).toBe(true);
      const openCount = ((await en.request('GET', '/api/inbox/counts')).json as { all: number }).all;
      expect(openCount).toBeGreaterThanOrEqual(5);
      expect(await filter.locator('option').first().textContent()).toContain(`(${openCount})`);
      expect(problems).toEqual([]);
    }
  }, 60_000);

  it('the phone case page: status and "take it" at the top, the composer on screen, the report its own step', async () => {
    const id = await newCase('подскажите, где пункт обмена');
    for (const [who, take, report] of [
      [en, 'Take it', 'Work report'],
      [ru, 'Взять себе', 'Отчёт о работе'],
    ] as const) {
      const { page, problems } = await open(who, PHONE, `#/cases/${id}`);
      await page.getByTestId('case-status').waitFor({ timeout: 15_000 });
      const within = async (locator: Locator) => {
        const box = await locator.boundingBox();
        return box !== null && box.y >= 0 && box.y + box.height <= PHONE.height;
      };
      // (Polled: the page settles its layout after the transcript and the lazy parts load.)
      await expect.poll(() => within(page.getByTestId('case-status')), { timeout: 5_000 }).toBe(true);
      const takeButton = page.getByTestId('take-case');
      if ((await takeButton.count()) > 0) {
        expect(await takeButton.textContent()).toBe(take);
        await expect.poll(() => within(takeButton), { timeout: 5_000 }).toBe(true);
      }
      // The composer is on screen without scrolling past the transcript.
      await expect.poll(() => within(page.getByTestId('reply-send')), { timeout: 5_000 }).toBe(true);
      // With the keyboard up the page is shorter (the viewport resizes to it): the composer stays in view.
      await page.locator('#reply-text').focus();
      await page.setViewportSize({ width: PHONE.width, height: 400 });
      const sendInView = async () => {
        const send = await page.getByTestId('reply-send').boundingBox();
        return send !== null && send.y >= 0 && send.y + send.height <= 400;
      };
      await expect.poll(sendInView, { timeout: 5_000 }).toBe(true);
      await page.setViewportSize(PHONE);
      await page.getByTestId('open-report').click();
      const heading = page.getByRole('heading', { name: report });
      await heading.waitFor();
      expect(await page.evaluate('document.activeElement?.id')).toBe('report-title');
      expect(await page.getByTestId('step-conversation').isHidden()).toBe(true);
      await page.getByTestId('open-conversation').click();
      await page.getByTestId('reply-send').waitFor();
      expect(problems).toEqual([]);
    }
  }, 60_000);

  it('at a desk the list stays beside the conversation, and the transcript opens at the newest message', async () => {
    if (!h) throw new Error('not started');
    const client = h.emulator.createUser({ firstName: 'Talkative', languageCode: 'en' });
    h.emulator.userSendMessage({ userId: client.id, text: 'message 1 of many' });
    let id = 0;
    for (let i = 0; i < 200 && id === 0; i++) {
      const cases = ((await en.request('GET', '/api/cases?filter=all&limit=100')).json as { cases: Array<{ id: number; lastAt: number | null }> }).cases;
      const detail = await Promise.all(cases.slice(0, 3).map(async (c) => ({ c, d: (await en.request('GET', `/api/cases/${c.id}`)).json as { messages: Array<{ text: string | null }> } })));
      id = detail.find((x) => x.d.messages.some((m) => m.text === 'message 1 of many'))?.c.id ?? 0;
      if (id === 0) await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 2; i <= 25; i++) h.emulator.userSendMessage({ userId: client.id, text: `message ${i} of many` });
    for (let i = 0; i < 200; i++) {
      const d = (await en.request('GET', `/api/cases/${id}`)).json as { messages: Array<{ text: string | null }> };
      if (d.messages.some((m) => m.text === 'message 25 of many')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const { page, problems } = await open(en, DESK, `#/cases/${id}`);
    const log = page.getByTestId('transcript-log');
    await log.getByText('message 25 of many').waitFor({ timeout: 15_000 });
    const position = await log.evaluate((el) => ({ overflow: el.scrollHeight > el.clientHeight, gap: el.scrollHeight - el.scrollTop - el.clientHeight }));
    expect(position.overflow).toBe(true);
    expect(position.gap).toBeLessThan(4);
    // The list beside it marks this case; another case opens without leaving the list.
    const list = page.locator('.case-split-list');
    expect(await list.isVisible()).toBe(true);
    expect(await list.locator('a[aria-current=page]').getAttribute('href')).toBe(`#/cases/${id}`);
    const other = list.locator(`[data-testid=inbox-row]:not([data-case-id="${id}"]) a`).first();
    const href = (await other.getAttribute('href')) ?? '';
    await other.click();
    await page.waitForURL((u) => u.hash === href);
    await page.getByTestId('case-status').waitFor();
    expect(await list.isVisible()).toBe(true);
    expect(await list.locator('a[aria-current=page]').getAttribute('href')).toBe(href);
    // The case's heading, not the list's, is the page's one h1.
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(problems).toEqual([]);
  }, 60_000);
});
