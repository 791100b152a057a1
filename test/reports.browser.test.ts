import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyring } from '../src/core/crypto/keyring.ts';
import type { Analytics, StudyTable } from '../src/http/api/contract.ts';
import { seedDemo } from '../src/storage/seed-demo.ts';
import { chromiumAvailable, launchChromium, watch } from './support/browser.ts';
import { MASTER_SECRET, startHarness, type Harness } from './support/harness.ts';
import { signUp, type StaffClient } from './support/staff-client.ts';

const available = chromiumAvailable();
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

describe.runIf(available)('reports for a researcher in real Chromium', () => {
  let h: Harness | undefined;
  let browser: Browser | undefined;
  let researcher: StaffClient;

  beforeAll(async () => {
    h = await startHarness('sqlite');
    if (!h) return;
    await seedDemo(h.netreach.db.kysely, createKeyring(MASTER_SECRET), { cases: 400, months: 6, seed: 11, until: new Date(), hours: h.config.hours });
    researcher = await signUp(h.netreach, 'researcher', { totp: false, login: 'researcher-one' });
    await researcher.request('PATCH', '/api/auth/me', { language: 'en' });
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await h?.stop();
  });

  it('shows the study table, charts with their numbers, and exports; never a case page or a message', async () => {
    if (!h || !browser) throw new Error('not started');
    const from = day(Date.now() - 365 * 86_400_000);
    const to = day(Date.now());
    const analytics = (await researcher.request('GET', `/api/reports/analytics?from=${from}&to=${to}&bucket=month`)).json as Analytics;
    const study = (await researcher.request('GET', `/api/reports/study?from=${from}&to=${to}`)).json as StudyTable;
    expect(analytics.totals.cases).toBe(400);

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const [name, value] = researcher.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: h.netreach.url }]);
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${h.netreach.url}/#/`);
    // A researcher's home is the reports page; the navigation offers no cases.
    await page.getByTestId('study-table').waitFor({ timeout: 15_000 });
    expect(await page.getByRole('navigation').getByRole('link', { name: 'Inbox' }).count()).toBe(0);
    expect(await page.getByTestId('report-totals').textContent()).toContain('400');

    // The study table shows the API's numbers, need by need.
    const injection = study.themes.flatMap((t) => t.needs).find((n) => n.code === 'injection_minor');
    const row = page.getByTestId('study-table').getByRole('row', { name: /Minor injection complications/i });
    expect(await row.textContent()).toContain(String(injection?.count));

    // Every analytics series has its table; charts are drawn as SVG.
    for (const key of Object.keys(analytics.series)) await page.getByTestId(`series-${key}`).waitFor();
    expect(await page.locator('.report-figure svg.recharts-surface').count()).toBeGreaterThanOrEqual(10);
    const channels = page.getByTestId('series-channels');
    const privateCount = analytics.series.channels?.find((r) => r.channel === 'private')?.count;
    expect(await channels.getByRole('row', { name: /Private chat/ }).textContent()).toContain(String(privateCount));

    // Column names are words, never keys such as p90Minutes (issue 15, bug 6).
    const headers = await page.locator('th').allTextContents();
    expect(headers.filter((h) => /p90|median[A-Z]|Minutes|Seconds/.test(h))).toEqual([]);
    expect(headers).toContain('90th percentile, min');
    // The month still running is marked partial in the table and left out of the line, not drawn as a cliff.
    const today = new Date(to);
    const lastOfMonth = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + 1, 0)).toISOString().slice(0, 10);
    const overTime = page.getByTestId('series-needsOverTime');
    const lastLabel = (await overTime.locator('tbody tr').last().locator('th').textContent()) ?? '';
    if (to === lastOfMonth) {
      expect(lastLabel).not.toContain('partial');
    } else {
      expect(lastLabel).toBe(`${to.slice(0, 7)} (partial)`);
      await page.getByTestId('partial-needsOverTime').waitFor();
    }
    // Percentages keep their sign on the number's line: a no-break space, and one line even on a phone.
    const shares = await page.locator('td').filter({ hasText: '%' }).allTextContents();
    expect(shares.length).toBeGreaterThan(0);
    for (const share of shares) expect(share).toMatch(/\d\u00a0%$/);
    await page.setViewportSize({ width: 360, height: 740 });
    const wrapped = await page.evaluate(`[...document.querySelectorAll('td')].filter((td) => td.textContent.includes('%')).filter((td) => { const r = document.createRange(); r.selectNodeContents(td); return new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size > 1; }).length`);
    expect(wrapped).toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });

    // A chart downloads as SVG.
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download SVG' }).first().click()]);
    const svg = readFileSync((await svgDownload.path()) ?? '', 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);

    // The anonymised dataset downloads as CSV with the codebook's codes in its one header row.
    await page.getByLabel('Format').selectOption('csv');
    await page.getByLabel(/Show counts under 5/).uncheck();
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-link').click()]);
    const csv = readFileSync((await csvDownload.path()) ?? '', 'utf8').replace(/^\uFEFF/, '');
    const [header, ...lines] = csv.trim().split(/\r\n/);
    expect(header).toContain('injection_minor');
    expect(header).toContain('overdose_guidance');
    expect(lines).toHaveLength(400);

    // Nothing of a transcript anywhere: the seeded messages' texts never reach a researcher.
    const html = await page.content();
    for (const phrase of ['Вены пропали', 'My friend is not breathing', 'Где взять налоксон']) {
      expect(html).not.toContain(phrase);
      expect(csv).not.toContain(phrase);
    }
    await page.goto(`${h.netreach.url}/#/inbox`);
    await page.getByRole('alert').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
