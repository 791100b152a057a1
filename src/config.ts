import { z } from 'zod';
import { parseOnCallRota, parseWorkingHours, type OnCallRota, type WorkingHours } from './core/hours.ts';

/** Telegram's public Bot API server. */
export const TELEGRAM_API_DEFAULT = 'https://api.telegram.org';

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** An optional integer variable, with a check on its value. */
function integer(check: z.ZodNumber) {
  return optionalString.pipe(
    z
      .string()
      .regex(/^-?\d+$/, 'expected an integer')
      .transform(Number)
      .pipe(check)
      .optional(),
  );
}

/**
 * The one schema over Netreach's environment. Every setting the process reads is here;
 * nothing else in the code base reads `process.env`.
 */
export const ConfigSchema = z
  .object({
    BOT_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^\d{5,15}:[A-Za-z0-9_-]{20,}$/, 'expected a BotFather token like 123456789:AA…')
        .optional(),
    ),
    TELEGRAM_API_ROOT: optionalString.pipe(z.url({ message: 'expected an http(s) URL' }).optional()),
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(/^(sqlite:|postgres:\/\/|postgresql:\/\/)/, 'expected sqlite:PATH or postgres://…')
        .optional(),
    ),
    HOST: optionalString,
    TRUST_PROXY: optionalString.pipe(z.enum(['true', 'false', '1', '0'], { message: 'expected true or false' }).optional()),
    PUBLIC_URL: optionalString.pipe(z.url({ message: 'expected the dashboard\'s address, e.g. https://outreach.example.org' }).optional()),
    PORT: integer(z.number().min(0, 'expected a port 0-65535').max(65_535, 'expected a port 0-65535')),
    STAFF_CHAT_ID: integer(z.number().negative('expected a group chat id, which is negative, e.g. -1001234567890')),
    BOT_MODE: optionalString.pipe(z.enum(['polling', 'webhook']).optional()),
    WEBHOOK_URL: optionalString.pipe(
      z
        .url({ message: 'expected an https:// URL' })
        .refine((v) => v.startsWith('https://') || /^http:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?(\/|$)/.test(v), {
          message: 'expected an https:// URL (plain http only on loopback, for a local Bot API server)',
        })
        .optional(),
    ),
    WEBHOOK_SECRET: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,256}$/, 'expected 16 to 256 characters of A-Z, a-z, 0-9, _ or -')
        .optional(),
    ),
    METRICS_TOKEN: optionalString.pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9._~+/=-]{24,256}$/, 'expected 24 to 256 characters of A-Z, a-z, 0-9 or ._~+/=- (e.g. `openssl rand -hex 32`)')
        .optional(),
    ),
    NETREACH_SECRET: optionalString.pipe(
      z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 48`)').optional(),
    ),
    NETREACH_KEY_FILE: optionalString,
    LOG_LEVEL: optionalString.pipe(
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    ),
    TELEGRAM_RATE_LIMITS: optionalString.pipe(z.enum(['telegram', 'off']).optional()),
    TRIAGE_TERMS_DIR: optionalString,
    STAFF_LANGUAGE: optionalString.pipe(z.enum(['ru', 'en']).optional()),
    EMERGENCY_NUMBERS: optionalString.pipe(
      z
        .string()
        .max(80)
        .regex(/^[0-9+()\-\s,/]+$/, 'expected phone numbers separated by commas, e.g. "103, 112"')
        .optional(),
    ),
    CRISIS_HOTLINES: optionalString.pipe(z.string().max(300).optional()),
    WORKING_HOURS: optionalString,
    TIMEZONE: optionalString,
    HOLIDAYS: optionalString,
    ORG_CONTACTS: optionalString.pipe(z.string().max(500).optional()),
    ON_CALL_ROTA: optionalString,
    SERVICES_INFO: optionalString.pipe(z.string().max(1500).optional()),
    MOBILE_UNIT_SCHEDULE: optionalString.pipe(z.string().max(1500).optional()),
    COMMUNITY_CHAT_ID: integer(z.number().negative('expected a supergroup chat id, which is negative, e.g. -1001234567890')),
    COMMUNITY_INVITE_LINK: optionalString.pipe(z.url({ message: 'expected the chat\'s invite link, https://t.me/+…' }).optional()),
    COMMUNITY_RULES_FILE: optionalString,
    PEER_INVITES_PER_MONTH: integer(z.number().min(0, 'expected 0 or more').max(100, 'expected at most 100')),
    CHANNEL_CHAT_ID: integer(z.number().negative('expected a channel chat id, which is negative, e.g. -1001234567890')),
    CHANNEL_SCHEDULE_POST: optionalString.pipe(
      z
        .string()
        .regex(/^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):[0-5]\d$/i, 'expected a weekday and a time, e.g. "mon 09:00"')
        .optional(),
    ),
    CHANNEL_LANGUAGE: optionalString.pipe(z.enum(['ru', 'en']).optional()),
    WEB_CHAT: optionalString.pipe(z.enum(['on', 'off'], { message: 'expected on or off' }).optional()),
    WEB_CHAT_HOST: optionalString,
    WEB_CHAT_PORT: integer(z.number().min(0, 'expected a port 0-65535').max(65_535, 'expected a port 0-65535')),
  })
  .superRefine((env, ctx) => {
    if ((env.WEB_CHAT_HOST !== undefined || env.WEB_CHAT_PORT !== undefined) && env.WEB_CHAT === 'off') {
      ctx.addIssue({ code: 'custom', path: ['WEB_CHAT_PORT'], message: 'is set, but WEB_CHAT=off: the web chat has no listener to serve' });
    }
    if (env.BOT_MODE === 'webhook') {
      if (!env.WEBHOOK_URL) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_URL'], message: 'is required when BOT_MODE=webhook' });
      if (!env.WEBHOOK_SECRET) ctx.addIssue({ code: 'custom', path: ['WEBHOOK_SECRET'], message: 'is required when BOT_MODE=webhook' });
      if (!env.BOT_TOKEN) ctx.addIssue({ code: 'custom', path: ['BOT_TOKEN'], message: 'is required when BOT_MODE=webhook (training mode only polls)' });
    }
  });

/** Validated, defaulted configuration. */
export interface Config {
  /** BotFather token; absent means training mode with the built-in emulator. */
  botToken: string | undefined;
  telegramApiRoot: string;
  database: { kind: 'sqlite'; path: string; url: string } | { kind: 'postgres'; url: string };
  host: string;
  port: number;
  /** Where staff reach the dashboard (setup links, secure cookies); defaults to the listening address. */
  publicUrl: string | undefined;
  /**
   * Behind a reverse proxy (Caddy, nginx) that appends the client's address to
   * `X-Forwarded-For`: that last entry is the address sign-in is throttled by (never stored).
   */
  trustProxy: boolean;
  staffChatId: number | undefined;
  botMode: 'polling' | 'webhook';
  webhook: { url: string; secret: string } | undefined;
  /**
   * The anonymous web chat at /chat: `enabled` (WEB_CHAT=on; training mode turns it on unless
   * WEB_CHAT=off), and optionally a listener of its own (WEB_CHAT_HOST / WEB_CHAT_PORT) that
   * serves nothing else, for a Tor onion service.
   */
  webChat: { enabled: boolean; explicit: boolean; listener: { host: string; port: number } | undefined };
  /** Bearer token for /metrics; without one, /metrics answers only direct loopback requests. */
  metricsToken: string | undefined;
  /** Master secret from the environment; when absent it is read from or generated into `keyFile`. */
  masterSecret: string | undefined;
  keyFile: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** `telegram` keeps the outbox within Telegram's published limits; `off` only for benchmarks. */
  rateLimits: 'telegram' | 'off';
  /** A directory of the organisation's own triage term files, added to the defaults. */
  triageTermsDir: string | undefined;
  /** Language of the texts workers see in the staff group. */
  staffLanguage: 'ru' | 'en';
  /** Ambulance numbers shown in every emergency guide. */
  emergencyNumbers: string;
  /** Crisis hotlines shown to a client at risk of suicide; none means the ambulance and a worker. */
  crisisHotlines: string | undefined;
  /** When workers are at work; outside, new cases get an after-hours answer. */
  hours: WorkingHours;
  /** The organisation's contacts, shown to a client when their case closes. */
  orgContacts: string | undefined;
  /** Who is on call when, by alias; alerts go to them privately if they opted in. */
  rota: OnCallRota | undefined;
  /** Where to get services, filled into the self-help articles. */
  servicesInfo: string | undefined;
  /** The mobile units' weekly schedule, filled into the "where is the bus" article. */
  mobileUnitSchedule: string | undefined;
  /** The private community supergroup (access codes, moderation, welcome); none means off. */
  community: { chatId: number; inviteLink: string | undefined; rulesFile: string | undefined; peerInvitesPerMonth: number } | undefined;
  /** The read-only channel (posts drafted in the staff group, the weekly schedule); none means off. */
  channel: { chatId: number; schedulePost: string | undefined; language: 'ru' | 'en' } | undefined;
}

/** A configuration value is wrong; `variable` names it and `message` says what is wrong. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable} ${problem}`);
  }
}

function sqlitePathOf(url: string): string {
  return url.slice('sqlite:'.length) || './data/netreach.db';
}

function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
}

/**
 * Validates an environment (normally `process.env`) into a {@link Config}.
 * Throws {@link ConfigError} naming the first bad variable.
 */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const picked: Record<string, string | undefined> = {};
  for (const key of Object.keys(ConfigSchema.shape)) picked[key] = env[key];
  const result = ConfigSchema.safeParse(picked);
  if (!result.success) {
    const issue = result.error.issues[0];
    const variable = String(issue?.path[0] ?? 'configuration');
    const raw = issue?.message ?? 'is invalid';
    throw new ConfigError(variable, raw.startsWith('is ') ? raw : `is invalid: ${raw}`);
  }
  const e = result.data;
  let hours: WorkingHours;
  try {
    hours = parseWorkingHours(
      e.WORKING_HOURS ?? 'mon-fri 10:00-19:00',
      e.TIMEZONE ?? 'Europe/Moscow',
      (e.HOLIDAYS ?? '').split(',').map((d) => d.trim()).filter(Boolean),
    );
  } catch (error) {
    const message = error instanceof Error ? error.message : 'is invalid';
    const variable = /timezone/.test(message) ? 'TIMEZONE' : /holiday/.test(message) ? 'HOLIDAYS' : 'WORKING_HOURS';
    throw new ConfigError(variable, `is invalid: ${message}`);
  }
  let rota: OnCallRota | undefined;
  try {
    rota = e.ON_CALL_ROTA ? parseOnCallRota(e.ON_CALL_ROTA, hours.timezone) : undefined;
  } catch (error) {
    throw new ConfigError('ON_CALL_ROTA', `is invalid: ${error instanceof Error ? error.message : 'unreadable'}`);
  }
  const databaseUrl = e.DATABASE_URL ?? 'sqlite:./data/netreach.db';
  const database: Config['database'] = databaseUrl.startsWith('sqlite:')
    ? { kind: 'sqlite', path: sqlitePathOf(databaseUrl), url: databaseUrl }
    : { kind: 'postgres', url: databaseUrl };
  const dataDir = database.kind === 'sqlite' && database.path !== ':memory:' ? dirOf(database.path) : './data';
  return {
    botToken: e.BOT_TOKEN,
    telegramApiRoot: e.TELEGRAM_API_ROOT ?? TELEGRAM_API_DEFAULT,
    database,
    host: e.HOST ?? '127.0.0.1',
    publicUrl: e.PUBLIC_URL,
    trustProxy: e.TRUST_PROXY === 'true' || e.TRUST_PROXY === '1',
    port: e.PORT ?? 3000,
    staffChatId: e.STAFF_CHAT_ID,
    botMode: e.BOT_MODE ?? 'polling',
    webhook: e.WEBHOOK_URL && e.WEBHOOK_SECRET ? { url: e.WEBHOOK_URL, secret: e.WEBHOOK_SECRET } : undefined,
    metricsToken: e.METRICS_TOKEN,
    webChat: {
      enabled: e.WEB_CHAT === 'on' || e.WEB_CHAT_PORT !== undefined || e.WEB_CHAT_HOST !== undefined,
      explicit: e.WEB_CHAT !== undefined,
      listener: e.WEB_CHAT_PORT === undefined && e.WEB_CHAT_HOST === undefined ? undefined : { host: e.WEB_CHAT_HOST ?? '127.0.0.1', port: e.WEB_CHAT_PORT ?? 3001 },
    },
    masterSecret: e.NETREACH_SECRET,
    keyFile: e.NETREACH_KEY_FILE ?? `${dataDir}/netreach.key`,
    logLevel: e.LOG_LEVEL ?? 'info',
    rateLimits: e.TELEGRAM_RATE_LIMITS ?? 'telegram',
    triageTermsDir: e.TRIAGE_TERMS_DIR,
    staffLanguage: e.STAFF_LANGUAGE ?? 'en',
    emergencyNumbers: e.EMERGENCY_NUMBERS ?? '103, 112',
    crisisHotlines: e.CRISIS_HOTLINES,
    hours,
    orgContacts: e.ORG_CONTACTS,
    rota,
    servicesInfo: e.SERVICES_INFO,
    mobileUnitSchedule: e.MOBILE_UNIT_SCHEDULE,
    community:
      e.COMMUNITY_CHAT_ID === undefined
        ? undefined
        : { chatId: e.COMMUNITY_CHAT_ID, inviteLink: e.COMMUNITY_INVITE_LINK, rulesFile: e.COMMUNITY_RULES_FILE, peerInvitesPerMonth: e.PEER_INVITES_PER_MONTH ?? 3 },
    channel:
      e.CHANNEL_CHAT_ID === undefined
        ? undefined
        : { chatId: e.CHANNEL_CHAT_ID, schedulePost: e.CHANNEL_SCHEDULE_POST?.toLowerCase(), language: e.CHANNEL_LANGUAGE ?? 'ru' },
  };
}

/** Reads `.env` (if present, without overriding the real environment) and validates it. */
export function loadConfig(envFile = '.env'): Config {
  try {
    process.loadEnvFile(envFile);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ConfigError(envFile, `could not be read: ${(error as Error).message}`);
    }
  }
  return parseConfig(process.env);
}
