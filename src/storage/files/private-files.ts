import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * Files and folders that hold cases, keys or backups are for the service account only: the
 * data folder 0700, every file in it 0600. A database file readable by others sitting
 * beside the key file would hand both halves to anyone with a shell on the machine.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) with mode 0700. A folder that already exists is left
 * as it is: it may be one the administrator chose and shares on purpose (a home folder).
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/**
 * Makes sure `path` exists with mode 0600: creates it empty if absent, and takes group and
 * other permissions away from one that exists (files of older versions were 0644). SQLite
 * gives its -wal and -shm files the database file's mode, so this covers them when they
 * are created later. A file this process does not own is left alone (chmod would fail).
 */
export function ensurePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  tightenFile(path);
}

/** Removes group and other permissions from `path` if it exists; best effort. */
export function tightenFile(path: string): void {
  try {
    const { mode } = statSync(path);
    if ((mode & 0o077) !== 0) chmodSync(path, mode & 0o700);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EPERM') throw error;
  }
}
