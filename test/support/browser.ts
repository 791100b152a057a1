/** What the browser tests share: Debian's Chromium, the built dashboard, and a watch for page errors. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ROOT = join(import.meta.dirname, '../..');

/** True when Chromium is here; under CI=true its absence is an error, not a skip. */
export function chromiumAvailable(): boolean {
  const available = existsSync(CHROMIUM);
  if (!available) {
    if (process.env.CI === 'true') throw new Error(`Chromium is required under CI=true but ${CHROMIUM} is missing`);
    console.warn(`Skipping browser tests: ${CHROMIUM} is missing (apt-get install chromium).`);
  }
  return available;
}

/** Starts Chromium headless, without network chatter. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
}

/** The newest modification time under a directory. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/**
 * Builds web/dist with Vite unless it is newer than every source of the dashboard. Run once
 * per test run (vitest's global setup), so browser test files never build side by side.
 */
export function buildDashboard(): void {
  const index = join(ROOT, 'web/dist/index.html');
  const sources = Math.max(newest(join(ROOT, 'web/src')), ...['web/index.html', 'web/vite.config.ts', 'web/precompress.ts', 'locales/en.web.ftl', 'locales/ru.web.ftl', 'src/http/api/contract.ts'].map((f) => statSync(join(ROOT, f)).mtimeMs));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  // A child process, so Vite builds for production (vitest sets NODE_ENV=test, which would bundle React's development build).
  const env = { ...process.env };
  delete env.NODE_ENV;
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build failed: ${result.stderr}`);
}

/** Collects page errors and CSP violations (a CSP violation is a bug: the page must work under it). */
export function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  return problems;
}
