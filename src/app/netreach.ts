import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { AuthService } from '../core/accounts/auth-service.ts';
import type { Language } from '../core/types.ts';
import { createHealth, type HealthState } from '../health.ts';
import { createCaseFeed } from '../http/case-feed.ts';
import { WEBHOOK_PATH } from '../http/create-app.ts';
import { createTranslator } from '../i18n.ts';
import type { Db } from '../storage/create-db.ts';
import type { Ingestion } from '../telegram/ingestion.ts';
import type { OutboxSender } from '../telegram/outbox-sender.ts';
import { createClosers } from './closers.ts';
import { startHttp } from './http.ts';
import { startJobs } from './jobs.ts';
import { loadOrganisation } from './organisation.ts';
import { openStorage } from './storage.ts';
import { createReceiving, createSending, receiveUpdates, startBot, type TelegramEndpoint } from './telegram.ts';

export type { TelegramEndpoint } from './telegram.ts';

/** A running Netreach process. */
export interface Netreach {
  readonly health: HealthState;
  readonly db: Db;
  readonly ingestion: Ingestion;
  readonly sender: OutboxSender;
  /** Address of the HTTP server. */
  readonly url: string;
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
  closers.add(() => storage.db.close());
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
    const feed = createCaseFeed({ cases: storage.caseWork, now, logger });
    closers.add(() => feed.stop());
    const sending = await createSending(config, endpoint, storage, organisation, { health, logger, now });
    const { sender } = sending;
    const jobs = await startJobs(config, storage, organisation, { logger, now, closers, onQueued: () => sender.notify(), digestEveryMs: options.digestEveryMs });
    const delivery = createReceiving(sending, storage, organisation, {
      health,
      logger,
      now,
      pollTimeout: options.pollTimeout,
      afterUpdate: () => {
        sender.notify();
        jobs.nudge();
        feed.poke();
      },
    });
    const webhook = config.botMode === 'webhook' && config.webhook && !training ? config.webhook : undefined;
    const http = await startHttp(config, { storage, organisation, delivery, endpoint, feed, health, training }, { logger, now, webhookSecret: webhook?.secret, onListening: options.onListening });
    closers.add(() => http.close());
    const { ingestion } = delivery;
    // Stopped first: no update is taken, then none is processed, then nothing more is sent.
    closers.add(async () => {
      health.botRunning = false;
      await ingestion.stop();
      await ingestion.idle();
      await sender.stop();
    });

    await startBot(config, endpoint, storage, organisation, delivery, { health, logger });
    sender.start();
    await receiveUpdates(config, delivery, { training, health, logger, webhookPath: WEBHOOK_PATH });
    logger.info({ mode: health.mode, staffGroup: delivery.staffChat.get() === undefined ? 'not linked' : 'linked' }, 'netreach running');
    // Training mode's database is new at every start: it gets a training admin of its own.
    const trainingSetupUrl = training ? (await http.auth.invite({ login: 'trainer', role: 'admin', alias: 'Trainer', specialisations: [], language: staffLanguage }, null)).setupUrl : undefined;

    let stopping: Promise<void> | undefined;
    return {
      health,
      db: storage.db,
      ingestion,
      sender,
      url: http.url,
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
