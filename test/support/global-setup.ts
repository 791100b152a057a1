import { existsSync } from 'node:fs';
import { buildDashboard, CHROMIUM } from './browser.ts';

/** Once per test run: the dashboard is built before any browser test opens it. */
export default function setup(): void {
  if (existsSync(CHROMIUM)) buildDashboard();
}
