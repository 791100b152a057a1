import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../src/emulator/emulator.ts';
import { startEmulatorServer } from '../src/emulator/server.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'netreach.js');
const STAFF = -1_009_500_000_001;
const CLIENTS = 30;
const PER_CLIENT = 10;

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`netreach exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.status === 200, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('netreach did not become healthy');
}

describe('crash safety', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netreach-crash-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('kill -9 while 300 messages from 30 clients flow, then restart: every message reaches the staff group, at most 2 twice', async () => {
    const emulator = createEmulator();
    const worker = emulator.createUser({ firstName: 'Worker' });
    emulator.createForumGroup({ id: STAFF, title: 'Staff', adminUserIds: [worker.id] });
    const clients = Array.from({ length: CLIENTS }, (_, i) => emulator.createUser({ firstName: `Client ${i}`, languageCode: i % 2 ? 'en' : 'ru' }));
    const server = await startEmulatorServer(emulator);
    const port = await freePort();
    const env = {
      ...process.env,
      BOT_TOKEN: emulator.token,
      TELEGRAM_API_ROOT: server.url,
      STAFF_CHAT_ID: String(STAFF),
      DATABASE_URL: `sqlite:${join(dir, 'netreach.db')}`,
      NETREACH_SECRET: 'crash-test-master-secret-0123456789abcdef',
      PORT: String(port),
      LOG_LEVEL: 'warn',
      TELEGRAM_RATE_LIMITS: 'off',
      WORKING_HOURS: 'mon-sun 00:00-24:00',
    };
    const url = `http://127.0.0.1:${port}`;
    const launch = () => {
      const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
      children.push(child);
      return child;
    };
    const relayedTexts = () => emulator.history(STAFF).map((m) => m.text ?? '').filter((t) => t.startsWith('msg '));

    try {
      const first = launch();
      await waitHealthy(url, first);
      const expected: string[] = [];
      // Messages keep arriving while the process is killed and restarted.
      const sending = (async () => {
        for (let j = 0; j < PER_CLIENT; j++) {
          for (const [i, client] of clients.entries()) {
            const text = `msg ${i}-${j}`;
            expected.push(text);
            emulator.userSendMessage({ userId: client.id, text });
          }
          await new Promise((r) => setTimeout(r, 60));
        }
      })();
      const killAt = Date.now() + 20_000;
      while (relayedTexts().length < 60 && Date.now() < killAt) await new Promise((r) => setTimeout(r, 5));
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const relayedBeforeKill = relayedTexts().length;
      expect(relayedBeforeKill).toBeGreaterThan(0);
      expect(relayedBeforeKill).toBeLessThan(CLIENTS * PER_CLIENT);

      const second = launch();
      await waitHealthy(url, second);
      await sending;
      const deadline = Date.now() + 60_000;
      while (new Set(relayedTexts()).size < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const texts = relayedTexts();
      const unique = new Set(texts);
      expect([...expected].filter((t) => !unique.has(t))).toEqual([]);
      expect(texts.length - unique.size).toBeLessThanOrEqual(2);
      // Each client's case opened once: one acknowledgement each (one in flight at the kill may repeat).
      const isAck = (text: string) => /ваше сообщение получено|your message has reached/.test(text);
      const acks = clients.map((client) => emulator.history(client.id).filter((m) => m.from?.is_bot === true && isAck(m.text ?? '')).length);
      expect(Math.min(...acks)).toBe(1);
      expect(Math.max(...acks)).toBeLessThanOrEqual(2);
      const topics = emulator.topics(STAFF).length;
      expect(topics).toBeGreaterThanOrEqual(CLIENTS);
      expect(topics).toBeLessThanOrEqual(CLIENTS + 1);
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
    } finally {
      await server.close();
    }
  }, 150_000);
});
