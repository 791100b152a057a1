import { Api, GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { STAFF_CHAT_SETTING } from '../core/link-staff-chat.ts';
import type { OperationsTelemetry } from '../core/metrics/ports.ts';
import { noticeUndeliverable } from '../core/undeliverable.ts';
import type { HealthState } from '../health.ts';
import { createBot } from '../telegram/create-bot.ts';
import { ALLOWED_UPDATES, createIngestion, telegramErrorName, TokenRejectedError, type Ingestion, type UpdateHandler } from '../telegram/ingestion.ts';
import { createOutboxSender, type OutboxSender } from '../telegram/outbox-sender.ts';
import { createRateLimiter } from '../telegram/rate-limiter.ts';
import { createStaffChat, type StaffChat } from '../telegram/staff-chat.ts';
import { urgentOnArrival } from '../telegram/urgent-on-arrival.ts';
import { loadCommunityDeps } from './community.ts';
import type { Organisation } from './organisation.ts';
import type { Storage } from './storage.ts';

/** The Telegram side: a real Bot API server, or the built-in emulator in training mode. */
export interface TelegramEndpoint {
  token: string;
  apiRoot: string;
  /** Training mode: the staff group the emulator created. */
  staffChatId?: number;
  /** Training mode: routes for the training page. */
  training?: Hono;
  close?(): Promise<void>;
}

/** The sending half of the Telegram side: the staff group and the outbox sender (not started). */
export interface Sending {
  readonly api: Api;
  readonly staffChat: StaffChat;
  readonly sender: OutboxSender;
}

/** Both halves, ready before the bot itself: updates are stored, messages can be queued. */
export interface Delivery extends Sending {
  /** Accepts (stores) updates from its creation; processes them once the bot starts. */
  readonly ingestion: Ingestion;
}

/** Sleeps, or rejects when `signal` aborts. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/** Builds the staff group and the outbox sender. Nothing here talks to Telegram yet. */
export async function createSending(
  config: Config,
  endpoint: TelegramEndpoint,
  storage: Storage,
  organisation: Organisation,
  options: { health: HealthState; logger: Logger; now: () => number; telemetry: OperationsTelemetry },
): Promise<Sending> {
  const { logger, now, health } = options;
  const { t, staffLanguage } = organisation;
  const api = new Api(endpoint.token, { apiRoot: endpoint.apiRoot });
  const linked = await storage.transactor.run((store) => store.getSetting(STAFF_CHAT_SETTING));
  const staffChat = createStaffChat(config.staffChatId ?? endpoint.staffChatId, linked === undefined ? undefined : Number(linked), () => {
    // Messages that waited for a staff group go now.
    logger.info('staff group linked');
    void storage.outbox
      .retryWaiting('no-staff-chat', now())
      .then(() => sender.reload())
      .catch((error: unknown) => logger.error({ err: telegramErrorName(error) }, 'could not release waiting messages'));
  });
  if (staffChat.get() === undefined) logger.warn('no staff group yet: set STAFF_CHAT_ID or run `netreach staff-chat link`');
  const sender: OutboxSender = createOutboxSender({
    store: storage.outbox,
    maxInFlightPerChat: 2,
    // A send Telegram accepted but whose acceptance was not yet recorded is sent again by
    // whoever takes over after a crash. With several instances on PostgreSQL, kill -9 must
    // repeat at most 2 messages in all, so at most 2 calls are in flight at once; one
    // process on SQLite restarts itself and keeps the wider window.
    maxInFlight: storage.db.caps.name === 'postgres' ? 2 : 16,
    // PostgreSQL's concurrent transactions commit out of id order; SQLite's single writer cannot.
    lateCommitLookback: storage.db.caps.name === 'postgres' ? 256 : 0,
    // Tell the case's topic why a reply did not reach the client.
    async onUndeliverable({ outboxId, caseId, reason }) {
      if (caseId === null) return;
      await storage.transactor.run((store) => noticeUndeliverable(store, { t, staffLanguage }, { outboxId, caseId, reason, at: now() }));
      sender.notify();
    },
    api,
    staffChat,
    // Several processes on PostgreSQL: rows queued by another (a dashboard reply) are found soon.
    ...(storage.db.caps.name === 'postgres' ? { pollIntervalMs: 1_000 } : {}),
    limiter: createRateLimiter(config.rateLimits, now),
    // Coalesced relays mark each part with the organisation's local time.
    formatTime: ((format) => (ms: number) => format.format(ms))(new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: config.hours.timezone })),
    telemetry: options.telemetry,
    health,
    logger,
    now,
  });
  return { api, staffChat, sender };
}

/**
 * Builds ingestion: it stores updates (webhook or poll) from now on and processes them once
 * the bot starts; `afterUpdate` is told after each update's transaction commits.
 */
export function createReceiving(
  sending: Sending,
  storage: Storage,
  organisation: Organisation,
  options: {
    health: HealthState;
    logger: Logger;
    now: () => number;
    telemetry: OperationsTelemetry;
    pollTimeout?: number | undefined;
    afterUpdate: () => void;
    scheduleOnAccept: boolean;
    onStored: () => void;
  },
): Delivery {
  const ingestion = createIngestion({
    api: sending.api,
    inbox: storage.inbox,
    onProcessed: options.afterUpdate,
    telemetry: options.telemetry,
    health: options.health,
    logger: options.logger,
    now: options.now,
    sleep,
    pollTimeout: options.pollTimeout,
    // SQLite has one writer: one batch at a time; PostgreSQL takes several.
    batchConcurrency: storage.db.caps.name === 'sqlite' ? 1 : 4,
    batchSize: 64,
    // Looking on arrival lets emergencies overtake a backlog.
    isUrgent: urgentOnArrival({ t: organisation.t, classify: (text) => organisation.triage.classify(text) }),
    scheduleOnAccept: options.scheduleOnAccept,
    onStored: options.onStored,
  });
  return { ...sending, ingestion };
}

/**
 * Asks Telegram who the bot is (retrying while it is unreachable) and builds the bot; returns
 * the handler ingestion processes updates with. Rejects with {@link TokenRejectedError} on a
 * wrong token.
 */
export async function startBot(
  config: Config,
  endpoint: TelegramEndpoint,
  storage: Storage,
  organisation: Organisation,
  delivery: Delivery,
  options: { health: HealthState; logger: Logger },
): Promise<UpdateHandler> {
  const { t, staffLanguage, org } = organisation;
  const botInfo = await getMeWithRetry(delivery.api, options.health, options.logger);
  options.health.botUsername = botInfo.username;
  const bot = createBot({
    token: endpoint.token,
    apiRoot: endpoint.apiRoot,
    botInfo,
    keys: storage.keys,
    t,
    staffLanguage,
    staffChat: delivery.staffChat,
    logger: options.logger,
    classify: (text, language) => organisation.triage.classify(text, language),
    emergency: organisation.emergency,
    hours: config.hours,
    selfHelp: organisation.selfHelp,
    // A getter: the organisation's contacts can change in the dashboard while the bot runs.
    get orgContacts() {
      return org.orgContacts();
    },
    ...(config.community ? { community: await loadCommunityDeps(config.community, { t, staffLanguage, botUsername: botInfo.username }) } : {}),
    ...(organisation.channel ? { channel: organisation.channel } : {}),
  });
  return (update, scope, store) => bot.handle(update, { ...scope, store });
}

/** Webhook mode: tells Telegram where to post updates (every instance accepts them). False in polling mode. */
export async function setWebhook(config: Config, delivery: Delivery, options: { training: boolean; webhookPath: string }): Promise<boolean> {
  if (config.botMode !== 'webhook' || !config.webhook || options.training) return false;
  await delivery.api.setWebhook(`${config.webhook.url.replace(/\/$/, '')}${options.webhookPath}`, { secret_token: config.webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
  return true;
}

/** Polling mode, for the process that polls: long polling until it stops (or loses its lease). */
export async function startPolling(delivery: Delivery, options: { health: HealthState; logger: Logger }): Promise<void> {
  const { api, ingestion } = delivery;
  await api.deleteWebhook({ drop_pending_updates: false });
  ingestion.poll().catch((error) => {
    options.health.botRunning = false;
    options.logger.fatal({ err: telegramErrorName(error) }, error instanceof TokenRejectedError ? 'bot token rejected by Telegram' : 'polling stopped');
  });
}

/** getMe, retried with backoff while Telegram is unreachable; a 401 means the token is wrong. */
async function getMeWithRetry(api: Api, health: HealthState, logger: Logger): Promise<UserFromGetMe> {
  for (let attempt = 0; ; attempt++) {
    try {
      const me = await api.getMe();
      health.telegram = 'ok';
      return me;
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) throw new TokenRejectedError({ cause: error });
      if (!(error instanceof HttpError) && !(error instanceof GrammyError)) throw error;
      health.telegram = 'unreachable';
      const delay = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
      logger.warn({ err: telegramErrorName(error), delay }, 'Telegram unreachable; retrying getMe');
      await sleep(delay);
    }
  }
}
