/**
 * Security finding 8 (issue 14): database files were 0644 in the same folder as the key.
 * The data folder is created 0700; the database, its -wal and -shm, the lock and the key
 * file are 0600, and a database file left 0644 by an older version is tightened when opened.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.ts';
import { createEmulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';
import { startNetreach } from '../src/app/netreach.ts';
import { createLogger } from '../src/logger.ts';
import { createDb } from '../src/storage/create-db.ts';

const STAFF = -1_009_800_000_002;
const mode = (path: string) => statSync(path).mode & 0o777;

describe('file modes', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'netreach-modes-test-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('keeps the data folder 0700 and the database, WAL, lock and key files 0600', async () => {
    const emulator = createEmulator();
    const client = emulator.createUser({ firstName: 'Client', languageCode: 'en' }).id;
    const worker = emulator.createUser({ firstName: 'Worker', languageCode: 'en' }).id;
    emulator.createForumGroup({ id: STAFF, title: 'Staff', adminUserIds: [worker] });
    const server = await startEmulatorServer(emulator);
    const dir = join(scratch, 'nested', 'data');
    // No NETREACH_SECRET: the key file is generated beside the database.
    const config = parseConfig({
      BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: server.url,
      STAFF_CHAT_ID: String(STAFF),
      DATABASE_URL: `sqlite:${join(dir, 'netreach.db')}`,
      PORT: '0',
      TELEGRAM_RATE_LIMITS: 'off',
      WORKING_HOURS: 'mon-sun 00:00-24:00',
    });
    const netreach = await startNetreach(config, { logger: createLogger('error'), pollTimeout: 1 });
    try {
      emulator.userSendMessage({ userId: client, text: 'mode check' });
      await emulator.waitFor((m) => m.chat.id === STAFF && m.text === 'mode check', 10_000);
      await netreach.sender.drained();
      expect(mode(dir)).toBe(0o700);
      for (const file of ['netreach.db', 'netreach.db-wal', 'netreach.db-shm', 'netreach.db.lock', 'netreach.key']) {
        expect([file, mode(join(dir, file))]).toEqual([file, 0o600]);
      }
    } finally {
      await netreach.stop();
      await server.close();
    }
  }, 30_000);

  it('makes a database file left 0644 by an older version 0600 when it is opened', async () => {
    const old = join(scratch, 'old.db');
    writeFileSync(old, '', { mode: 0o644 });
    expect(mode(old)).toBe(0o644);
    const db = createDb({ kind: 'sqlite', path: old, url: `sqlite:${old}` });
    await db.migrate();
    await db.close();
    expect(mode(old)).toBe(0o600);
  });
});
