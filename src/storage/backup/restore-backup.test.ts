import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, postgresUrlWithSchema, type TestDatabase } from '../../../test/support/databases.ts';
import { createDb } from '../create-db.ts';
import { openBackupFile, restoreBackup, RestoreRefusedError } from './restore-backup.ts';
import { writeBackup } from './write-backup.ts';

/** Rewrites a backup's lines (header first) into a new gzip file. */
function rewrite(from: string, to: string, edit: (lines: string[]) => string[]): void {
  const lines = gunzipSync(readFileSync(from)).toString('utf8').trimEnd().split('\n');
  writeFileSync(to, gzipSync(`${edit(lines).join('\n')}\n`));
}

const configOf = (t: TestDatabase) => (t.schema ? { kind: 'postgres' as const, url: postgresUrlWithSchema(t.schema) } : t.config);

for (const dialect of DIALECTS) {
  describe(`restore across schema versions on ${dialect}`, () => {
    const scratch = mkdtempSync(join(tmpdir(), 'netreach-restore-unit-'));
    const open: TestDatabase[] = [];
    afterAll(async () => {
      for (const t of open) await t.cleanup();
      rmSync(scratch, { recursive: true, force: true });
    });

    it('restores a backup from an older version at its schema version, then applies the newer migrations', async (ctx) => {
      const source = await openTestDatabase(dialect);
      if (!source) return ctx.skip();
      open.push(source);
      await source.db.kysely.insertInto('settings').values({ key: 'org_name', value: 'Test org', updated_at: 1 }).execute();
      const file = join(scratch, 'current.gz');
      await writeBackup(configOf(source), file);
      // The same data as a backup written before migrations 0011 (the leases table) and 0012
      // (the web chat's limits table; its new client columns are empty here).
      const upgrades = ['0011-leases', '0012-web-chat'];
      const older = join(scratch, 'older.gz');
      rewrite(file, older, (lines) => {
        const header = JSON.parse(lines[0] ?? '{}') as { migrations: string[] };
        header.migrations = header.migrations.filter((m) => !upgrades.includes(m));
        let kept = [JSON.stringify(header), ...lines.slice(1, -1)].filter((l) => !upgrades.some((m) => l.startsWith(`["${m}"`)));
        for (const table of ['{"table":"leases","columns":["name","holder","expires_at"]}', '{"table":"web_chat_limits","columns":["bucket","count","window_ends_at"]}']) {
          const start = kept.indexOf(table);
          expect(start).toBeGreaterThan(0);
          kept = [...kept.slice(0, start), ...kept.slice(start + 2)];
        }
        expect(kept.some((l) => l.startsWith('{"table":"clients"') && l.includes(',"via","web_seen_at"'))).toBe(true);
        kept = kept.map((l) => (l.startsWith('{"table":"clients"') ? l.replace(',"via","web_seen_at"', '') : l));
        const rows = kept.filter((l) => l.startsWith('[')).length;
        const tables = kept.filter((l) => l.startsWith('{"end"')).length;
        return [...kept.map((l) => (l.startsWith('{"end":"kysely_migration",') ? l.replace(/"rows":(\d+)/, (_m, n: string) => `"rows":${Number(n) - upgrades.length}`) : l)), JSON.stringify({ done: true, tables, rows })];
      });

      // A new, unmigrated database (openTestDatabase would migrate it to the latest version).
      const schema = `r_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const target = join(scratch, 'target.db');
      const db = createDb(dialect === 'sqlite' ? { kind: 'sqlite', path: target, url: `sqlite:${target}` } : { kind: 'postgres', url: postgresUrlWithSchema(schema) });
      try {
        const backup = await openBackupFile(older);
        try {
          const summary = await restoreBackup(db, backup);
          expect(summary.upgraded).toEqual(upgrades);
        } finally {
          backup.close();
        }
        expect(await db.kysely.selectFrom('settings').select('value').where('key', '=', 'org_name').executeTakeFirst()).toEqual({ value: 'Test org' });
        expect(await db.kysely.selectFrom('leases').select('name').execute()).toEqual([]);

        // A backup from a newer version (a migration this code does not know) is refused.
        const newer = join(scratch, 'newer.gz');
        rewrite(file, newer, (lines) => {
          const header = JSON.parse(lines[0] ?? '{}') as { migrations: string[] };
          header.migrations.push('9999-from-the-future');
          return [JSON.stringify(header), ...lines.slice(1)];
        });
        const future = await openBackupFile(newer);
        try {
          await expect(restoreBackup(db, future)).rejects.toThrow(RestoreRefusedError);
          await expect(restoreBackup(db, future)).rejects.toThrow(/newer or different version/);
        } finally {
          future.close();
        }
      } finally {
        if (dialect === 'postgres') await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db.kysely);
        await db.close();
      }
    });
  });
}
