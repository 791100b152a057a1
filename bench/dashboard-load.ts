/**
 * `tsx bench/dashboard-load.ts` (part of `npm run bench`): the dashboard over a slow link.
 * Chromium (playwright-core) with the DevTools protocol's network emulation at 1.6 Mbps down,
 * 750 kbps up and 150 ms latency loads the built dashboard from Netreach on a seeded SQLite
 * database, each run in a fresh browser context (an empty cache):
 *
 * - cold page → sign-in form visible (goal ≤ 2.5 s);
 * - signed in, cold page → inbox visible with its cases (goal ≤ 2 s);
 * - the same again in the same context (hashed files come from the cache: `immutable`);
 * - form submitted → inbox visible (the inbox's code came with the sign-in page).
 *
 * Baseline in the same run: the same loads with the browser asking for no compression
 * (`Accept-Encoding: identity`), so the ratio shows what precompression buys on the link.
 * Writes bench/results/dashboard-load.json.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildDashboard, CHROMIUM, launchChromium } from '../test/support/browser.ts';
import { percentile, startSeeded } from './support.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LINK = { latency: 150, downloadThroughput: (1.6e6 / 8) | 0, uploadThroughput: (750e3 / 8) | 0 };
const GOALS = { signInFormMs: 2500, inboxMs: 2000 };
const LOGIN = 'bench-worker';
const PASSWORD = 'bench password long enough';

/** A page on the throttled link; `identity` makes it ask for uncompressed files. */
async function throttledPage(context: BrowserContext, identity: boolean): Promise<Page> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, ...LINK });
  if (identity) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
  return page;
}

/** Milliseconds from asking for `url` to `ready` resolving. */
async function timeLoad(page: Page, url: string, ready: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await ready();
  return performance.now() - started;
}

const inboxVisible = (page: Page) => page.getByTestId('inbox-row').first().waitFor({ state: 'visible', timeout: 60_000 });
const formVisible = (page: Page) => page.getByLabel('Password').waitFor({ state: 'visible', timeout: 60_000 });

interface LoadRun {
  signInFormMs: number;
  submitToInboxMs: number;
  inboxColdMs: number;
  inboxCachedMs: number;
}

async function oneRun(browser: Browser, url: string, identity: boolean): Promise<LoadRun> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
  try {
    const page = await throttledPage(context, identity);
    const signInFormMs = await timeLoad(page, `${url}/#/login`, () => formVisible(page));
    await page.getByLabel('Login').fill(LOGIN);
    await page.getByLabel('Password').fill(PASSWORD);
    const submitted = performance.now();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await inboxVisible(page);
    const submitToInboxMs = performance.now() - submitted;
    await page.close();
    // Signed in (the cookie stays), in a context with an empty cache: a morning's first open.
    const session = await context.storageState();
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', storageState: session });
    try {
      const cold = await throttledPage(fresh, identity);
      const inboxColdMs = await timeLoad(cold, `${url}/#/inbox`, () => inboxVisible(cold));
      await cold.close();
      const cached = await throttledPage(fresh, identity);
      const inboxCachedMs = await timeLoad(cached, `${url}/#/inbox`, () => inboxVisible(cached));
      return { signInFormMs, submitToInboxMs, inboxColdMs, inboxCachedMs };
    } finally {
      await fresh.close();
    }
  } finally {
    await context.close();
  }
}

function summary(runs: LoadRun[]) {
  const of = (key: keyof LoadRun) => {
    const sorted = runs.map((r) => r[key]).sort((a, b) => a - b);
    return { p50: Math.round(percentile(sorted, 50)), max: Math.round(sorted.at(-1) ?? 0) };
  };
  return { signInFormMs: of('signInFormMs'), inboxColdMs: of('inboxColdMs'), inboxCachedMs: of('inboxCachedMs'), submitToInboxMs: of('submitToInboxMs') };
}

/** What the first page downloads, by the sizes on disk (entry script, styles), per coding. */
function firstLoadBytes(): { identity: number; br: number; gzip: number } {
  const assets = join(import.meta.dirname, '../web/dist/assets');
  const first = readdirSync(assets).filter((f) => /^index-[\w-]+\.(js|css)$/.test(f));
  const size = (f: string) => {
    try {
      return statSync(join(assets, f)).size;
    } catch {
      return 0;
    }
  };
  return { identity: first.reduce((s, f) => s + size(f), 0), br: first.reduce((s, f) => s + size(`${f}.br`), 0), gzip: first.reduce((s, f) => s + size(`${f}.gz`), 0) };
}

buildDashboard();
process.stdout.write(`Dashboard load on 1.6 Mbps / ${LINK.latency} ms (Chromium ${CHROMIUM}), ${RUNS} runs each\n`);
// The page load does not depend on the database: SQLite only.
const dir = mkdtempSync(join(tmpdir(), 'netreach-dashboard-load-'));
const result = await (async () => {
  const app = await startSeeded(`sqlite:${join(dir, 'load.db')}`, dir, 'worker', { cases: 300, months: 1, seed: 7, until: new Date(), messagesPerCase: 2 });
  const browser = await launchChromium();
  try {
    const url = app.netreach.url;
    // One unthrottled pass first, so the server's file cache and the database are warm.
    await oneRun(browser, url, false);
    const compressed: LoadRun[] = [];
    const identity: LoadRun[] = [];
    for (let i = 0; i < RUNS; i++) {
      compressed.push(await oneRun(browser, url, false));
      identity.push(await oneRun(browser, url, true));
    }
    return { compressed: summary(compressed), identity: summary(identity) };
  } finally {
    await browser.close();
    await app.stop();
  }
})().finally(() => rmSync(dir, { recursive: true, force: true }));
const c = result.compressed;
const u = result.identity;
const ratio = (a: number, b: number) => Number((a / b).toFixed(2));
const report = {
  at: new Date().toISOString(),
  link: { downMbps: 1.6, upKbps: 750, latencyMs: LINK.latency },
  runs: RUNS,
  goals: GOALS,
  firstLoadBytes: firstLoadBytes(),
  compressed: c,
  baselineUncompressed: u,
  ratios: { signInFormVsUncompressed: ratio(c.signInFormMs.p50, u.signInFormMs.p50), inboxColdVsUncompressed: ratio(c.inboxColdMs.p50, u.inboxColdMs.p50), inboxCachedVsCold: ratio(c.inboxCachedMs.p50, c.inboxColdMs.p50) },
  meetsGoals: { signInForm: c.signInFormMs.p50 <= GOALS.signInFormMs, inbox: c.inboxColdMs.p50 <= GOALS.inboxMs },
};
const line = (label: string, x: { p50: number; max: number }, base: { p50: number }, goal?: number) =>
  process.stdout.write(`  ${label.padEnd(42)} p50 ${String(x.p50).padStart(5)} ms  max ${String(x.max).padStart(5)} ms  (${ratio(x.p50, base.p50)}× uncompressed ${base.p50} ms)${goal === undefined ? '' : x.p50 <= goal ? '  ok' : `  OVER ${goal} ms`}\n`);
line('cold page → sign-in form visible', c.signInFormMs, u.signInFormMs, GOALS.signInFormMs);
line('signed in, cold page → inbox visible', c.inboxColdMs, u.inboxColdMs, GOALS.inboxMs);
line('signed in, cached page → inbox visible', c.inboxCachedMs, u.inboxCachedMs);
line('sign-in submitted → inbox visible', c.submitToInboxMs, u.submitToInboxMs);
const b = report.firstLoadBytes;
process.stdout.write(`  first page's script and styles: ${(b.br / 1024).toFixed(0)} KB brotli, ${(b.gzip / 1024).toFixed(0)} KB gzip, ${(b.identity / 1024).toFixed(0)} KB as they are\n`);
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/dashboard-load.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
