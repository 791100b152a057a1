import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';
import { chromiumAvailable, launchChromium, watch } from './support/browser.ts';

describe.runIf(chromiumAvailable())('the web chat in Chromium with JavaScript disabled', () => {
  let h: Harness | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    h = await startHarness('sqlite', { WEB_CHAT: 'on' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('goes through the whole flow: first message, codename, a worker\'s reply after Refresh, an emergency guide, a button, erasing', async () => {
    if (!h || !browser) throw new Error('not started');
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ru-RU' });
    const page = await context.newPage();
    const problems = watch(page);
    const otherOrigins: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(h?.netreach.url ?? '')) otherOrigins.push(request.url());
    });

    await page.goto(`${h.netreach.url}/chat`);
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const question = (await page.locator('label[for=answer]').textContent()) ?? '';
    const [, a = '0', b = '0'] = /(\d+) \+ (\d+)/.exec(question) ?? [];
    await page.locator('#text').fill('Is there a place to get naloxone tonight? browser-sentinel');
    await page.locator('#answer').fill(String(Number(a) + Number(b)));
    await page.getByRole('button', { name: 'Send and get my codename' }).click();
    const codename = ((await page.locator('.codename').textContent()) ?? '').trim();
    expect(codename.split(' ')).toHaveLength(7);
    await expect.poll(() => page.locator('.line.in').count()).toBe(1);

    const relayed = await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && (m.text ?? '').includes('browser-sentinel'), 5_000);
    h.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: relayed.message_thread_id, text: 'Yes: the mobile unit has naloxone until 22:00. browser-reply' });
    await h.netreach.ingestion.idle();
    await page.getByRole('link', { name: /Refresh/ }).click();
    await expect.poll(() => page.locator('.line.out').textContent()).toContain('browser-reply');

    // From another device: the codename typed in reopens the conversation.
    const other = await context.newPage();
    await other.goto(`${h.netreach.url}/chat?lang=en`);
    await other.locator('#codename').fill(codename.toUpperCase());
    await other.getByRole('button', { name: 'Open my conversation' }).click();
    expect(await other.locator('.line.out').textContent()).toContain('browser-reply');
    await other.close();

    await page.locator('#text').fill('my friend overdosed, not breathing, lips blue');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    const guide = page.locator('.line.guide').last();
    expect(await guide.textContent()).toContain('103, 112');
    const before = await page.locator('.line').count();
    await guide.locator('button').first().click();
    expect(await page.locator('.line').count()).toBeGreaterThan(before);

    await page.getByRole('link', { name: 'Erase my conversation' }).click();
    await page.getByRole('button', { name: /Yes, erase/ }).click();
    expect(await page.getByRole('status').textContent()).toMatch(/erased/);
    await page.goto(`${h.netreach.url}/chat/c/${codename.split(' ').join('-')}?lang=en`);
    expect(await page.locator('.error').textContent()).toMatch(/opens no conversation/);

    expect(await page.locator('script').count()).toBe(0);
    expect(otherOrigins).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
