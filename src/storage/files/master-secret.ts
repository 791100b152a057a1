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
 * Returns the master secret: `NETREACH_SECRET` if set; else the key file beside the
 * database; else a new random secret written to that file with mode 0600. Losing the
 * file makes every sealed message unreadable, so the caller warns to back it up. The key
 * file's folder is created 0700, and a key file readable by others is made 0600.
 */
export function resolveMasterSecret(fromEnv: string | undefined, keyFile: string): MasterSecret {
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
