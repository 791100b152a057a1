/**
 * `netreach backup` and `netreach restore` (issue 14), as an administrator runs them: the
 * real CLI in a child process, real SQLite files and PostgreSQL schemas, Netreach against
 * the Bot API emulator. A relayed conversation survives backup → empty database → restore
 * (into either dialect); a wrong or missing secret and a non-empty database are refused with
 * one line and exit code 2.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../src/config.ts';
import { createKeyring } from '../src/core/crypto/keyring.ts';
import { createEmulator, type Emulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';
import { startNetreach, type Netreach } from '../src/app/netreach.ts';
import { createLogger } from '../src/logger.ts';
import { createDb } from '../src/storage/create-db.ts';
import { checkMasterKey } from '../src/storage/key-check.ts';
import { DIALECTS, postgresAvailable, type DialectName } from './support/databases.ts';
import { databaseUrlFor } from './support/harness.ts';
import { cli, expectOneLine } from './support/cli.ts';

const SECRET = 'backup-test-master-secret-0123456789-abcdefgh';
const OTHER_SECRET = 'another-master-secret-not-the-one-0123456789';
const STAFF = -1_009_800_000_001;

interface World {
  emulator: Emulator;
  apiRoot: string;
  client: number;
  worker: number;
  close(): Promise<void>;
}

async function world(): Promise<World> {
  const emulator = createEmulator();
  const client = emulator.createUser({ firstName: 'Backupclientname', username: 'backup_client_private', languageCode: 'en' }).id;
  const worker = emulator.createUser({ firstName: 'Worker', languageCode: 'en' }).id;
  emulator.createForumGroup({ id: STAFF, title: 'Staff', adminUserIds: [worker] });
  const server = await startEmulatorServer(emulator);
  return { emulator, apiRoot: server.url, client, worker, close: () => server.close() };
}

function env(w: World, databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    BOT_TOKEN: w.emulator.token,
    TELEGRAM_API_ROOT: w.apiRoot,
    STAFF_CHAT_ID: String(STAFF),
    DATABASE_URL: databaseUrl,
    NETREACH_SECRET: SECRET,
    PORT: '0',
    LOG_LEVEL: 'warn',
    TELEGRAM_RATE_LIMITS: 'off',
    WORKING_HOURS: 'mon-sun 00:00-24:00',
    STAFF_LANGUAGE: 'en',
    ...extra,
  };
}

const start = (config: Config): Promise<Netreach> => startNetreach(config, { logger: createLogger('warn'), pollTimeout: 1 });


const mode = (path: string) => statSync(path).mode & 0o777;

describe('backup and restore', async () => {
  const pgUp = await postgresAvailable();
  const cleanups: Array<() => Promise<void>> = [];
  const scratch = mkdtempSync(join(tmpdir(), 'netreach-backup-test-'));
  cleanups.push(async () => rmSync(scratch, { recursive: true, force: true }));
  afterAll(async () => {
    for (const clean of cleanups.reverse()) await clean().catch(() => undefined);
  });
  const database = async (dialect: DialectName) => {
    const d = await databaseUrlFor(dialect);
    if (!d) throw new Error('PostgreSQL unavailable');
    cleanups.push(() => d.drop());
    return d;
  };

  for (const from of DIALECTS) {
    for (const to of DIALECTS) {
      it.skipIf((from === 'postgres' || to === 'postgres') && !pgUp)(`a relayed conversation survives backup (${from}, while running) → empty database → restore (${to}): a reply in the old topic reaches the client`, async () => {
        const w = await world();
        cleanups.push(() => w.close());
        const source = await database(from);
        const a = await start(parseConfig(env(w, source.url)));
        let aStopped = false;
        cleanups.push(async () => {
          if (!aStopped) await a.stop();
        });
        w.emulator.userSendMessage({ userId: w.client, text: 'need clean needles phrase-before-backup' });
        const relayed = await w.emulator.waitFor((m) => m.chat.id === STAFF && m.text === 'need clean needles phrase-before-backup', 10_000);
        const thread = relayed.message_thread_id ?? 0;
        expect(thread).toBeGreaterThan(0);
        w.emulator.userSendMessage({ userId: w.worker, chatId: STAFF, messageThreadId: thread, text: 'the bus is on thursdays worker-reply-one' });
        await w.emulator.waitFor((m) => m.chat.id === w.client && (m.text ?? '').includes('worker-reply-one'), 10_000);
        await a.sender.drained();

        // Online: Netreach is still running while the backup is taken.
        const file = join(scratch, `${from}-to-${to}.netreach-backup.gz`);
        const backup = await cli(['backup', '--out', file], env(w, source.url));
        expect(backup.stderr).toBe('');
        expect(backup.code).toBe(0);
        expect(backup.stdout).toMatch(from === 'sqlite' ? /SQLite online backup API/ : /PostgreSQL transactional export \(one REPEATABLE READ snapshot/);
        expect(backup.stdout).toMatch(/does not contain the master secret/);
        expect(mode(file)).toBe(0o600);
        expect(existsSync(`${file}.partial`)).toBe(false);
        const text = gunzipSync(readFileSync(file)).toString('utf8');
        const header = JSON.parse(text.slice(0, text.indexOf('\n'))) as Record<string, unknown>;
        expect(header).toMatchObject({ format: 'netreach-backup', version: 1, dialect: from, keyCheck: createKeyring(SECRET).checkValue });
        expect((header.migrations as string[]).length).toBeGreaterThan(0);
        // Never the secret; and what the database holds sealed stays sealed in the file.
        expect(text).not.toContain(SECRET);
        expect(text).not.toContain('phrase-before-backup');
        expect(text).not.toContain('Backupclientname');
        expect(text).not.toContain(String(w.client));
        expect(text.trimEnd().split('\n').at(-1)).toMatch(/^\{"done":true/);
        await a.stop();
        aStopped = true;

        const target = await database(to);
        const restore = await cli(['restore', file], env(w, target.url));
        expect(restore.stderr).toBe('');
        expect(restore.code).toBe(0);
        expect(restore.stdout).toMatch(new RegExp(`from a ${from} backup .* into ${to}`));
        if (target.dir) expect(mode(join(target.dir, 'netreach.db'))).toBe(0o600);

        const b = await start(parseConfig(env(w, target.url)));
        cleanups.push(() => b.stop());
        // A worker's reply in the old topic still reaches the client…
        w.emulator.userSendMessage({ userId: w.worker, chatId: STAFF, messageThreadId: thread, text: 'still here after restore worker-reply-two' });
        await w.emulator.waitFor((m) => m.chat.id === w.client && (m.text ?? '').includes('worker-reply-two'), 10_000);
        // …and the client's next message continues the same case in the same topic (new ids after the restored ones).
        w.emulator.userSendMessage({ userId: w.client, text: 'thanks phrase-after-restore' });
        const again = await w.emulator.waitFor((m) => m.chat.id === STAFF && m.text === 'thanks phrase-after-restore', 10_000);
        expect(again.message_thread_id).toBe(thread);
        await b.sender.drained();
        const cases = await b.db.kysely.selectFrom('cases').select('id').execute();
        expect(cases).toHaveLength(1);
        const messages = await b.db.kysely.selectFrom('messages').select('id').orderBy('id').execute();
        expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
      }, 90_000);
    }
  }

  for (const dialect of DIALECTS) {
    it.skipIf(dialect === 'postgres' && !pgUp)(`refuses, with one line and exit code 2, a wrong secret, no secret, and a database that is not empty (${dialect})`, async () => {
      const w = await world();
      cleanups.push(() => w.close());
      const source = await database(dialect);
      // A database that was started once (it holds the key check value) with one client row.
      const db = createDb(parseConfig(env(w, source.url)).database);
      await db.migrate();
      await checkMasterKey(db.kysely, createKeyring(SECRET), Date.now());
      await db.kysely.insertInto('clients').values({ pseudonym: 'p-1', code: 'K-TEST', chat_sealed: null, language: 'en', first_seen_at: 1, last_seen_at: 1, unreachable: 0, erased_at: null }).execute();
      await db.close();
      const file = join(scratch, `refusals-${dialect}.gz`);
      expect((await cli(['backup', '--out', file], env(w, source.url))).code).toBe(0);

      const target = await database(dialect);
      const wrong = await cli(['restore', file], env(w, target.url, { NETREACH_SECRET: OTHER_SECRET }));
      expect(wrong.code).toBe(2);
      expectOneLine(wrong.stderr, /master secret .* is not the key this backup was made with/);

      // No secret configured: refused, and no new key file is generated.
      const keyFile = join(scratch, `absent-${dialect}`, 'netreach.key');
      const { NETREACH_SECRET: _secret, ...withoutSecret } = env(w, target.url, { NETREACH_KEY_FILE: keyFile });
      const none = await cli(['restore', file], withoutSecret);
      expect(none.code).toBe(2);
      expectOneLine(none.stderr, /no master secret/);
      expect(existsSync(keyFile)).toBe(false);

      // The right key in the key file is enough.
      const rightKeyFile = join(scratch, `right-${dialect}.key`);
      writeFileSync(rightKeyFile, `${SECRET}\n`, { mode: 0o600 });
      const { NETREACH_SECRET: _s, ...withKeyFile } = env(w, target.url, { NETREACH_KEY_FILE: rightKeyFile });
      const ok = await cli(['restore', file], withKeyFile);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);

      // Again into the same, now populated database: refused, nothing added.
      const twice = await cli(['restore', file], env(w, target.url));
      expect(twice.code).toBe(2);
      expectOneLine(twice.stderr, /not empty \(table \w+ has rows\)/);
      const check = createDb(parseConfig(env(w, target.url)).database);
      try {
        expect(await check.kysely.selectFrom('clients').select('code').execute()).toEqual([{ code: 'K-TEST' }]);
      } finally {
        await check.close();
      }

      // Not a backup, and a file cut short: one line, exit 2.
      const fresh = await database(dialect);
      const notBackup = join(scratch, `not-a-backup-${dialect}`);
      writeFileSync(notBackup, 'hello');
      expectOneLine((await cli(['restore', notBackup], env(w, fresh.url))).stderr, /is not a Netreach backup/);
      const cut = join(scratch, `cut-${dialect}.gz`);
      const whole = readFileSync(file);
      writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
      const cutRun = await cli(['restore', cut], env(w, fresh.url));
      expect(cutRun.code).toBe(2);
      expectOneLine(cutRun.stderr, /damaged or cut off|cut off/);
    }, 90_000);
  }
});
