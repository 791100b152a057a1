import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { AuthService } from '../core/accounts/auth-service.ts';
import type { Language } from '../core/types.ts';
import { createHealth, type HealthState } from '../health.ts';
import { createCaseFeed } from '../http/case-feed.ts';
import { WEBHOOK_PATH } from '../http/create-app.ts';
import { createMetrics } from '../http/metrics.ts';
import { createTranslator } from '../i18n.ts';
import { createPassLoop } from '../jobs/pass-loop.ts';
import { errorName } from '../logger.ts';
import type { Db } from '../storage/create-db.ts';
import type { Ingestion } from '../telegram/ingestion.ts';
import type { OutboxSender } from '../telegram/outbox-sender.ts';
import { createClosers } from './closers.ts';
import { DEFAULT_WEB_CHAT_LIMITS, type WebChatDeps } from '../core/web-chat/web-chat.ts';
import type { Organisation } from './organisation.ts';
import type { Storage } from './storage.ts';
import { startHttp } from './http.ts';
import { createJobs } from './jobs.ts';
import { holdLease } from './ownership.ts';
import { loadOrganisation } from './organisation.ts';
import { openStorage } from './storage.ts';
import { createReceiving, createSending, setWebhook, startBot, startPolling, type TelegramEndpoint } from './telegram.ts';

export type { TelegramEndpoint } from './telegram.ts';

/** How long the lease lasts without renewal: a standby takes over within this (plus a renewal period) of a death. */
const LEASE_TTL_MS = 6_000;
const LEASE_RENEW_MS = 2_000;
/** How often the lease holder looks for updates another process stored, besides being told (PostgreSQL only). */
const PICK_UP_MS = 1_000;

/** A running Netreach process. */
export interface Netreach {
  readonly health: HealthState;
  readonly db: Db;
  readonly ingestion: Ingestion;
  readonly sender: OutboxSender;
  /** Address of the HTTP server. */
  readonly url: string;
  /** Address of the web chat's own listener, when WEB_CHAT_HOST / WEB_CHAT_PORT give it one. */
  readonly webChatUrl: string | undefined;
  /** Staff accounts and sessions (the CLI and tests invite staff through it). */
  readonly auth: AuthService;
  /** Training mode: the one-time setup link of the training admin (the database is new at every start). */
  readonly trainingSetupUrl?: string;
  stop(): Promise<void>;
}

/** Options for {@link startNetreach}. */
export interface StartOptions {
  logger: Logger;
  /** Provides the Bot API endpoint when there is no BOT_TOKEN (training mode). */
  trainingEndpoint?: () => Promise<TelegramEndpoint>;
  now?: () => number;
  staffLanguage?: Language;
  /** Seconds of a getUpdates long poll (tests use short ones). */
  pollTimeout?: number;
  /** How often doctors' verifications are re-read (tests use short ones). */
  verificationRefreshMs?: number;
  /** How often to check for the start of the working day (tests use short ones). */
  digestEveryMs?: number;
  /** How long an emergency alert waits for a human before repeating (tests use short ones). */
  alertRepeatMs?: number;
  /** Delay of the first housekeeping run after the jobs start (tests use short ones). */
  housekeepingAfterMs?: number;
  /** Called once HTTP listens, before the bot is reachable (prints the address). */
  onListening?(url: string): void;
}

/**
 * Starts everything in one process, in order: storage (migrated), what the organisation
 * shares (settings, rota, content, triage, reports), the delivery side (outbox sender and
 * ingestion, which stores updates from then on), HTTP (health, webhook, dashboard, training
 * page), the bot once Telegram answers, the jobs, and finally the flow of updates.
 * Rejects with TokenRejectedError if Telegram refuses the token.
 */
export async function startNetreach(config: Config, options: StartOptions): Promise<Netreach> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const t = createTranslator();
  const training = config.botToken === undefined;
  const health = createHealth(training ? 'training' : config.botMode);
  const staffLanguage = options.staffLanguage ?? config.staffLanguage;
  const closers = createClosers();
  const storage = await openStorage(config, { logger, training });
  closers.add(() => storage.close());
  try {
    health.migrated = true;
    const endpoint = await telegramEndpoint(config, options);
    if (endpoint.close) closers.add(endpoint.close);
    const organisation = await loadOrganisation(config, storage, {
      t,
      staffLanguage,
      logger,
      now,
      closers,
      ...(options.verificationRefreshMs === undefined ? {} : { refreshMs: options.verificationRefreshMs }),
      ...(options.alertRepeatMs === undefined ? {} : { alertRepeatMs: options.alertRepeatMs }),
    });
    // Counters live in this process; gauges are read from the database at each scrape.
    const metrics = createMetrics({ store: storage.operations, logger, now });
    const { telemetry } = metrics;
    const feed = createCaseFeed({ cases: storage.caseWork, now, logger });
    closers.add(() => feed.stop());
    const sending = await createSending(config, endpoint, storage, organisation, { health, logger, now, telemetry });
    const { sender } = sending;
    const jobs = createJobs(config, storage, organisation, { logger, now, telemetry, onQueued: () => sender.notify(), digestEveryMs: options.digestEveryMs, housekeepingAfterMs: options.housekeepingAfterMs });
    // On PostgreSQL several processes may share the database: updates are stored by whichever
    // receives them and taken up, in update_id order, by the one that holds the lease.
    const { wakeups } = storage.db;
    const shared = wakeups !== undefined;
    const pickUp = createPassLoop(
      async () => {
        await delivery.ingestion.pickUp().catch((error: unknown) => logger.warn({ err: errorName(error) }, 'could not take up stored updates'));
        return PICK_UP_MS;
      },
      { maxWaitMs: PICK_UP_MS },
    );
    const delivery = createReceiving(sending, storage, organisation, {
      health,
      logger,
      now,
      telemetry,
      pollTimeout: options.pollTimeout,
      scheduleOnAccept: !shared,
      onStored: () => {
        pickUp.nudge();
        // The lease holder may be another process: it hears of new updates at once.
        void wakeups?.notify('inbox').catch(() => undefined);
      },
      afterUpdate: () => {
        sender.notify();
        jobs.nudge();
        feed.poke();
      },
    });
    const webhook = config.botMode === 'webhook' && config.webhook && !training ? config.webhook : undefined;
    if (wakeups) {
      // Whoever holds the lease takes up what another process stored or queued, at once.
      const stopInbox = await wakeups.listen('inbox', () => pickUp.nudge());
      const stopOutbox = await wakeups.listen('outbox', () => sender.notify());
      closers.add(async () => {
        await stopInbox();
        await stopOutbox();
      });
    }
    const http = await startHttp(
      config,
      { storage, organisation, delivery, endpoint, feed, health, training, metrics, webChat: webChatEnabled(config, training) ? webChatDeps(storage, organisation, config) : undefined },
      { logger, now, webhookSecret: webhook?.secret, onListening: options.onListening, onQueued: () => void wakeups?.notify('outbox').catch(() => undefined) },
    );
    closers.add(() => http.close());
    const { ingestion } = delivery;
    closers.add(async () => {
      await ingestion.stop();
      await ingestion.idle();
    });

    const handle = await startBot(config, endpoint, storage, organisation, delivery, { health, logger });
    const viaWebhook = await setWebhook(config, delivery, { training, webhookPath: WEBHOOK_PATH });
    // What one process does at a time: process updates, send, run the jobs, poll Telegram.
    const ownership = holdLease({
      leases: storage.leases,
      name: 'netreach',
      holder: `${process.pid}-${randomUUID()}`,
      ttlMs: LEASE_TTL_MS,
      renewMs: LEASE_RENEW_MS,
      logger,
      onChange: (held) => {
        health.roles = held ? ['owner'] : [];
      },
      roles: {
        async start() {
          ingestion.start(handle);
          sender.start();
          await jobs.start();
          if (shared) pickUp.start();
          await ingestion.recover();
          if (!viaWebhook) await startPolling(delivery, { health, logger });
        },
        async stop() {
          await ingestion.stopPolling();
          await pickUp.stop();
          ingestion.pause();
          await ingestion.idle();
          await jobs.stop();
          await sender.stop();
        },
      },
    });
    // Stopped first: no update is taken, then none is processed, then nothing more is sent.
    closers.add(async () => {
      health.botRunning = false;
      await ownership.stop();
    });
    await ownership.start();
    health.botRunning = true;
    logger.info({ mode: health.mode, roles: health.roles, staffGroup: delivery.staffChat.get() === undefined ? 'not linked' : 'linked' }, 'netreach running');
    // Training mode's database is new at every start: it gets a training admin of its own.
    const trainingSetupUrl = training ? (await http.auth.invite({ login: 'trainer', role: 'admin', alias: 'Trainer', specialisations: [], language: staffLanguage }, null)).setupUrl : undefined;

    let stopping: Promise<void> | undefined;
    return {
      health,
      db: storage.db,
      ingestion,
      sender,
      url: http.url,
      webChatUrl: http.webChatUrl,
      auth: http.auth,
      ...(trainingSetupUrl ? { trainingSetupUrl } : {}),
      stop() {
        // Idempotent: a second stop (tests, signal handlers) finds nothing left to do.
        stopping ??= closers.closeAll();
        return stopping;
      },
    };
  } catch (error) {
    await closers.closeAll({ quiet: true });
    throw error;
  }
}

/** The Bot API to talk to: Telegram with the configured token, or the training emulator. */
async function telegramEndpoint(config: Config, options: StartOptions): Promise<TelegramEndpoint> {
  if (config.botToken !== undefined) return { token: config.botToken, apiRoot: config.telegramApiRoot };
  if (!options.trainingEndpoint) throw new Error('no BOT_TOKEN and no training endpoint');
  return options.trainingEndpoint();
}

/** The web chat is off unless WEB_CHAT=on (or it has a listener); training mode turns it on unless WEB_CHAT=off. */
export function webChatEnabled(config: Config, training: boolean): boolean {
  return config.webChat.enabled || (training && !config.webChat.explicit);
}

/** What the web chat's use-cases need: the same triage, guides, hours and articles as the bot's. */
function webChatDeps(storage: Storage, organisation: Organisation, config: Config): WebChatDeps {
  return {
    t: organisation.t,
    staffLanguage: organisation.staffLanguage,
    classify: (text, language) => organisation.triage.classify(text, language),
    emergency: organisation.emergency,
    hours: config.hours,
    selfHelp: organisation.selfHelp,
    tag: (purpose, value) => storage.keys.tag(purpose, value),
    limits: DEFAULT_WEB_CHAT_LIMITS,
  };
}
