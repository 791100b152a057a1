/**
 * What stops a deployment from splitting itself (issue 12): a second process on one SQLite
 * file, and a process with another master secret than the database's, refuse to start with
 * one clear line and exit code 2.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENT_ID, STAFF_CHAT_ID, startHarness, type Harness } from './support/harness.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'netreach.js');

function runStart(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'start'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('safety rails at start-up', () => {
  let h: Harness | undefined;
  afterAll(async () => {
    await h?.stop();
  });

  it('a second process on the same SQLite file refuses, and one with another master secret refuses', async () => {
    h = await startHarness('sqlite');
    if (!h) throw new Error('no harness');
    h.emulator.userSendMessage({ userId: CLIENT_ID, text: 'hello' });
    await h.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && m.text === 'hello', 10_000);
    const base = { BOT_TOKEN: h.emulator.token, TELEGRAM_API_ROOT: h.apiRoot, DATABASE_URL: h.config.database.url, STAFF_CHAT_ID: String(STAFF_CHAT_ID), PORT: '0', LOG_LEVEL: 'warn' };

    const second = await runStart({ ...base, NETREACH_SECRET: 'harness-master-secret-0123456789-abcdefghij' });
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/another Netreach process \(pid \d+\) is using .*SQLite serves one process/);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);

    // Once the first stops, the file is free; a process with another secret is refused by the key check.
    await h.netreach.stop();
    const wrongKey = await runStart({ ...base, NETREACH_SECRET: 'a-different-master-secret-0123456789-abcdef' });
    expect(wrongKey.code).toBe(2);
    expect(wrongKey.stderr).toMatch(/master secret .* is not the one this database was written with/);
    expect(wrongKey.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);
});
