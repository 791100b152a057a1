import { ConfigError, loadConfig, type Config } from './config.ts';
import { createStaffLinkCode, LINK_CODE_TTL_MS } from './core/link-staff-chat.ts';
import { createKeyring } from './crypto/keyring.ts';
import { resolveMasterSecret } from './crypto/master-secret.ts';
import { createLogger } from './logger.ts';
import { startNetreach } from './netreach.ts';
import { createDb } from './storage/create-db.ts';
import { createRelayStore } from './storage/relay-store.ts';
import { TokenRejectedError } from './telegram/ingestion.ts';

const HELP = `netreach — anonymous Telegram outreach for harm-reduction organisations

Usage: netreach <command>

  start               run everything (bot, outbox, HTTP); training mode without BOT_TOKEN
  migrate             apply database migrations and exit
  staff-chat link     print a one-time code; post it in the staff forum group to link it
  triage              classify JSON lines {"id","text"} from stdin into needs and urgency
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
      const { runTriageCli } = await import('./triage/cli.ts');
      await runTriageCli(process.stdin, process.stdout, { termsDir: config.triageTermsDir });
      return 0;
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
  const netreach = await startNetreach(config, {
    logger,
    // Loaded only in training mode, so a production start does not load the emulator.
    trainingEndpoint: async () => (await import('./training.ts')).startTrainingEndpoint(),
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
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  logger.info('stopping');
  await netreach.stop();
  return 0;
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
    } else if (error instanceof TokenRejectedError) {
      process.stderr.write('netreach: bot token rejected by Telegram\n');
      process.exitCode = 2;
    } else {
      process.stderr.write(`netreach: ${error instanceof Error ? `${error.name}: ${error.message}` : 'failed'}\n`);
      process.exitCode = 1;
    }
  },
);
