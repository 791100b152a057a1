import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { Api, GrammyError, HttpError } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { STAFF_CHAT_SETTING } from './core/link-staff-chat.ts';
import { PRIORITY, type Language } from './core/types.ts';
import { createKeyring } from './core/crypto/keyring.ts';
import { resolveMasterSecret } from './storage/files/master-secret.ts';
import { guideSource } from './core/content/guide-source.ts';
import { selfHelpSource } from './core/content/self-help-source.ts';
import { runEmergencyTimer, type EmergencyDeps } from './core/emergency/run-guide.ts';
import { runSpottingTimer } from './core/spotting/spotting.ts';
import { createHealth, type HealthState } from './health.ts';
import { createTimerRunner } from './jobs/timer-runner.ts';
import { createTimerStore } from './storage/timer-store.ts';
import { createVerificationStore } from './storage/verification-store.ts';
import { loadTriage } from './storage/files/load-triage.ts';
import { loadCommunityDeps } from './app/community.ts';
import { startHousekeeping } from './jobs/housekeeping.ts';
import { startMorningDigest } from './jobs/morning-digest.ts';
import { startScheduledPosts, type ScheduledPosts } from './jobs/scheduled-posts.ts';
import { CHANNEL_TOPIC_SETTING, channelTopicRequest, type ChannelDeps } from './core/channel/channel-posts.ts';
import { createApp, WEBHOOK_PATH } from './http/create-app.ts';
import { createAuthService, type AuthService } from './core/accounts/auth-service.ts';
import { createCaseFeed } from './http/case-feed.ts';
import { createHandlers } from './http/api/handlers/index.ts';
import { createAccountStore } from './storage/account-store.ts';
import type { AuditEvent } from './core/accounts/ports.ts';
import { createReportStore } from './storage/report-store.ts';
import { createThreadedReports } from './app/threaded-reports.ts';
import { createReports } from './core/reports/reports.ts';
import { createCaseWorkStore } from './storage/case-work-store.ts';
import { createOrgSettings, orgSettingsDefaults } from './core/org-settings.ts';
import { createOnCallRota } from './core/on-call-rota.ts';
import { createMobileSchedule } from './core/mobile-schedule.ts';
import { loadArticles } from './storage/files/articles.ts';
import { loadGuides } from './storage/files/load-guides.ts';
import { createContentStore } from './storage/content-store.ts';
import { createMobileUnitStore } from './storage/mobile-unit-store.ts';
import { createOrgSettingsStore, loadSavedRota } from './storage/org-settings-store.ts';
import type { StaffChat } from './telegram/staff-chat.ts';
import { createTranslator } from './i18n.ts';
import { createDb, type Db } from './storage/create-db.ts';
import { createInboxStore } from './storage/inbox-store.ts';
import { createOutboxStore } from './storage/outbox-store.ts';
import { createTransactor } from './storage/transactor.ts';
import { createHousekeepingStore } from './storage/housekeeping-store.ts';
import { createBot } from './telegram/create-bot.ts';
import { createIngestion, telegramErrorName, TokenRejectedError, type Ingestion } from './telegram/ingestion.ts';
import { createOutboxSender, type OutboxSender } from './telegram/outbox-sender.ts';
import { createRateLimiter } from './telegram/rate-limiter.ts';
import { createStaffChat } from './telegram/staff-chat.ts';

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

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/**
 * Starts everything in one process: storage and migrations, the HTTP server (health,
 * webhook, training page), ingestion (polling or webhook) and the outbox sender.
 * Rejects with {@link TokenRejectedError} if Telegram refuses the token.
 */
export async function startNetreach(config: Config, options: StartOptions): Promise<Netreach> {
  const { logger } = options;
  const now = options.now ?? Date.now;
  const master = resolveMasterSecret(config.masterSecret, config.keyFile);
  if (master.source === 'generated') {
    logger.warn({ keyFile: master.keyFile }, 'generated a new master secret; back up this file: without it stored messages cannot be read');
  }
  const keys = createKeyring(master.secret);
  const t = createTranslator();
  const training = config.botToken === undefined;
  const health = createHealth(training ? 'training' : config.botMode);

  // Training mode gets a database of its own, new at every start: its emulator's chats are
  // new too, and training must never mix with (or show) real clients' cases.
  const database = training ? trainingDatabase(config.database) : config.database;
  const db = createDb(database);
  const closers: Array<() => Promise<void>> = [];
  let server: ServerType | undefined;
  try {
    await db.migrate();
    health.migrated = true;

    let endpoint: TelegramEndpoint;
    if (config.botToken !== undefined) {
      endpoint = { token: config.botToken, apiRoot: config.telegramApiRoot };
    } else {
      if (!options.trainingEndpoint) throw new Error('no BOT_TOKEN and no training endpoint');
      endpoint = await options.trainingEndpoint();
    }
    if (endpoint.close) closers.push(endpoint.close);

    const inbox = createInboxStore(db.kysely, keys);
    const transactor = createTransactor(db.kysely, keys);
    // The webhook route exists before ingestion does; it answers 503-like errors until then.
    const pipeline: { ingestion?: Ingestion } = {};
    const pending: { sender?: OutboxSender } = {};
    const api = new Api(endpoint.token, { apiRoot: endpoint.apiRoot });
    const staffLanguage = options.staffLanguage ?? config.staffLanguage;
    const listening: { url?: string } = {};
    const accounts = createAccountStore(db.kysely, keys);
    const auth = createAuthService({ accounts, now, publicUrl: () => config.publicUrl ?? listening.url ?? `http://${config.host}:${config.port}` });
    const caseWork = createCaseWorkStore(db.kysely, keys);
    const feed = createCaseFeed({ cases: caseWork, now, logger });
    closers.push(async () => feed.stop());
    // Doctors' verifications are read into memory (and re-read each minute): the emergency path never queries for them.
    const verifications = createVerificationStore(db.kysely);
    await verifications.refresh();
    // Settings saved in the dashboard override the environment's, live (config.hours is edited in place).
    const orgStore = createOrgSettingsStore(db.kysely);
    const org = createOrgSettings({ defaults: orgSettingsDefaults(config), hours: config.hours, load: () => orgStore.read() });
    const skipped = await org.refresh();
    if (skipped.length > 0) logger.warn({ settings: skipped }, 'saved settings that no longer pass their checks were skipped');
    const rota = createOnCallRota({ load: () => loadSavedRota(orgStore, accounts), timezone: () => org.current.timezone, fallback: config.rota });
    await rota.refresh();
    const mobileStore = createMobileUnitStore(db.kysely);
    const mobile = createMobileSchedule({ load: (from) => mobileStore.load(from), t, timezone: () => org.current.timezone, now });
    await mobile.refresh();
    const refreshShared = setInterval(() => {
      // Several processes may share PostgreSQL: what another one saved shows here within a minute.
      void Promise.all([verifications.refresh(), org.refresh(), rota.refresh(), mobile.refresh()]).catch(() => undefined);
    }, options.verificationRefreshMs ?? 60_000);
    refreshShared.unref();
    closers.push(async () => clearInterval(refreshShared));
    // Reports are built in a worker thread with a connection of its own: a long export must not hold up the bot.
    const reportDeps = { timezone: () => org.current.timezone, audit: (event: AuditEvent) => accounts.audit(event), now };
    const threaded = database.kind === 'sqlite' && database.path === ':memory:' ? undefined : createThreadedReports(database, reportDeps);
    if (threaded) closers.push(() => threaded.close());
    const reports = threaded ?? createReports({ store: createReportStore(db.kysely), ...reportDeps });
    // The guides and articles are read once: the bot answers from them, the dashboard shows them.
    const [guideLibrary, articleLibrary] = await Promise.all([loadGuides(), loadArticles()]);
    const late: { staffChat?: StaffChat; botInfo?: UserFromGetMe } = {};
    const channel: ChannelDeps | undefined = config.channel
      ? {
          t,
          staffLanguage,
          channelChatId: config.channel.chatId,
          channelLanguage: config.channel.language,
          timezone: () => org.current.timezone,
          ...(config.channel.schedulePost ? { schedulePost: config.channel.schedulePost } : {}),
        }
      : undefined;
    const handlers = createHandlers({
      version: '0.1.0',
      auth: { auth, accounts, secureCookies: (config.publicUrl ?? '').startsWith('https://'), now },
      cases: {
        transactor,
        cases: caseWork,
        accounts,
        feed,
        t,
        staffLanguage,
        orgContacts: () => org.orgContacts(),
        fetchFile: async (fileId) => {
          const file = await api.getFile(fileId);
          if (!file.file_path) return new Response(null, { status: 404 });
          return fetch(`${endpoint.apiRoot}/file/bot${endpoint.token}/${file.file_path}`);
        },
        notify: () => pending.sender?.notify(),
        now,
      },
      channel: { transactor, channel, t, notify: () => pending.sender?.notify(), now },
      staff: { auth, accounts, now, onChange: () => void rota.refresh().catch(() => undefined) },
      content: {
        now,
        t,
        guides: guideLibrary,
        articles: articleLibrary,
        verifications,
        snippets: createContentStore(db.kysely),
        mobileUnits: mobileStore,
        schedule: mobile,
        accounts,
        timezone: () => org.current.timezone,
      },
      reports: { reports },
      settings: {
        now,
        org,
        store: orgStore,
        rota,
        accounts,
        status: () => ({
          staffGroupLinked: late.staffChat?.get() !== undefined,
          bot: { username: late.botInfo?.username ?? '', running: health.botRunning, telegram: health.telegram, mode: health.mode },
        }),
      },
    });
    const app = createApp({
      health,
      training: endpoint.training,
      dashboard: { auth, handlers, logger, webRoot: fileURLToPath(new URL('../web/dist/', import.meta.url)) },
      webhook:
        config.botMode === 'webhook' && config.webhook && !training
          ? { secret: config.webhook.secret, accept: (update) => (pipeline.ingestion ? pipeline.ingestion.accept([update]) : Promise.reject(new Error('not ready'))) }
          : undefined,
    });
    const url = await new Promise<string>((resolve, reject) => {
      server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => resolve(`http://${config.host}:${info.port}`));
      server.once('error', reject);
    });
    listening.url = url;
    options.onListening?.(url);

    const botInfo = await getMeWithRetry(api, health, logger);
    late.botInfo = botInfo;

    const linked = await transactor.run((store) => store.getSetting(STAFF_CHAT_SETTING));
    const outboxStore = createOutboxStore(db.kysely, keys);
    const staffChat = createStaffChat(config.staffChatId ?? endpoint.staffChatId, linked === undefined ? undefined : Number(linked), () => {
      // Messages that waited for a staff group go now.
      logger.info('staff group linked');
      void outboxStore
        .retryWaiting('no-staff-chat', now())
        .then(() => pending.sender?.reload())
        .catch((error: unknown) => logger.error({ err: telegramErrorName(error) }, 'could not release waiting messages'));
    });
    late.staffChat = staffChat;
    if (staffChat.get() === undefined) logger.warn('no staff group yet: set STAFF_CHAT_ID or run `netreach staff-chat link`');

    const triage = await loadTriage({ termsDir: config.triageTermsDir });
    const emergency: EmergencyDeps = {
      t,
      staffLanguage,
      guides: guideSource({ library: guideLibrary, verifications, now }),
      numbers: org.numbers,
      onCallNow: (at: number) => rota.onCallNow(at),
      ...(options.alertRepeatMs === undefined ? {} : { alertRepeatMs: options.alertRepeatMs }),
    };
    const netreachBot = createBot({
      token: endpoint.token,
      apiRoot: endpoint.apiRoot,
      botInfo,
      keys,
      t,
      staffLanguage,
      staffChat,
      logger,
      classify: (text, language) => triage.classify(text, language),
      emergency,
      hours: config.hours,
      selfHelp: selfHelpSource(
        t,
        { ambulance: () => org.numbers.ambulance, services: config.servicesInfo, schedule: (lang) => mobile.scheduleText(lang, now()) ?? config.mobileUnitSchedule },
        { library: articleLibrary, verifications, now },
      ),
      // A getter: the organisation's contacts can change in the dashboard while the bot runs.
      get orgContacts() {
        return org.orgContacts();
      },
      ...(config.community ? { community: await loadCommunityDeps(config.community, { t, staffLanguage, botUsername: botInfo.username }) } : {}),
      ...(channel ? { channel } : {}),
    });
    const sender: OutboxSender = createOutboxSender({
      store: outboxStore,
      maxInFlightPerChat: 2,
      // PostgreSQL's concurrent transactions commit out of id order; SQLite's single writer cannot.
      lateCommitLookback: db.caps.name === 'postgres' ? 256 : 0,
      // Tell the case's topic why a reply did not reach the client.
      async onUndeliverable({ outboxId, caseId, reason }) {
        if (caseId === null) return;
        await transactor.run((store) =>
          store.enqueue(
          {
            dedupeKey: `undeliverable:${outboxId}`,
            lane: `case:${caseId}`,
            priority: PRIORITY.normal,
            target: { kind: 'staff-topic', caseId },
            method: 'sendMessage',
            params: { text: t(staffLanguage, reason === 'blocked' ? 'staff-client-unreachable' : 'staff-client-erased') },
            caseId,
          },
          now(),
          ),
        );
        sender.notify();
      },
      api,
      staffChat,
      limiter: createRateLimiter(config.rateLimits, now),
      health,
      logger,
      now,
    });
    const timers = createTimerRunner({
      timers: createTimerStore(db.kysely, keys),
      async handle(timer, store, at) {
        if (!timer.client) return;
        if (await runSpottingTimer(store, store.spotting, emergency, timer, timer.client, at)) return;
        await runEmergencyTimer(store, emergency, timer, timer.client, at);
      },
      onFired: () => sender.notify(),
      logger,
      now,
    });
    closers.push(() => timers.stop());
    let scheduledPosts: ScheduledPosts | undefined;
    if (channel) {
      // The staff group's channel topic, where drafts are written, is opened once.
      await transactor.run(async (store) => {
        if ((await store.getSetting(CHANNEL_TOPIC_SETTING)) === undefined) await store.enqueue(channelTopicRequest(channel), now());
      });
      const posts = startScheduledPosts({
        transactor,
        channel,
        scheduleText: (lang, at) => mobile.scheduleText(lang, at) ?? config.mobileUnitSchedule,
        onPosted: () => sender.notify(),
        logger,
        now,
      });
      scheduledPosts = posts;
      closers.push(() => posts.stop());
    }
    const running = createIngestion({
      api,
      inbox,
      handle: (update, scope, store) => netreachBot.handle(update, { ...scope, store }),
      onProcessed: () => {
        sender.notify();
        timers.nudge();
        scheduledPosts?.nudge();
        feed.poke();
      },
      health,
      logger,
      now,
      sleep,
      pollTimeout: options.pollTimeout,
      // SQLite has one writer: one batch at a time; PostgreSQL takes several.
      batchConcurrency: db.caps.name === 'sqlite' ? 1 : 4,
      batchSize: 64,
      // Triage is cheap (tens of µs): looking on arrival lets emergencies overtake a backlog.
      isUrgent: (update) => {
        const message = update.message as { chat?: { type?: string }; text?: unknown; caption?: unknown } | undefined;
        const text = typeof message?.text === 'string' ? message.text : typeof message?.caption === 'string' ? message.caption : undefined;
        if (message?.chat?.type !== 'private' || text === undefined) return false;
        return /^\/sos\b/i.test(text) || text === t('ru', 'sos-button') || text === t('en', 'sos-button') || triage.classify(text).urgent;
      },
    });
    pipeline.ingestion = running;
    pending.sender = sender;
    sender.start();
    timers.start();
    const stopHousekeeping = startHousekeeping({ store: createHousekeepingStore(db.kysely), logger, now, retentionDays: () => org.current.retentionDays });
    closers.push(async () => stopHousekeeping());
    const stopDigest = startMorningDigest({ transactor, t, staffLanguage, hours: config.hours, logger, now, onPosted: () => sender.notify(), ...(options.digestEveryMs ? { everyMs: options.digestEveryMs } : {}) });
    closers.push(async () => stopDigest());
    await running.recover();

    if (config.botMode === 'webhook' && config.webhook && !training) {
      await api.setWebhook(`${config.webhook.url.replace(/\/$/, '')}${WEBHOOK_PATH}`, {
        secret_token: config.webhook.secret,
        allowed_updates: ['message', 'edited_message', 'callback_query', 'my_chat_member', 'chat_member', 'chat_join_request'],
      });
      health.botRunning = true;
    } else {
      await api.deleteWebhook({ drop_pending_updates: false });
      running.poll().catch((error) => {
        health.botRunning = false;
        logger.fatal({ err: telegramErrorName(error) }, error instanceof TokenRejectedError ? 'bot token rejected by Telegram' : 'polling stopped');
      });
      health.botRunning = true;
    }
    logger.info({ mode: health.mode, staffGroup: staffChat.get() === undefined ? 'not linked' : 'linked' }, 'netreach running');
    // Training mode's database is new at every start: it gets a training admin of its own.
    const trainingSetupUrl = training ? (await auth.invite({ login: 'trainer', role: 'admin', alias: 'Trainer', specialisations: [], language: staffLanguage }, null)).setupUrl : undefined;

    let stopping: Promise<void> | undefined;
    return {
      health,
      db,
      ingestion: running,
      sender,
      url,
      auth,
      ...(trainingSetupUrl ? { trainingSetupUrl } : {}),
      async stop() {
        // Idempotent: a second stop (tests, signal handlers) finds nothing left to do.
        if (stopping) return stopping;
        stopping = (async () => {
          health.botRunning = false;
          await running.stop();
          await running.idle();
          await sender.stop();
          await closeServer(server);
          for (const close of closers.reverse()) await close();
          await db.close();
        })();
        return stopping;
      },
    };
  } catch (error) {
    await closeServer(server);
    for (const close of closers.reverse()) await close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** `training.db` beside the configured SQLite file (or in ./data), emptied. */
function trainingDatabase(configured: Config['database']): Config['database'] {
  const dir = configured.kind === 'sqlite' && configured.path !== ':memory:' ? dirname(configured.path) : './data';
  const path = join(dir, 'training.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  return { kind: 'sqlite', path, url: `sqlite:${path}` };
}

async function closeServer(server: ServerType | undefined): Promise<void> {
  if (!server) return;
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    (server as { closeAllConnections?: () => void }).closeAllConnections?.();
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
