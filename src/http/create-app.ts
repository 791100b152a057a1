import { timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { AuthService } from '../core/accounts/auth-service.ts';
import { mountApi, type Handlers } from './api/router.ts';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import type { HealthState } from '../health.ts';
import type { Metrics } from './metrics.ts';
import { metricsAccess } from './middleware/metrics-access.ts';
import { CHAT_PATH } from './web-chat/routes.ts';
import { IMMUTABLE, serveBuiltFiles } from './static-assets.ts';

/** What the HTTP server needs; all optional parts are mounted only when given. */
export interface AppDeps {
  health: HealthState;
  /** Webhook mode: the secret Telegram sends and where updates go (resolves once stored). */
  webhook?: { secret: string; accept(update: unknown): Promise<unknown> };
  /** Training mode: the training page's routes, mounted at /training. */
  training?: Hono;
  /** The staff dashboard: its API at /api and the built web UI (web/dist) at /. */
  dashboard?: { auth: AuthService; handlers: Handlers; logger: Logger; webRoot: string };
  /** Prometheus metrics at /metrics: loopback only, or anyone with the bearer `token`. */
  metrics?: { render: Metrics['render']; token: string | undefined };
  /** The anonymous web chat's routes, mounted at /chat with headers of their own (see src/http/web-chat). */
  webChat?: Hono;
}

/** Path Telegram posts updates to in webhook mode. */
export const WEBHOOK_PATH = '/telegram/webhook';

function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const isChatPath = (path: string) => path === CHAT_PATH || path.startsWith(`${CHAT_PATH}/`);

/**
 * The web chat's own listener (WEB_CHAT_HOST / WEB_CHAT_PORT), for a Tor onion service: the
 * chat and nothing else (no dashboard, API, webhook, metrics or training page).
 */
export function createWebChatApp(webChat: Hono): Hono {
  const app = new Hono();
  app.get('/', (c) => c.redirect(CHAT_PATH, 302));
  app.route(CHAT_PATH, webChat);
  // Anything else is the chat's own "no such page", with the chat's headers.
  app.all('*', (c) => webChat.fetch(new Request(new URL(`${CHAT_PATH}/not-a-page`, c.req.url), { method: 'GET', headers: c.req.raw.headers })));
  return app;
}

/** Builds the Hono app: health, metrics, the webhook endpoint, the training page and the dashboard. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  const dashboardHeaders = secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:', 'blob:'],
      mediaSrc: ["'self'", 'blob:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
    },
    referrerPolicy: 'no-referrer',
  });
  // The web chat sets a stricter policy of its own (no script at all).
  app.use((c, next) => (deps.webChat && isChatPath(c.req.path) ? next() : dashboardHeaders(c, next)));
  if (deps.webChat) app.route(CHAT_PATH, deps.webChat);

  app.get('/healthz', (c) => {
    const { health } = deps;
    const ready = health.migrated && health.botRunning;
    const status = !ready ? 'starting' : health.telegram === 'unreachable' ? 'degraded' : 'ok';
    return c.json({ status, migrated: health.migrated, bot: health.botRunning ? 'running' : 'stopped', telegram: health.telegram, mode: health.mode, roles: health.roles }, ready ? 200 : 503);
  });

  if (deps.metrics) {
    const { render, token } = deps.metrics;
    app.get('/metrics', metricsAccess({ token }), async (c) => {
      const { contentType, body } = await render();
      return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
    });
  }

  if (deps.webhook) {
    const { secret, accept } = deps.webhook;
    app.post(WEBHOOK_PATH, bodyLimit({ maxSize: 1024 * 1024, onError: (c) => c.json({ ok: false }, 413) }), async (c) => {
      if (!sameSecret(c.req.header('X-Telegram-Bot-Api-Secret-Token'), secret)) return c.json({ ok: false }, 401);
      let update: unknown;
      try {
        update = await c.req.json();
      } catch {
        return c.json({ ok: false, error: 'invalid JSON' }, 400);
      }
      // 200 only once the update is stored; a storage failure answers 500 so Telegram retries.
      await accept(update);
      return c.json({ ok: true });
    });
  }

  if (deps.training) app.route('/training', deps.training);

  if (deps.dashboard) {
    mountApi(app, deps.dashboard);
    const { webRoot } = deps.dashboard;
    const index = join(webRoot, 'index.html');
    if (existsSync(index)) {
      const html = readFileSync(index, 'utf8');
      // The page names this build's hashed files: always asked for again, so a new build shows.
      app.get('/', (c) => c.html(html, 200, { 'Cache-Control': 'no-cache' }));
      app.get('/assets/:name', serveBuiltFiles(join(webRoot, 'assets'), IMMUTABLE));
      app.get('/favicon.svg', serveBuiltFiles(webRoot, 'public, max-age=86400'));
    } else {
      app.get('/', (c) => c.text('The dashboard is not built yet: run `npm run build:web` (netreach start does it on first start).', 503));
    }
  } else {
    app.get('/', (c) => c.redirect(deps.training ? '/training' : '/healthz'));
  }
  app.notFound((c) => c.json({ error: 'not found' }, 404));
  app.onError((_error, c) => c.json({ error: 'internal error' }, 500));
  return app;
}
