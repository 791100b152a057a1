import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';

const run = promisify(execFile);

describe('parseConfig', () => {
  it('defaults to SQLite under ./data, loopback and polling', () => {
    const config = parseConfig({});
    expect(config.database).toEqual({ kind: 'sqlite', path: './data/netreach.db', url: 'sqlite:./data/netreach.db' });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 3000, botMode: 'polling', botToken: undefined, telegramApiRoot: 'https://api.telegram.org', keyFile: './data/netreach.key' });
  });

  it('reads PostgreSQL, a staff group, webhook mode and a master secret', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://u@db:5432/netreach',
      STAFF_CHAT_ID: '-1001234567890',
      BOT_TOKEN: '123456789:AAHfakefakefakefakefakefake_-123',
      BOT_MODE: 'webhook',
      WEBHOOK_URL: 'https://outreach.example.org',
      WEBHOOK_SECRET: 'a-long-enough-secret-123',
      NETREACH_SECRET: 'x'.repeat(40),
      PORT: '8080',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u@db:5432/netreach' });
    expect(config.staffChatId).toBe(-1001234567890);
    expect(config.webhook).toEqual({ url: 'https://outreach.example.org', secret: 'a-long-enough-secret-123' });
    expect(config.port).toBe(8080);
    expect(config.masterSecret).toBe('x'.repeat(40));
  });

  it('reads the channel: its id, the weekly schedule post and its language', () => {
    expect(parseConfig({}).channel).toBeUndefined();
    expect(parseConfig({ CHANNEL_CHAT_ID: '-1001234567891', CHANNEL_SCHEDULE_POST: 'Mon 09:00' }).channel).toEqual({ chatId: -1001234567891, schedulePost: 'mon 09:00', language: 'ru' });
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ STAFF_CHAT_ID: '12345' }, 'STAFF_CHAT_ID'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ BOT_MODE: 'push' }, 'BOT_MODE'],
    [{ BOT_TOKEN: 'not-a-token' }, 'BOT_TOKEN'],
    [{ BOT_MODE: 'webhook', BOT_TOKEN: '123456789:AAHfakefakefakefakefakefake_-123' }, 'WEBHOOK_URL'],
    [{ NETREACH_SECRET: 'short' }, 'NETREACH_SECRET'],
    [{ TELEGRAM_API_ROOT: 'nope' }, 'TELEGRAM_API_ROOT'],
    [{ WORKING_HOURS: 'weekdays 9 to 5' }, 'WORKING_HOURS'],
    [{ TIMEZONE: 'Mars/Olympus' }, 'TIMEZONE'],
    [{ HOLIDAYS: '31.12.2026' }, 'HOLIDAYS'],
    [{ EMERGENCY_NUMBERS: 'call mom' }, 'EMERGENCY_NUMBERS'],
    [{ ON_CALL_ROTA: 'mon-fri 19:00-24:00' }, 'ON_CALL_ROTA'],
    [{ CHANNEL_CHAT_ID: '42' }, 'CHANNEL_CHAT_ID'],
    [{ CHANNEL_SCHEDULE_POST: 'monday 9am' }, 'CHANNEL_SCHEDULE_POST'],
  ])('rejects %o naming %s', (env, variable) => {
    let caught: unknown;
    try {
      parseConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variable).toBe(variable);
    expect((caught as ConfigError).message.startsWith(variable)).toBe(true);
  });
});

describe('netreach CLI with a bad value', () => {
  it('prints one line naming the variable and exits with code 2, without a stack', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'netreach-cli-'));
    const bin = join(import.meta.dirname, '..', 'bin', 'netreach.js');
    const result = await run(process.execPath, [bin, 'start'], { cwd, env: { ...process.env, PORT: 'not-a-port' } }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(result.code).toBe(2);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^netreach: PORT /);
    expect(result.stderr).not.toMatch(/\bat .*\(/);
  });
});
