/**
 * `netreach key rotate --new-secret-file PATH [--generate] [--batch-size N]`: moves every
 * sealed value, pseudonym and keyed hash of the database from the configured master secret
 * to a new one (src/storage/key-rotation.ts), refusing with one line (exit code 2) while
 * Netreach runs. Run again after an interruption, it continues where it stopped.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Config } from '../config.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { createDb } from '../storage/create-db.ts';
import { readMasterSecret } from '../storage/files/master-secret.ts';
import { ensurePrivateDir } from '../storage/files/private-files.ts';
import { DatabaseInUseError, lockDatabaseFile } from '../storage/files/process-lock.ts';
import { KeyRotationRefusedError, rotateMasterSecret, type RotateOptions } from '../storage/key-rotation.ts';

/** Bad arguments, or the rotation refused: one line on stderr, exit code 2. */
export class KeyRotateUsageError extends Error {
  override name = 'KeyRotateUsageError';
}

export const KEY_ROTATE_USAGE = 'usage: netreach key rotate --new-secret-file PATH [--generate] [--batch-size N]';

/** A key check value shortened for a message (it tells nothing about the secret either way). */
const short = (keyCheck: string) => `${keyCheck.slice(0, 12)}…`;

function parse(args: readonly string[]): { file: string; generate: boolean; batchSize: number } {
  let file: string | undefined;
  let generate = false;
  let batchSize = 500;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === '--generate') generate = true;
    else if (arg === '--new-secret-file' && value && !value.startsWith('--')) file = args[++i];
    else if (arg === '--batch-size' && value && /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 100_000) batchSize = Number(args[++i]);
    else throw new KeyRotateUsageError(KEY_ROTATE_USAGE);
  }
  if (!file) throw new KeyRotateUsageError(KEY_ROTATE_USAGE);
  return { file, generate, batchSize };
}

/** The new secret: read from its file, or (with --generate) written to a new one, mode 0600. */
function newSecret(file: string, generate: boolean, out: NodeJS.WritableStream): string {
  if (generate) {
    if (existsSync(file)) throw new KeyRotateUsageError(`${file} exists: to continue a rotation with it, run again without --generate; to start one, give a path that does not exist`);
    ensurePrivateDir(dirname(resolve(file)));
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    out.write(`generated a new master secret into ${resolve(file)} (mode 0600)\n`);
    return secret;
  }
  const read = readMasterSecret(undefined, file);
  if (!read) throw new KeyRotateUsageError(`no new secret in ${file} (it must exist and hold at least 32 characters); add --generate to create one`);
  return read.secret;
}

/**
 * Runs `netreach key rotate`; returns the exit code. Throws {@link KeyRotateUsageError} on bad
 * input or a refusal. `hooks` lets a test interrupt the run after a batch.
 */
export async function runKeyRotateCommand(config: Config, args: readonly string[], out: NodeJS.WritableStream = process.stdout, hooks: Pick<RotateOptions, 'afterBatch'> = {}): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'rotate') throw new KeyRotateUsageError(KEY_ROTATE_USAGE);
  const { file, generate, batchSize } = parse(rest);
  const configured = readMasterSecret(config.masterSecret, config.keyFile);
  if (!configured) throw new KeyRotateUsageError(`no master secret configured (NETREACH_SECRET or the key file ${resolve(config.keyFile)}): nothing to rotate from`);
  if (configured.keyFile !== undefined && resolve(configured.keyFile) === resolve(file)) throw new KeyRotateUsageError('the new secret file is the configured key file; give another path');
  let release: () => void = () => undefined;
  if (config.database.kind === 'sqlite' && config.database.path !== ':memory:') {
    try {
      release = lockDatabaseFile(config.database.path);
    } catch (error) {
      if (error instanceof DatabaseInUseError) throw new KeyRotateUsageError(`Netreach is running on this database (${error.message.replace(/^another Netreach process \((pid \d+)\).*$/, '$1')}); stop it, then rotate the key`);
      throw error;
    }
  }
  const db = createDb(config.database);
  try {
    await db.migrate();
    const known = [config.staffChatId, config.community?.chatId, config.channel?.chatId].filter((id): id is number => id !== undefined);
    let secret = '';
    // The new secret is read (or generated) only once the rotation may go ahead: a refused run leaves no new key file behind.
    const summary = await rotateMasterSecret(db.kysely, {
      oldSecret: configured.secret,
      newSecret: () => (secret = newSecret(file, generate, out)),
      batchSize,
      knownChatIds: known,
      ...hooks,
    });
    const next = createKeyring(secret);
    if (summary.outcome === 'already-done') {
      out.write(`the database is already under the new secret (key check ${short(next.checkValue)}); nothing to do. Start Netreach with the new secret.\n`);
      return 0;
    }
    const changed = Object.entries(summary.changed).filter(([, n]) => n > 0);
    out.write(`${summary.resumed ? 'continued the rotation started earlier; ' : ''}re-keyed ${changed.length === 0 ? 'no rows' : changed.map(([table, n]) => `${table} ${n}`).join(', ')}\n`);
    for (const [table, n] of Object.entries(summary.unlinked)) out.write(`${table}: ${n} keyed pseudonym(s) without a stored Telegram id were unlinked (they count as new when they write again)\n`);
    if (summary.voidedCodes > 0) out.write(`community access codes: ${summary.voidedCodes} unused code(s) made void (only their keyed hash was stored); print new ones with \`netreach codes create\`\n`);
    if (summary.cancelledAlerts > 0) out.write(`drug alerts: ${summary.cancelledAlerts} unfinished report(s) cancelled\n`);
    const install = config.masterSecret
      ? `set NETREACH_SECRET to the content of ${resolve(file)} (then delete that file)`
      : `move ${resolve(file)} over the key file (mv ${resolve(file)} ${resolve(config.keyFile)})`;
    out.write(
      `\nDone: every sealed value is under the new master secret (key check ${short(next.checkValue)}) and the database now refuses the old one. ` +
        `Next: ${install}, and start Netreach with it. Back up the new secret now, apart from the database backups. ` +
        `Then destroy every copy of the old secret: it no longer protects anything but backups made before this rotation, which need it; destroy those with it, or keep the old secret locked away exactly as long as you keep them.\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof KeyRotationRefusedError) throw new KeyRotateUsageError(error.message);
    throw error;
  } finally {
    await db.close();
    release();
  }
}
