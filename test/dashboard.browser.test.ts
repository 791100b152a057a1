import type { Message } from 'grammy/types';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, launchChromium, watch } from './support/browser.ts';
import { CLIENT_ID, startHarness, type Harness } from './support/harness.ts';

const available = chromiumAvailable();
const PASSWORD = 'four random words, long enough';

/** The TOTP code an authenticator app would show at a moment. */
function totpAt(secret: string, at: number): string {
  return new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({ timestamp: at });
}

const buttons = (m: Message) => ((m.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');

describe.runIf(available)('staff dashboard in real Chromium', () => {
  let h: Harness | undefined;
  let browser: Browser | undefined;
  /** The admin's browser, kept signed in for the later tests. */
  let admin: BrowserContext | undefined;

  beforeAll(async () => {
    h = await startHarness('sqlite');
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await admin?.close();
    await browser?.close();
    await h?.stop();
  });

  it('the first admin enrols two-factor, signs in, sees a new case arrive live, answers it, files the work report and closes it', async () => {
    if (!h || !browser) throw new Error('not started');
    const harness = h;
    const link = await harness.netreach.auth.invite({ login: 'first-admin', role: 'admin', alias: 'Alex', specialisations: [], language: 'en' }, null);
    expect(link.setupUrl).toContain('#/setup/');

    admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await admin.newPage();
    const problems = watch(page);

    // 1. The setup link: QR code as an image, the key as text, a password and the first code.
    await page.goto(link.setupUrl);
    const secretText = page.getByTestId('totp-secret');
    await secretText.waitFor({ timeout: 15_000 });
    const secret = ((await secretText.textContent()) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await page.locator('img.qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml;utf8,/);
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByLabel('6-digit code').fill(totpAt(secret, Date.now()));
    await page.getByRole('button', { name: 'Finish and sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });

    // 2. Sign out, then sign in again. Without the code the answer is the same as for a wrong
    // password (no answer confirms a password); with it, the dashboard opens.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Netreach' }).waitFor();
    await page.getByLabel('Login').fill('first-admin');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Wrong login, password or code.').waitFor({ timeout: 10_000 });
    const code = page.getByLabel('Code from the authenticator app', { exact: false });
    // A code is accepted once; the setup used this period's, so type the next period's (within the drift window).
    await code.fill(totpAt(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('live-status').getByText('Live').waitFor({ timeout: 15_000 });
    // The navigation shows the admin's pages.
    for (const name of ['Inbox', 'Settings', 'Staff', 'Audit log']) await page.getByRole('navigation').getByRole('link', { name }).waitFor();

    // 3. A client writes to the bot; the case appears without reloading the page.
    await page.evaluate('window.__sameDocument = true');
    const clientText = 'need clean needles <b>bold</b> <img src=x onerror="window.__xss=1"> please';
    harness.emulator.userSendMessage({ userId: CLIENT_ID, text: clientText });
    const row = page.getByTestId('inbox-row').first();
    await row.waitFor({ timeout: 15_000 });
    const clientCode = ((await row.locator('.client-code').textContent()) ?? '').trim();
    expect(clientCode).toMatch(/^K-[A-Z0-9]{4}$/);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    await row.getByText('Client wrote').waitFor();

    // 4. The case: the message shows literally (never as HTML), the reply goes to the client.
    await row.getByRole('link').click();
    const transcript = page.getByTestId('transcript');
    await transcript.getByText(clientText, { exact: true }).waitFor({ timeout: 10_000 });
    expect(await transcript.locator('b, img').count()).toBe(0);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    // What the bot itself answered (the acknowledgement) is there too, marked as the bot's and styled apart.
    const ack = await harness.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.from?.is_bot === true, 10_000);
    const botMessage = transcript.getByTestId('message-bot').filter({ hasText: ack.text ?? '' });
    await botMessage.waitFor({ timeout: 10_000 });
    expect(await botMessage.locator('.who').textContent()).toBe('Bot (automatic)');
    const styles = async (testId: string) =>
      transcript
        .getByTestId(testId)
        .first()
        .evaluate((el) => {
          const style = el.ownerDocument.defaultView?.getComputedStyle(el);
          return `${style?.backgroundColor ?? ''} ${style?.borderStyle ?? ''}`;
        });
    expect(await styles('message-bot')).not.toBe(await styles('message-in'));
    const replyText = 'Hello! Our mobile unit hands out needles on Thursdays from 12:00.';
    await page.getByLabel('Reply to the client').fill(replyText);
    await page.getByTestId('reply-send').click();
    await transcript.getByText(replyText).waitFor({ timeout: 10_000 });
    const delivered = await harness.emulator.waitFor((m) => m.chat.id === CLIENT_ID && (m.text ?? '').includes(replyText), 10_000);
    expect(delivered.text).toContain('Alex');

    // 5. Closing without a report is refused with the missing fields named (the report is its own step).
    await page.getByTestId('open-report').click();
    await page.getByTestId('case-close').click();
    await page.getByRole('alert').filter({ hasText: 'work report' }).waitFor({ timeout: 10_000 });

    // 6. The work report, then close.
    const report = page.locator('form.work-report');
    await report.getByLabel('Harm-reduction services').check();
    await report.getByLabel('Information', { exact: true }).check();
    await report.getByLabel('Invited to the mobile unit').check();
    await report.getByLabel('Offered and declined').check();
    await report.getByLabel('What the client asked for').fill('Asked where to get sterile injecting equipment.');
    await report.getByLabel('What was done').fill('Gave the mobile unit schedule and invited them.');
    await report.getByLabel('Outcome').selectOption('resolved');
    await page.getByTestId('case-close').click();
    await page.getByTestId('case-status').getByText('Closed').waitFor({ timeout: 10_000 });

    // 7. The client got the reply and now the feedback prompt.
    const feedback = await harness.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttons(m).some((d) => d.startsWith('fb:')), 10_000);
    expect(buttons(feedback)).toHaveLength(3);

    // 8. The closed case left the open inbox, and shows under "Closed".
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await page.getByRole('button', { name: /^Closed \(\d+\)$/ }).click();
    await page.getByTestId('inbox-row').filter({ hasText: clientCode }).waitFor({ timeout: 10_000 });

    expect(problems).toEqual([]);
    await page.close();
  });

  it('pins an urgent case with the URGENT band and announces it', async () => {
    if (!h || !browser) throw new Error('not started');
    const harness = h;
    if (!admin) throw new Error('the admin did not sign in');
    // Same browser, same session cookie: a new tab opens signed in.
    const page = await admin.newPage();
    const problems = watch(page);
    // Counts the alarm's oscillator beeps (the sound itself cannot be heard here).
    await page.addInitScript('(() => { const start = OscillatorNode.prototype.start; window.__beeps = 0; OscillatorNode.prototype.start = function (...args) { window.__beeps += 1; return start.apply(this, args); }; })()');
    await page.goto(`${harness.netreach.url}/#/inbox`);
    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('live-status').getByText('Live').waitFor({ timeout: 15_000 });
    harness.emulator.userSendMessage({ userId: CLIENT_ID, text: 'my friend is not breathing, lips are blue, overdose' });
    const urgent = page.locator('[data-testid="inbox-row"].urgent').first();
    // Generous: CI runs every test file at once on two cores.
    await urgent.waitFor({ timeout: 30_000 });
    await urgent.getByText('URGENT').waitFor();
    expect(await page.getByTestId('inbox-row').first().evaluate((el) => el.classList.contains('urgent'))).toBe(true);
    await page.getByTestId('live-region').getByText('needs attention').waitFor({ timeout: 5_000 });
    expect(await page.evaluate('window.__beeps')).toBeGreaterThan(0);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('a doctor (no two-factor required) sees only case pages and verifies a knowledge-base article', async () => {
    if (!h || !browser) throw new Error('not started');
    const link = await h.netreach.auth.invite({ login: 'doctor-one', role: 'doctor', alias: 'Dr K', specialisations: [], language: 'en' }, null);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(link.setupUrl);
    await page.getByTestId('totp-secret').waitFor({ timeout: 15_000 });
    await page.getByLabel('New password').fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Finish and sign in' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor({ timeout: 15_000 });
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Knowledge base' }).waitFor();
    expect(await nav.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    await nav.getByRole('link', { name: 'Knowledge base' }).click();
    await page.getByRole('heading', { name: 'Self-help articles' }).waitFor({ timeout: 10_000 });
    await page.locator('.kb-list a').first().click();
    await page.getByRole('heading', { name: 'History' }).waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'Verify this version' }).click();
    await page.locator('.badge.verified').waitFor({ timeout: 10_000 });
    expect(await page.locator('table').getByText('verified').count()).toBeGreaterThan(0);

    // The channel page says plainly when no channel is set up.
    await nav.getByRole('link', { name: 'Channel' }).click();
    await page.getByText('No channel is set up').waitFor({ timeout: 10_000 });

    // Their own account: a new alias, then signing out everywhere ends this and any other session.
    const other = await browser.newContext();
    await other.addCookies(await context.cookies());
    await page.getByTestId('signed-in-as').click();
    await page.getByLabel('Alias', { exact: true }).fill('Dr Kim');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Alias saved.').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('signed-in-as').textContent()).toContain('Dr Kim');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
    await page.getByLabel('Login').waitFor({ timeout: 10_000 });
    const elsewhere = await other.request.get(`${h.netreach.url}/api/auth/me`);
    expect(elsewhere.status()).toBe(401);
    await other.close();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is usable on a 360 px wide phone screen', async () => {
    if (!h || !browser || !admin) throw new Error('not started');
    const signedOut = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await signedOut.goto(`${h.netreach.url}/#/login`);
    await signedOut.getByLabel('Login').waitFor({ timeout: 10_000 });
    expect(await signedOut.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await signedOut.close();

    const page = await admin.newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${h.netreach.url}/#/inbox`);
    const row = page.getByTestId('inbox-row').first();
    await row.waitFor({ timeout: 10_000 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    // The menu folds away on a phone and opens with its button.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation').getByRole('link', { name: 'Knowledge base' }).waitFor();
    await row.getByRole('link').click();
    await page.getByTestId('transcript').waitFor({ timeout: 10_000 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await page.close();
  });
});
