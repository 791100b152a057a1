import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Where the built dashboard lives. */
export const WEB_DIST = fileURLToPath(new URL('../web/dist/', import.meta.url));

/**
 * Builds the dashboard (web/ with Vite) if it has not been built, so `npm ci && npm start`
 * serves it on a fresh machine. Returns false when it cannot be built here (Vite is a
 * development dependency: an install without dev dependencies must run `npm run build`).
 */
export async function ensureWebBuilt(log: (line: string) => void = () => undefined): Promise<boolean> {
  if (existsSync(`${WEB_DIST}index.html`)) return true;
  const configFile = `${ROOT}web/vite.config.ts`;
  if (!existsSync(configFile)) return false;
  const vite = await import('vite').catch(() => undefined);
  if (!vite) {
    log('The dashboard is not built and Vite is not installed: run `npm run build:web`.');
    return false;
  }
  log('Building the dashboard (first start only)…');
  await vite.build({ configFile, logLevel: 'warn' });
  return existsSync(`${WEB_DIST}index.html`);
}
