import { ConfigError, loadConfig, type Config } from './config.ts';
import { createStaffLinkCode, LINK_CODE_TTL_MS } from './core/link-staff-chat.ts';
import { createKeyring } from './core/crypto/keyring.ts';
import { resolveMasterSecret } from './storage/files/master-secret.ts';
import { createLogger } from './logger.ts';
import { createAuthService } from './core/accounts/auth-service.ts';
import { createAccountStore } from './storage/account-store.ts';
import { ensureWebBuilt } from './web-build.ts';
import { seedDemo, SeedRefusedError } from './storage/seed-demo.ts';
import { startNetreach, webChatEnabled } from './app/netreach.ts';
import { CHAT_PATH } from './http/web-chat/routes.ts';
import { createDb } from './storage/create-db.ts';
import { createRelayStore } from './storage/relay-store.ts';
import { createVerificationStore } from './storage/verification-store.ts';
import { checkMasterKey, KeyRotationInProgressError, MasterSecretMismatchError } from './storage/key-check.ts';
import { DatabaseInUseError } from './storage/files/process-lock.ts';
import { TokenRejectedError } from './telegram/ingestion.ts';

const HELP = `netreach — anonymous Telegram outreach for harm-reduction organisations

Usage: netreach <command>

  start               run everything (bot, outbox, HTTP); training mode without BOT_TOKEN
  migrate             apply database migrations and exit
  staff-chat link     print a one-time code; post it in the staff forum group to link it
  triage              classify JSON lines {"id","text"} from stdin into needs and urgency
  content status      which guides and articles a doctor has verified (version, when, review date)
  content verify guide|article ID --lang ru|en|all --role doctor [--review-months 12]
                      record that a doctor verified the current version (shown to clients)
  seed --demo [--cases 2000] [--months 12] [--seed 42] [--until YYYY-MM-DD]
                      fill an empty database with clearly fake demo activity (deterministic)
  user add --login NAME --role worker|doctor|supervisor|admin|researcher [--alias A] [--lang ru|en]
                      create a staff account for the dashboard; prints its one-time setup link
  codes create --batch NAME --count N --days D [--out cards.html] [--bot USERNAME]
                      one-time access codes for the community chat, as printable cards with QR codes
  codes revoke --batch NAME | --code CODE
                      revoke unused codes
  codes list          batches of access codes: used, revoked, expired
  report --from YYYY-MM-DD --to YYYY-MM-DD --format csv|xlsx|json [--out FILE] [--suppress-small]
                      the anonymised work-report dataset of a period (audited); stdout without --out
  backup --out FILE   a consistent backup of the database while Netreach runs (never the master
                      secret: back up NETREACH_SECRET or the key file separately); file mode 0600
  restore FILE        restore a backup into an empty database (SQLite or PostgreSQL); needs the
                      master secret the backup was made with, and refuses otherwise
  key rotate --new-secret-file PATH [--generate] [--batch-size N]
                      re-seal every sealed value and re-key every pseudonym under a new master
                      secret (read from PATH, or generated into it with --generate); Netreach
                      must be stopped; run it again to continue after an interruption
  help                this text

Configuration comes from environment variables (and .env); see README.md.`;

/** A usage error: wrong command or arguments (exit code 2). */
class UsageError extends Error {
  override name = 'UsageError';
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${HELP}\n`);
    return command === undefined ? 2 : 0;
  }
  const config = loadConfig();
  switch (command) {
    case 'start':
      return start(config);
    case 'migrate':
      return migrate(config);
    case 'triage': {
      const { runTriageCli } = await import('./cli/triage.ts');
      await runTriageCli(process.stdin, process.stdout, { termsDir: config.triageTermsDir });
      return 0;
    }
    case 'content':
      return content(config, rest);
    case 'seed':
      return seed(config, rest);
    case 'user':
      if (rest[0] !== 'add') throw new UsageError('usage: netreach user add --login NAME --role ROLE [--alias A] [--lang ru|en]');
      return addUser(config, rest.slice(1));
    case 'codes': {
      const { runCodesCommand, CodesUsageError } = await import('./cli/codes.ts');
      try {
        return await runCodesCommand(config, rest);
      } catch (error) {
        if (error instanceof CodesUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'report': {
      const { runReportCommand, ReportUsageError } = await import('./cli/report.ts');
      try {
        return await runReportCommand(config, rest);
      } catch (error) {
        if (error instanceof ReportUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'backup':
    case 'restore': {
      const { runBackupCommand, runRestoreCommand, BackupUsageError } = await import('./cli/backup.ts');
      try {
        return await (command === 'backup' ? runBackupCommand(config, rest) : runRestoreCommand(config, rest));
      } catch (error) {
        if (error instanceof BackupUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'key': {
      const { runKeyRotateCommand, KeyRotateUsageError } = await import('./cli/key-rotate.ts');
      try {
        return await runKeyRotateCommand(config, rest);
      } catch (error) {
        if (error instanceof KeyRotateUsageError) throw new UsageError(error.message);
        throw error;
      }
    }
    case 'staff-chat':
      if (rest[0] !== 'link') throw new UsageError('usage: netreach staff-chat link');
      return linkStaffChat(config);
    default:
      throw new UsageError(`unknown command "${command}"; try: netreach help`);
  }
}

async function start(config: Config): Promise<number> {
  const logger = createLogger(config.logLevel);
  await ensureWebBuilt((line) => process.stdout.write(`${line}\n`));
  const netreach = await startNetreach(config, {
    logger,
    // Loaded only in training mode, so a production start does not load the emulator.
    // Training mode shows the web chat beside the Telegram panes (unless WEB_CHAT=off).
    trainingEndpoint: async () => (await import('./training.ts')).startTrainingEndpoint(webChatEnabled(config, true) ? { webChatPath: CHAT_PATH } : {}),
    onListening(listening) {
      // 127.0.0.1 is where we listen; "localhost" is what people type.
      const url = listening.replace('//127.0.0.1:', '//localhost:');
      if (config.botToken === undefined) {
        process.stdout.write(`\nNetreach is running in training mode (no BOT_TOKEN): nothing leaves this computer.\nOpen ${url}/training to play a client and a worker side by side.\nIts database (training.db) starts empty at every start.\n\n`);
      } else {
        process.stdout.write(`Netreach is listening on ${url} (health: ${url}/healthz)\n`);
      }
    },
  });
  if (netreach.trainingSetupUrl) {
    process.stdout.write(`Staff dashboard: ${netreach.url.replace('//127.0.0.1:', '//localhost:')}/ — set up the training admin with this one-time link:\n${netreach.trainingSetupUrl.replace('//127.0.0.1:', '//localhost:')}\n\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('stopping');
  await netreach.stop();
  return 0;
}

async function seed(config: Config, args: string[]): Promise<number> {
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (!args.includes('--demo')) throw new UsageError('usage: netreach seed --demo [--cases N] [--months M] [--seed S] [--until YYYY-MM-DD]');
  const count = (name: string, fallback: number, max: number) => {
    const raw = option(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) throw new UsageError(`--${name}: a whole number from 1 to ${max}`);
    return Number(raw);
  };
  const untilRaw = option('until');
  if (untilRaw !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(untilRaw) || Number.isNaN(Date.parse(untilRaw)))) throw new UsageError('--until: a date as YYYY-MM-DD');
  const cases = count('cases', 2000, 1_000_000);
  const db = createDb(config.database);
  try {
    await db.migrate();
    const master = resolveMasterSecret(config.masterSecret, config.keyFile);
    const keys = createKeyring(master.secret);
    // Seeded data is sealed under this key: record (or check) its check value, as start does,
    // so a later start or restore with another secret is refused rather than unreadable.
    await checkMasterKey(db.kysely, keys, Date.now());
    const started = Date.now();
    const result = await seedDemo(db.kysely, keys, {
      cases,
      months: count('months', 12, 120),
      seed: count('seed', 42, 2 ** 31 - 1),
      until: untilRaw ? new Date(`${untilRaw}T00:00:00Z`) : new Date(),
      hours: config.hours,
      onProgress: (done, total) => {
        if (done % 10_000 === 0 || done === total) process.stderr.write(`  ${done}/${total} cases\n`);
      },
    });
    process.stdout.write(`Seeded demo data: ${result.clients} clients, ${result.cases} cases, ${result.messages} messages in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
    return 0;
  } catch (error) {
    if (error instanceof SeedRefusedError) throw new UsageError(error.message);
    throw error;
  } finally {
    await db.close();
  }
}

const ROLE_NAMES = ['worker', 'doctor', 'supervisor', 'admin', 'researcher'] as const;

async function addUser(config: Config, args: string[]): Promise<number> {
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const login = option('login');
  const role = option('role');
  const lang = option('lang') ?? 'ru';
  if (!login || !/^[a-z0-9._-]{3,32}$/i.test(login)) throw new UsageError('--login: 3-32 letters, digits, dot, dash or underscore');
  if (!role || !(ROLE_NAMES as readonly string[]).includes(role)) throw new UsageError(`--role: one of ${ROLE_NAMES.join(', ')}`);
  if (lang !== 'ru' && lang !== 'en') throw new UsageError('--lang: ru or en');
  const db = createDb(config.database);
  try {
    await db.migrate();
    const master = resolveMasterSecret(config.masterSecret, config.keyFile);
    const accounts = createAccountStore(db.kysely, createKeyring(master.secret));
    const auth = createAuthService({ accounts, now: Date.now, publicUrl: () => config.publicUrl ?? `http://localhost:${config.port}` });
    const link = await auth.invite({ login, role, alias: option('alias') ?? null, specialisations: [], language: lang }, null);
    process.stdout.write(`Created ${role} "${login.toLowerCase()}". One-time setup link (valid until ${new Date(link.expiresAt).toISOString()}):\n${link.setupUrl}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

async function migrate(config: Config): Promise<number> {
  const db = createDb(config.database);
  try {
    const applied = await db.migrate();
    process.stdout.write(applied.length === 0 ? 'database is up to date\n' : `applied: ${applied.join(', ')}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

async function content(config: Config, args: string[]): Promise<number> {
  const [action, kind, id] = args;
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  if (action !== 'status' && action !== 'verify') throw new UsageError('usage: netreach content status | content verify guide|article ID --lang ru|en|all --role doctor');
  const db = createDb(config.database);
  try {
    await db.migrate();
    const store = createVerificationStore(db.kysely);
    await store.refresh();
    const { loadGuides } = await import('./storage/files/load-guides.ts');
    const { loadArticles } = await import('./storage/files/articles.ts');
    const guides = await loadGuides();
    const articles = await loadArticles();
    const now = Date.now();
    const versionOf = (k: string, contentId: string, lang: 'ru' | 'en'): string | undefined =>
      k === 'guide' ? (guides.ids.includes(contentId as never) ? guides.get(contentId as never, lang).version : undefined) : articles.get(contentId, lang)?.version;
    if (action === 'status') {
      for (const [k, ids] of [['guide', guides.ids], ['article', articles.ids]] as const) {
        for (const contentId of ids) {
          for (const lang of ['ru', 'en'] as const) {
            const version = versionOf(k, contentId, lang) ?? '?';
            const v = store.current(k, contentId, lang, version, now);
            const state = v ? `verified by ${v.byRole} ${new Date(v.at).toISOString().slice(0, 10)}, review by ${new Date(v.reviewAt).toISOString().slice(0, 10)}` : 'NOT VERIFIED';
            process.stdout.write(`${k} ${contentId} ${lang} v${version}: ${state}\n`);
          }
        }
      }
      return 0;
    }
    if ((kind !== 'guide' && kind !== 'article') || !id) throw new UsageError('usage: netreach content verify guide|article ID --lang ru|en|all --role doctor');
    const role = option('role');
    if (!role || !/^[a-z]{2,20}$/.test(role)) throw new UsageError('--role is required, e.g. --role doctor');
    const langOption = option('lang') ?? 'all';
    const langs = langOption === 'all' ? (['ru', 'en'] as const) : langOption === 'ru' || langOption === 'en' ? ([langOption] as const) : undefined;
    if (!langs) throw new UsageError('--lang must be ru, en or all');
    const months = Number(option('review-months') ?? '12');
    if (!Number.isInteger(months) || months < 1 || months > 36) throw new UsageError('--review-months must be 1 to 36');
    for (const lang of langs) {
      const version = versionOf(kind, id, lang);
      if (!version) throw new UsageError(`no ${kind} "${id}" in ${lang}`);
      await store.verify({ kind, id, lang, version, role, at: now, reviewAt: now + months * 30 * 24 * 3_600_000 });
      process.stdout.write(`${kind} ${id} ${lang} v${version}: verified by ${role}; clients will see it within a minute\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}

async function linkStaffChat(config: Config): Promise<number> {
  if (config.staffChatId !== undefined) {
    process.stdout.write(`STAFF_CHAT_ID is set (${config.staffChatId}); unset it to link a group with a code instead.\n`);
    return 2;
  }
  const db = createDb(config.database);
  try {
    await db.migrate();
    const keys = createKeyring(resolveMasterSecret(config.masterSecret, config.keyFile).secret);
    const code = await createStaffLinkCode(createRelayStore(db.kysely, keys), Date.now());
    process.stdout.write(
      `Post this code in your staff forum group (the bot must be an admin there with "Manage topics"):\n\n    ${code}\n\nIt works once and expires in ${LINK_CODE_TTL_MS / 60_000} minutes. Netreach must be running to see it.\n`,
    );
    return 0;
  } finally {
    await db.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof UsageError) {
      process.stderr.write(`netreach: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof MasterSecretMismatchError || error instanceof KeyRotationInProgressError || error instanceof DatabaseInUseError) {
      process.stderr.write(`netreach: ${error.message}\n`);
      process.exitCode = 2;
    } else if (error instanceof TokenRejectedError) {
      process.stderr.write('netreach: bot token rejected by Telegram\n');
      process.exitCode = 2;
    } else {
      process.stderr.write(`netreach: ${error instanceof Error ? `${error.name}: ${error.message}` : 'failed'}\n`);
      process.exitCode = 1;
    }
  },
);
