/**
 * `netreach backup --out FILE` and `netreach restore FILE`: a consistent backup of the
 * running database (never the master secret), and its restore into an empty database of
 * either dialect, refused with one line (exit code 2) when the configured secret is not the
 * one the backup needs.
 */
import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { BackupFormatError } from '../storage/backup/format.ts';
import { openBackupFile, restoreBackup, RestoreRefusedError, type BackupReader } from '../storage/backup/restore-backup.ts';
import { BackupSourceError, writeBackup, type BackupMethod } from '../storage/backup/write-backup.ts';
import { createDb } from '../storage/create-db.ts';
import { readMasterSecret } from '../storage/files/master-secret.ts';
import { lockDatabaseFile } from '../storage/files/process-lock.ts';

/** Bad arguments, or a backup or restore refused: one line on stderr, exit code 2. */
export class BackupUsageError extends Error {
  override name = 'BackupUsageError';
}

export const BACKUP_USAGE = 'usage: netreach backup --out FILE';
export const RESTORE_USAGE = 'usage: netreach restore FILE';

const METHODS: Record<BackupMethod, string> = {
  'sqlite-online-backup': 'SQLite online backup API (a consistent copy while Netreach runs)',
  'postgres-repeatable-read-export': 'PostgreSQL transactional export (one REPEATABLE READ snapshot of every table; not pg_dump, so the file restores into SQLite too and says which key it needs)',
};

/** A key check value shortened for a message (it tells nothing about the secret either way). */
const short = (keyCheck: string) => `${keyCheck.slice(0, 12)}…`;

const keyHint = (config: Config) => (config.masterSecret ? 'NETREACH_SECRET' : `the key file ${resolve(config.keyFile)}`);

/** Runs `netreach backup`; returns the exit code. Throws {@link BackupUsageError} on bad input. */
export async function runBackupCommand(config: Config, args: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [flag, file, ...extra] = args;
  if (flag !== '--out' || !file || file.startsWith('--') || extra.length > 0) throw new BackupUsageError(BACKUP_USAGE);
  try {
    const summary = await writeBackup(config.database, file);
    const { header } = summary;
    out.write(
      `backup written: ${file} (${(summary.bytes / 1024).toFixed(0)} KiB, ${summary.tables} tables, ${summary.rows} rows, schema ${header.migrations[header.migrations.length - 1] ?? 'empty'})\n` +
        `method: ${METHODS[header.method]}\n` +
        `It does not contain the master secret. Restoring it needs the key with check value ${header.keyCheck ? short(header.keyCheck) : '(none yet)'}: keep a copy of ${keyHint(config)} separately, not beside the backup.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof BackupSourceError) throw new BackupUsageError(error.message);
    throw error;
  }
}

/** Runs `netreach restore`; returns the exit code. Throws {@link BackupUsageError} when it refuses. */
export async function runRestoreCommand(config: Config, args: readonly string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const [file, ...extra] = args;
  if (!file || file.startsWith('--') || extra.length > 0) throw new BackupUsageError(RESTORE_USAGE);
  let backup: BackupReader;
  try {
    backup = await openBackupFile(file);
  } catch (error) {
    if (error instanceof BackupFormatError) throw new BackupUsageError(error.message);
    throw error;
  }
  try {
    const { header } = backup;
    if (header.keyCheck !== null) {
      // Never a new key here: data sealed under the backup's key would be unreadable with it.
      const master = readMasterSecret(config.masterSecret, config.keyFile);
      if (!master) {
        throw new BackupUsageError(`no master secret: set NETREACH_SECRET or put the backup's key file at ${resolve(config.keyFile)} (key check ${short(header.keyCheck)}); refusing to restore`);
      }
      if (createKeyring(master.secret).checkValue !== header.keyCheck) {
        throw new BackupUsageError(`the master secret (${keyHint(config)}) is not the key this backup was made with (key check ${short(header.keyCheck)}); refusing to restore`);
      }
    }
    if (header.keyCheck === null) {
      out.write('note: the backup does not say which key it needs (its database had never been started); Netreach will use the configured master secret, which must be the one its data was sealed with\n');
    }
    // SQLite serves one process: a Netreach running on the file makes this stop with one line.
    const release = config.database.kind === 'sqlite' && config.database.path !== ':memory:' ? lockDatabaseFile(config.database.path) : () => undefined;
    const db = createDb(config.database);
    try {
      const summary = await restoreBackup(db, backup);
      out.write(
        `restored ${summary.rows} rows in ${summary.tables} tables from a ${header.dialect} backup of ${header.createdAt} into ${config.database.kind}` +
          `${summary.upgraded.length > 0 ? `; then applied ${summary.upgraded.join(', ')}` : ''}\n`,
      );
      return 0;
    } catch (error) {
      if (error instanceof RestoreRefusedError || error instanceof BackupFormatError) throw new BackupUsageError(error.message);
      throw error;
    } finally {
      await db.close();
      release();
    }
  } finally {
    backup.close();
  }
}
