import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { AuditEvent } from '../core/accounts/ports.ts';
import type { ChannelDeps } from '../core/channel/channel-posts.ts';
import type { ArticleLibrary } from '../core/content/articles.ts';
import { guideSource } from '../core/content/guide-source.ts';
import type { GuideLibrary } from '../core/content/guides.ts';
import { selfHelpSource } from '../core/content/self-help-source.ts';
import type { EmergencyDeps } from '../core/emergency/run-guide.ts';
import { createMobileSchedule, type MobileSchedule } from '../core/mobile-schedule.ts';
import { createOnCallRota, type OnCallRotaHolder } from '../core/on-call-rota.ts';
import { createOrgSettings, orgSettingsDefaults, type OrgSettings } from '../core/org-settings.ts';
import type { Translate } from '../core/ports.ts';
import { createReports, type Reports } from '../core/reports/reports.ts';
import type { SelfHelpSource } from '../core/self-help.ts';
import type { Triage } from '../core/triage/create-triage.ts';
import type { Language } from '../core/types.ts';
import { loadArticles } from '../storage/files/articles.ts';
import { loadGuides } from '../storage/files/load-guides.ts';
import { loadTriage } from '../storage/files/load-triage.ts';
import { loadSavedRota } from '../storage/org-settings-store.ts';
import type { Closers } from './closers.ts';
import type { Storage } from './storage.ts';
import { createThreadedReports } from './threaded-reports.ts';

/**
 * What the bot, the dashboard and the jobs all read about the organisation: its settings,
 * the on-call rota, the mobile units' schedule, doctors' verifications, the guides and
 * articles, triage, and the reports. Each is built once; what several processes may share
 * through PostgreSQL is re-read every `refreshMs`.
 */
export interface Organisation {
  readonly t: Translate;
  readonly staffLanguage: Language;
  readonly org: OrgSettings;
  readonly rota: OnCallRotaHolder;
  readonly mobile: MobileSchedule;
  readonly guides: GuideLibrary;
  readonly articles: ArticleLibrary;
  readonly triage: Triage;
  readonly reports: Reports;
  /** The read-only channel, when CHANNEL_CHAT_ID is set. */
  readonly channel: ChannelDeps | undefined;
  /** The emergency engine's dependencies (the bot and the alert timers share them). */
  readonly emergency: EmergencyDeps;
  readonly selfHelp: SelfHelpSource;
  /** The weekly schedule text for a language now, or the configured fallback. */
  scheduleText(language: Language, at: number): string | undefined;
}

/** Loads the organisation's shared state; stops its refresh and the report thread at `closers`. */
export async function loadOrganisation(
  config: Config,
  storage: Storage,
  options: { t: Translate; staffLanguage: Language; logger: Logger; now: () => number; closers: Closers; refreshMs?: number; alertRepeatMs?: number },
): Promise<Organisation> {
  const { t, now, logger, closers } = options;
  // Doctors' verifications are read into memory (and re-read each minute): the emergency path never queries for them.
  await storage.verifications.refresh();
  // Settings saved in the dashboard override the environment's, live (config.hours is edited in place).
  const org = createOrgSettings({ defaults: orgSettingsDefaults(config), hours: config.hours, load: () => storage.orgSettings.read() });
  const skipped = await org.refresh();
  if (skipped.length > 0) logger.warn({ settings: skipped }, 'saved settings that no longer pass their checks were skipped');
  const rota = createOnCallRota({ load: () => loadSavedRota(storage.orgSettings, storage.accounts), timezone: () => org.current.timezone, fallback: config.rota });
  await rota.refresh();
  const mobile = createMobileSchedule({ load: (from) => storage.mobileUnits.load(from), t, timezone: () => org.current.timezone, now });
  await mobile.refresh();
  const refresh = setInterval(() => {
    // Several processes may share PostgreSQL: what another one saved shows here within a minute.
    void Promise.all([storage.verifications.refresh(), org.refresh(), rota.refresh(), mobile.refresh()]).catch(() => undefined);
  }, options.refreshMs ?? 60_000);
  refresh.unref();
  closers.add(() => clearInterval(refresh));

  // Reports are built in a worker thread with a connection of its own: a long export must not hold up the bot.
  const reportDeps = { timezone: () => org.current.timezone, audit: (event: AuditEvent) => storage.accounts.audit(event), now };
  const { database } = storage;
  const threaded = database.kind === 'sqlite' && database.path === ':memory:' ? undefined : createThreadedReports(database, reportDeps);
  if (threaded) closers.add(() => threaded.close());
  const reports = threaded ?? createReports({ store: storage.reports, ...reportDeps });

  // The guides and articles are read once: the bot answers from them, the dashboard shows them.
  const [guides, articles, triage] = await Promise.all([loadGuides(), loadArticles(), loadTriage({ termsDir: config.triageTermsDir })]);
  const scheduleText = (language: Language, at: number) => mobile.scheduleText(language, at) ?? config.mobileUnitSchedule;
  return {
    t,
    staffLanguage: options.staffLanguage,
    org,
    rota,
    mobile,
    guides,
    articles,
    triage,
    reports,
    scheduleText,
    channel: config.channel
      ? {
          t,
          staffLanguage: options.staffLanguage,
          channelChatId: config.channel.chatId,
          channelLanguage: config.channel.language,
          timezone: () => org.current.timezone,
          ...(config.channel.schedulePost ? { schedulePost: config.channel.schedulePost } : {}),
        }
      : undefined,
    emergency: {
      t,
      staffLanguage: options.staffLanguage,
      guides: guideSource({ library: guides, verifications: storage.verifications, now }),
      numbers: org.numbers,
      onCallNow: (at: number) => rota.onCallNow(at),
      ...(options.alertRepeatMs === undefined ? {} : { alertRepeatMs: options.alertRepeatMs }),
    },
    selfHelp: selfHelpSource(
      t,
      { ambulance: () => org.numbers.ambulance, services: config.servicesInfo, schedule: (language) => scheduleText(language, now()) },
      { library: articles, verifications: storage.verifications, now },
    ),
  };
}
