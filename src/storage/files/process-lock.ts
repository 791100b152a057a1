import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from './private-files.ts';

/** Another live process has this SQLite database open. */
export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
  constructor(path: string, pid: number) {
    super(`another Netreach process (pid ${pid}) is using ${path}; SQLite serves one process (several instances need PostgreSQL)`);
  }
}

/** Locks held by this process, by lock file, with how many holders (several instances in one process share one). */
const held = new Map<string, number>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims a SQLite database file for this process with a lock file beside it (`<file>.lock`,
 * holding the pid). A lock left by a process that died (kill -9) is taken over; one of a live
 * process makes this throw {@link DatabaseInUseError}. The lock file is 0600. Returns the release.
 */
export function lockDatabaseFile(dbPath: string): () => void {
  const lockPath = `${dbPath}.lock`;
  const release = () => {
    const count = (held.get(lockPath) ?? 1) - 1;
    if (count > 0) {
      held.set(lockPath, count);
      return;
    }
    held.delete(lockPath);
    rmSync(lockPath, { force: true });
  };
  if (held.has(lockPath)) {
    held.set(lockPath, (held.get(lockPath) ?? 0) + 1);
    return release;
  }
  // The lock may come first on a new install: its folder is the data folder (0700).
  ensurePrivateDir(dirname(dbPath));
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      held.set(lockPath, 1);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
      const pid = Number(readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DatabaseInUseError(dbPath, pid);
      // Left by a process that is gone: take it over.
      rmSync(lockPath, { force: true });
    }
  }
}
