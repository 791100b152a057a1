import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createAuthService, type AuthService } from '../core/accounts/auth-service.ts';
import type { HealthState } from '../health.ts';
import { createHandlers } from '../http/api/handlers/index.ts';
import type { CaseFeed } from '../http/case-feed.ts';
import { createApp, createWebChatApp } from '../http/create-app.ts';
import { webChatRoutes } from '../http/web-chat/routes.ts';
import type { WebChatDeps } from '../core/web-chat/web-chat.ts';
import type { Metrics } from '../http/metrics.ts';
import type { Delivery, TelegramEndpoint } from './telegram.ts';
import type { Organisation } from './organisation.ts';
import type { Storage } from './storage.ts';

/** The HTTP side, listening: health, the webhook, the dashboard's API and UI, the training page. */
export interface Http {
  readonly url: string;
  /** Address of the web chat's own listener (WEB_CHAT_HOST / WEB_CHAT_PORT), when it has one. */
  readonly webChatUrl: string | undefined;
  readonly auth: AuthService;
  close(): Promise<void>;
}

const WEB_ROOT = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Builds the dashboard's API over the stores and use-cases, and listens. */
export async function startHttp(
  config: Config,
  parts: { storage: Storage; organisation: Organisation; delivery: Delivery; endpoint: TelegramEndpoint; feed: CaseFeed; health: HealthState; training: boolean; metrics: Metrics; webChat?: WebChatDeps | undefined },
  options: { logger: Logger; now: () => number; webhookSecret: string | undefined; onListening?: ((url: string) => void) | undefined; onQueued?: () => void },
): Promise<Http> {
  const { storage, organisation, delivery, endpoint, feed, health } = parts;
  const { logger, now } = options;
  const { t, staffLanguage, org, rota, mobile } = organisation;
  const { accounts } = storage;
  // The server answers with the app built below; it listens only once that exists. The Node
  // bindings go along: /metrics and sign-in throttling ask the socket who is calling.
  const server: ServerType = createAdaptorServer({ fetch: (request: Request, env: unknown) => app.fetch(request, env) });
  const listeningUrl = () => {
    const address = server.address() as AddressInfo | string | null;
    return address !== null && typeof address === 'object' ? `http://${config.host}:${address.port}` : undefined;
  };
  // Setup links name the public address, or the one this server listens on.
  const auth = createAuthService({ accounts, now, publicUrl: () => config.publicUrl ?? listeningUrl() ?? `http://${config.host}:${config.port}` });
  // A reply or a post was queued: this process's sender, and (through the database) the lease holder's.
  const notify = () => {
    delivery.sender.notify();
    options.onQueued?.();
  };
  const handlers = createHandlers({
    version: '0.1.0',
    auth: { auth, accounts, secureCookies: (config.publicUrl ?? '').startsWith('https://'), trustProxy: config.trustProxy, now },
    cases: {
      transactor: storage.transactor,
      cases: storage.caseWork,
      accounts,
      feed,
      t,
      staffLanguage,
      orgContacts: () => org.orgContacts(),
      fetchFile: async (fileId) => {
        const file = await delivery.api.getFile(fileId);
        if (!file.file_path) return new Response(null, { status: 404 });
        return fetch(`${endpoint.apiRoot}/file/bot${endpoint.token}/${file.file_path}`);
      },
      notify,
      now,
    },
    channel: { transactor: storage.transactor, channel: organisation.channel, t, notify, now },
    staff: { auth, accounts, now, onChange: () => void rota.refresh().catch(() => undefined) },
    content: {
      now,
      t,
      guides: organisation.guides,
      articles: organisation.articles,
      verifications: storage.verifications,
      snippets: storage.snippets,
      mobileUnits: storage.mobileUnits,
      schedule: mobile,
      accounts,
      timezone: () => org.current.timezone,
    },
    reports: { reports: organisation.reports },
    settings: {
      now,
      org,
      store: storage.orgSettings,
      rota,
      accounts,
      status: () => ({
        staffGroupLinked: delivery.staffChat.get() !== undefined,
        bot: { username: health.botUsername, running: health.botRunning, telegram: health.telegram, mode: health.mode },
      }),
    },
  });
  const webChat = parts.webChat
    ? webChatRoutes({
        transactor: storage.transactor,
        chat: parts.webChat,
        t,
        now,
        ambulance: () => org.numbers.ambulance,
        retentionDays: () => org.current.retentionDays,
        // Like a processed update: the sender sends the topic and the relay, the dashboard hears of the case.
        onChange: () => {
          notify();
          feed.poke();
        },
      })
    : undefined;
  const app: Hono = createApp({
    health,
    ...(webChat ? { webChat } : {}),
    training: endpoint.training,
    metrics: { render: () => parts.metrics.render(), token: config.metricsToken },
    dashboard: { auth, handlers, logger, webRoot: WEB_ROOT },
    // Updates are stored (then answered 200) from the start; the bot processes them once it runs.
    webhook: options.webhookSecret === undefined ? undefined : { secret: options.webhookSecret, accept: (update) => delivery.ingestion.accept([update]) },
  });
  const url = await new Promise<string>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve(listeningUrl() ?? `http://${config.host}:${config.port}`));
  }).catch(async (error: unknown) => {
    await closeServer(server);
    throw error;
  });
  // The onion's listener: the chat alone, so an onion service pointed at it reaches nothing else.
  const chatServer: ServerType | undefined = webChat && config.webChat.listener ? createAdaptorServer({ fetch: createWebChatApp(webChat).fetch }) : undefined;
  let webChatUrl: string | undefined;
  if (chatServer && config.webChat.listener) {
    const { host, port } = config.webChat.listener;
    webChatUrl = await new Promise<string>((resolve, reject) => {
      chatServer.once('error', reject);
      chatServer.listen(port, host, () => {
        const address = chatServer.address() as AddressInfo | string | null;
        resolve(`http://${host}:${address !== null && typeof address === 'object' ? address.port : port}`);
      });
    }).catch(async (error: unknown) => {
      await closeServer(chatServer);
      await closeServer(server);
      throw error;
    });
  }
  options.onListening?.(url);
  return {
    url,
    webChatUrl,
    auth,
    close: async () => {
      await closeServer(chatServer);
      await closeServer(server);
    },
  };
}

async function closeServer(server: ServerType | undefined): Promise<void> {
  if (!server) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  });
}
