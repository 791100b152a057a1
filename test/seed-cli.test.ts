/**
 * `netreach seed --demo` seals its data under the configured master secret: it records that
 * key's check value as `start` does, so a later start with another secret is refused (exit 2)
 * instead of running over data it cannot read.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_EMULATOR_TOKEN } from '../src/emulator/index.ts';
import { cli } from './support/cli.ts';



describe('seed --demo and the master secret', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-seed-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('records the key it sealed with; a start with another secret is then refused with exit 2', async () => {
    const base = { DATABASE_URL: `sqlite:${join(dir, 'netreach.db')}`, LOG_LEVEL: 'silent' };
    const seeded = await cli(['seed', '--demo', '--cases', '20', '--months', '1'], { ...base, NETREACH_SECRET: 'seed-test-master-secret-0123456789-abcdefgh' });
    expect(seeded.code).toBe(0);
    // With a bot token (training mode would use a database of its own); the key check comes before any call to Telegram.
    const other = await cli(['start'], { ...base, NETREACH_SECRET: 'another-master-secret-not-the-one-0123456789', PORT: '0', BOT_TOKEN: DEFAULT_EMULATOR_TOKEN, TELEGRAM_API_ROOT: 'http://127.0.0.1:9' });
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/master secret/i);
  }, 90_000);
});
