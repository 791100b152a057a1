import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import type { AccountStore } from '../core/accounts/ports.ts';
import type { CaseWorkStore } from '../core/case-work/ports.ts';
import type { ContentStore, VerificationStore } from '../core/content/ports.ts';
import { createKeyring, type Keyring } from '../core/crypto/keyring.ts';
import type { HousekeepingStore } from '../core/housekeeping/ports.ts';
import type { InboxStore } from '../core/inbox/ports.ts';
import type { LeaseStore } from '../core/leases/ports.ts';
import type { OperationsStore } from '../core/metrics/ports.ts';
import type { MobileUnitStore } from '../core/mobile-units/ports.ts';
import type { OutboxStore } from '../core/outbox/ports.ts';
import type { Transactor } from '../core/ports.ts';
import type { ReportStore } from '../core/reports/ports.ts';
import type { OrgSettingsStore } from '../core/settings/ports.ts';
import type { TimerStore } from '../core/timers/ports.ts';
import { createAccountStore } from '../storage/account-store.ts';
import { createCaseWorkStore } from '../storage/case-work-store.ts';
import { createContentStore } from '../storage/content-store.ts';
import { createDb, type Db } from '../storage/create-db.ts';
import { resolveMasterSecret } from '../storage/files/master-secret.ts';
import { lockDatabaseFile } from '../storage/files/process-lock.ts';
import { createHousekeepingStore } from '../storage/housekeeping-store.ts';
import { createInboxStore } from '../storage/inbox-store.ts';
import { createLeaseStore } from '../storage/lease-store.ts';
import { checkMasterKey } from '../storage/key-check.ts';
import { createMobileUnitStore } from '../storage/mobile-unit-store.ts';
import { createOperationsStore } from '../storage/operations-store.ts';
import { createOrgSettingsStore } from '../storage/org-settings-store.ts';
import { createOutboxStore } from '../storage/outbox-store.ts';
import { createReportStore } from '../storage/report-store.ts';
import { createTimerStore } from '../storage/timer-store.ts';
import { createTransactor } from '../storage/transactor.ts';
import { createVerificationStore } from '../storage/verification-store.ts';

/** Every store the process uses, each built once over one database. */
export interface Storage {
  readonly db: Db;
  /** The database actually opened (training mode opens one of its own). */
  readonly database: Config['database'];
  readonly keys: Keyring;
  /** The one transaction runner: the use-cases of the bot, the dashboard and the jobs run in it. */
  readonly transactor: Transactor;
  readonly inbox: InboxStore;
  readonly outbox: OutboxStore;
  readonly timers: TimerStore;
  readonly accounts: AccountStore;
  readonly caseWork: CaseWorkStore;
  readonly verifications: VerificationStore;
  readonly orgSettings: OrgSettingsStore;
  readonly mobileUnits: MobileUnitStore;
  readonly snippets: ContentStore;
  readonly housekeeping: HousekeepingStore;
  readonly reports: ReportStore;
  readonly leases: LeaseStore;
  /** Short aggregate reads for /metrics. */
  readonly operations: OperationsStore;
  /** Closes the database (and lets another process open a SQLite file). */
  close(): Promise<void>;
}

/**
 * Opens the database (migrated) and builds the stores over it. The master secret seals
 * every message and chat id; one generated here is written to the key file, and said so.
 * Training mode gets a database of its own, new at every start: its emulator's chats are
 * new too, and training must never mix with (or show) real clients' cases.
 */
export async function openStorage(config: Config, options: { logger: Logger; training: boolean }): Promise<Storage> {
  const master = resolveMasterSecret(config.masterSecret, config.keyFile);
  if (master.source === 'generated') {
    options.logger.warn({ keyFile: master.keyFile }, 'generated a new master secret; back up this file: without it stored messages cannot be read');
  }
  const keys = createKeyring(master.secret);
  const database = options.training ? trainingDatabase(config.database) : config.database;
  // SQLite serves one process: a second one on the same file stops here with a clear line.
  const release = database.kind === 'sqlite' && database.path !== ':memory:' ? lockDatabaseFile(database.path) : () => undefined;
  const db = createDb(database);
  try {
    await db.migrate();
    // A process with another secret would write what this database cannot read: it stops here.
    await checkMasterKey(db.kysely, keys, Date.now());
  } catch (error) {
    await db.close().catch(() => undefined);
    release();
    throw error;
  }
  const k = db.kysely;
  return {
    db,
    database,
    keys,
    transactor: createTransactor(k, keys),
    inbox: createInboxStore(k, keys),
    outbox: createOutboxStore(k, keys),
    timers: createTimerStore(k, keys),
    accounts: createAccountStore(k, keys),
    caseWork: createCaseWorkStore(k, keys),
    verifications: createVerificationStore(k),
    orgSettings: createOrgSettingsStore(k),
    mobileUnits: createMobileUnitStore(k),
    snippets: createContentStore(k),
    housekeeping: createHousekeepingStore(k),
    reports: createReportStore(k),
    leases: createLeaseStore(k),
    operations: createOperationsStore(k),
    async close() {
      await db.close();
      release();
    },
  };
}

/** `training.db` beside the configured SQLite file (or in ./data), emptied. */
function trainingDatabase(configured: Config['database']): Config['database'] {
  const dir = configured.kind === 'sqlite' && configured.path !== ':memory:' ? dirname(configured.path) : './data';
  const path = join(dir, 'training.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  return { kind: 'sqlite', path, url: `sqlite:${path}` };
}
