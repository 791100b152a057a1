import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '..');
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env.CI === 'true') throw new Error(`Chromium is required under CI=true but ${CHROMIUM} is missing`);
  console.warn(`Skipping browser tests: ${CHROMIUM} is missing (apt-get install chromium).`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe.runIf(available)('training mode in real Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-training-'));
  let child: ChildProcess | undefined;
  let browser: Browser | undefined;
  let url = '';
  let output = '';

  beforeAll(async () => {
    const port = await freePort();
    // Exactly the README's `npm start`, from the repository, with its files kept in a temporary directory.
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      WORKING_HOURS: 'mon-sun 00:00-24:00',
      DATABASE_URL: `sqlite:${join(dir, 'netreach.db')}`,
      NETREACH_KEY_FILE: join(dir, 'netreach.key'),
    };
    delete env.BOT_TOKEN;
    delete env.NETREACH_SECRET;
    const npm = process.env.npm_execpath;
    child = npm
      ? spawn(process.execPath, [npm, 'start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
      : spawn('npm', ['start'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
      if (ok) break;
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`netreach did not start: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    // npm runs Netreach as its child: stop the whole process group.
    if (child?.pid !== undefined && child.exitCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints the training address on start', () => {
    expect(output).toContain('/training');
  });

  it('a client message typed on the page shows up in the staff topic, and the worker reply reaches the client pane', async () => {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${url}/training`);
    await page.getByTestId('client-input').fill('привет, вены пропали, что делать');
    await page.getByTestId('client-send').click();
    // The bot acknowledges in the client's chat and opens a topic in the staff group.
    await page.getByTestId('client-messages').getByText('Спасибо', { exact: false }).waitFor({ timeout: 10_000 });
    const topic = page.getByTestId('staff-topic').filter({ hasText: 'K-' }).first();
    await topic.waitFor({ timeout: 10_000 });
    await topic.click();
    await page.getByTestId('staff-messages').getByText('привет, вены пропали, что делать').waitFor({ timeout: 10_000 });
    await page.getByTestId('staff-input').fill('Здравствуйте! Приходите к автобусу, покажем врачу.');
    await page.getByTestId('staff-send').click();
    await page.getByTestId('client-messages').getByText('Приходите к автобусу', { exact: false }).waitFor({ timeout: 10_000 });
    // The topic is named by the client code, never the training client's Telegram name.
    expect(await topic.textContent()).not.toContain('Training client');
    await page.screenshot({ path: join(dir, 'training.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the web chat beside the Telegram panes, and its cases land in the same staff group', async () => {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage();
    await page.goto(`${url}/training?lang=en`);
    const href = await page.getByTestId('web-chat-link').getAttribute('href');
    expect(href).toMatch(/^\/chat\?lang=en$/);
    const topics = page.getByTestId('staff-topic');
    await topics.first().waitFor();
    const before = await topics.allTextContents();
    const chat = await browser.newPage({ javaScriptEnabled: false });
    await chat.goto(`${url}${href ?? ''}`);
    const [, a = '0', b = '0'] = /(\d+) \+ (\d+)/.exec((await chat.locator('label[for=answer]').textContent()) ?? '') ?? [];
    await chat.locator('#text').fill('training web chat question');
    await chat.locator('#answer').fill(String(Number(a) + Number(b)));
    await chat.locator('button[type=submit]').first().click();
    await chat.locator('.codename').waitFor();
    await expect.poll(() => topics.count(), { timeout: 10_000 }).toBeGreaterThan(before.length);
    const names = await topics.allTextContents();
    await topics.nth(names.findIndex((name) => !before.includes(name))).click();
    await page.getByTestId('staff-messages').getByText('training web chat question').waitFor({ timeout: 10_000 });
    await chat.close();
    await page.close();
  });

  it('is usable on a 360 px wide phone screen', async () => {
    if (!browser) throw new Error('no browser');
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${url}/training`);
    await page.getByTestId('client-input').waitFor();
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(360);
    await page.close();
  });

  it('on a phone: no left/right wording for stacked panes, placeholders drawn whole, and the client pane follows new messages', async () => {
    if (!browser) throw new Error('no browser');
    for (const lang of ['en', 'ru']) {
      const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
      await page.goto(`${url}/training?lang=${lang}`);
      await page.getByTestId('client-input').waitFor();
      const intro = (await page.locator('.banner').textContent()) ?? '';
      expect(intro).not.toMatch(/left|right|слева|справа/i);
      // Each placeholder fits its input (measured with the input's own font).
      const cut = await page.evaluate(
        `['client-input', 'staff-input'].filter((id) => { const el = document.querySelector('[data-testid="' + id + '"]'); const s = getComputedStyle(el); const c = document.createElement('canvas').getContext('2d'); c.font = s.font; return c.measureText(el.placeholder).width > el.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); })`,
      );
      expect(cut).toEqual([]);
      await page.close();
    }
    // Enough messages to overflow the pane: the newest stays in view.
    const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await page.goto(`${url}/training`);
    const list = page.getByTestId('client-messages');
    await page.getByTestId('client-input').waitFor();
    for (let i = 1; i <= 12; i++) {
      await page.getByTestId('client-input').fill(`сообщение номер ${i}`);
      await page.getByTestId('client-send').click();
      await list.getByText(`сообщение номер ${i}`, { exact: true }).waitFor({ timeout: 10_000 });
    }
    const atEnd = `(() => { const l = document.querySelector('[data-testid="client-messages"]'); return l.scrollHeight > l.clientHeight && l.scrollHeight - l.scrollTop - l.clientHeight < 4; })()`;
    await page.waitForFunction(atEnd, undefined, { timeout: 10_000 });
    // Scrolled up to reread, the client writes again: what they sent comes into view.
    await page.evaluate(`document.querySelector('[data-testid="client-messages"]').scrollTop = 0`);
    await page.getByTestId('client-input').fill('и ещё вопрос');
    await page.getByTestId('client-send').click();
    await list.getByText('и ещё вопрос', { exact: true }).waitFor({ timeout: 10_000 });
    await page.waitForFunction(atEnd, undefined, { timeout: 10_000 });
    await page.close();
  }, 60_000);
});
