import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir, tightenFile } from './private-files.ts';

/** Where the master secret came from, so start-up can warn when it was just created. */
export interface MasterSecret {
  secret: string;
  source: 'environment' | 'key-file' | 'generated';
  keyFile?: string;
}

/**
 * Returns the configured master secret without ever creating one: `NETREACH_SECRET` if set,
 * else the key file's content, else undefined. For commands that must work with the key a
 * database was written with (restore), where a new key would only make sealed data
 * unreadable. A key file readable by others is made 0600.
 */
export function readMasterSecret(fromEnv: string | undefined, keyFile: string): MasterSecret | undefined {
  if (fromEnv) return { secret: fromEnv, source: 'environment' };
  try {
    const secret = readFileSync(keyFile, 'utf8').trim();
    if (secret.length >= 32) {
      tightenFile(keyFile);
      return { secret, source: 'key-file', keyFile };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  return undefined;
}

/**
 * Returns the master secret: `NETREACH_SECRET` if set; else the key file beside the
 * database; else a new random secret written to that file with mode 0600 (its folder
 * created 0700). Losing the file makes every sealed message unreadable, so the caller warns
 * to back it up.
 */
export function resolveMasterSecret(fromEnv: string | undefined, keyFile: string): MasterSecret {
  const configured = readMasterSecret(fromEnv, keyFile);
  if (configured) return configured;
  ensurePrivateDir(dirname(keyFile));
  const secret = randomBytes(48).toString('base64url');
  // 'wx' refuses to overwrite: two processes starting at once cannot each write a different key.
  try {
    writeFileSync(keyFile, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return resolveMasterSecret(undefined, keyFile);
    throw error;
  }
  chmodSync(keyFile, 0o600);
  return { secret, source: 'generated', keyFile };
}
