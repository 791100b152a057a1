/**
 * `/metrics` (issue 14): Prometheus text over real HTTP, with gauges read from the real
 * database (both dialects) and counters fed by the sender, ingestion and housekeeping while
 * real traffic goes through the Bot API emulator. Only loopback may read it without a token;
 * with METRICS_TOKEN only a bearer of it. And no label, no line, names anyone.
 */
import { networkInterfaces } from 'node:os';
import type { Message } from 'grammy/types';
import { afterAll, describe, expect, it } from 'vitest';
import { DIALECTS } from './support/databases.ts';
import { CLIENT_ID, STAFF_CHAT_ID, WORKER_ID, startHarness, type Harness } from './support/harness.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses the Prometheus text format (the sample lines; comments skipped). */
function parse(body: string): Sample[] {
  return body
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
      if (!m?.[1] || !m[3]) throw new Error(`unparsable metrics line: ${line}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1] ?? '', l[2] ?? '']));
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

/** The value of one series (labels matched exactly as given), or undefined. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

/** A non-loopback IPv4 address of this machine, to reach the server from "outside". */
function outsideAddress(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;
}

/** The fixed label values each Netreach metric may carry; anything else would be a leak. */
const ALLOWED_LABELS: Record<string, RegExp> = {
  lane: /^(client|case|staff-dm|member|drug-alert|spot-withdraw|community|channel|staff|other)$/,
  priority: /^(prerequisite|urgent|normal|bulk)$/,
  status: /^(pending|failed)$/,
  kind: /^(sos|worker|overdose|crisis|bleeding|other)$/,
  stat: /^(p50|p90|max)$/,
  state: /^(preparing|running|asking|escalated)$/,
  source: /^(send|poll)$/,
  outcome: /^(ok|failed)$/,
  what: /^(inbox|outbox|messages)$/,
  le: /^(\+Inf|\d+(\.\d+)?)$/,
};

const buttons = (m: Message) => ((m.reply_markup as { inline_keyboard?: Array<Array<{ callback_data?: string }>> } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.callback_data ?? '');

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const CLIENT_TEXT = 'друг отъехал не дышит губы синие что делать metrics-secret-phrase';
const WORKER_TEXT = 'Я здесь, вызывайте скорую worker-secret-phrase';

for (const dialect of DIALECTS) {
  describe(`/metrics on ${dialect}`, () => {
    let h: Harness | undefined;
    afterAll(async () => {
      await h?.stop();
    });

    it('moves with real traffic (outbox, 429s, lag, emergencies, spotting, retention) and names no one', async (ctx) => {
      h = await startHarness(dialect, { HOST: '0.0.0.0' }, { alertRepeatMs: 120_000, housekeepingAfterMs: 300 });
      if (!h) return ctx.skip();
      const harness = h;
      const port = new URL(harness.netreach.url).port;
      const local = `http://127.0.0.1:${port}/metrics`;
      const scrape = async () => {
        const response = await fetch(local);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        const body = await response.text();
        return { body, samples: parse(body) };
      };

      const before = await scrape();
      expect(valueOf(before.samples, 'netreach_database_up')).toBe(1);
      expect(valueOf(before.samples, 'netreach_telegram_rate_limited_total', { source: 'send' })).toBe(0);
      expect(valueOf(before.samples, 'netreach_outbox_pending', { lane: 'client' })).toBe(0);
      expect(valueOf(before.samples, 'netreach_emergencies_open', { kind: 'overdose' })).toBe(0);
      expect(valueOf(before.samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);

      // An overdose message whose answer Telegram first refuses with 429 for 4 s.
      harness.emulator.failNext({ method: 'sendMessage', chatId: CLIENT_ID, errorCode: 429, retryAfter: 4 });
      harness.emulator.userSendMessage({ userId: CLIENT_ID, text: CLIENT_TEXT });
      const limited = await until(scrape, (s) => valueOf(s.samples, 'netreach_telegram_rate_limited_total', { source: 'send' }) === 1, 10_000, 'the 429 to be counted');
      // The guide waits out retry_after in the client's lane: the outbox shows it, by lane kind.
      expect(valueOf(limited.samples, 'netreach_outbox_pending', { lane: 'client' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(limited.samples, 'netreach_outbox_oldest_pending_age_seconds', { lane: 'client' })).toBeGreaterThan(0);
      expect(valueOf(limited.samples, 'netreach_outbox_pending_by_priority', { priority: 'urgent' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(limited.samples, 'netreach_emergencies_open', { kind: 'overdose' })).toBe(1);
      expect(valueOf(limited.samples, 'netreach_emergency_oldest_open_age_seconds')).toBeGreaterThan(0);
      expect(valueOf(limited.samples, 'netreach_update_processing_seconds_count')).toBeGreaterThanOrEqual(1);

      await harness.emulator.waitFor((m) => m.chat.id === CLIENT_ID && m.from?.is_bot === true && /103, 112/.test(m.text ?? ''), 15_000);
      await harness.netreach.sender.drained();
      const sent = await scrape();
      expect(valueOf(sent.samples, 'netreach_outbox_pending', { lane: 'client' })).toBe(0);
      expect(valueOf(sent.samples, 'netreach_outbox_oldest_pending_age_seconds', { lane: 'client' })).toBe(0);

      // A worker answers in the topic: the emergency has had its first human.
      const alert = await harness.emulator.waitFor((m) => m.chat.id === STAFF_CHAT_ID && /URGENT/.test(m.text ?? ''), 5_000);
      harness.emulator.userSendMessage({ userId: WORKER_ID, chatId: STAFF_CHAT_ID, messageThreadId: alert.message_thread_id, text: WORKER_TEXT });
      await harness.emulator.waitFor((m) => m.chat.id === CLIENT_ID && (m.text ?? '').includes('worker-secret-phrase'), 10_000);
      const answered = await scrape();
      expect(valueOf(answered.samples, 'netreach_emergencies_open', { kind: 'overdose' })).toBe(0);
      expect(valueOf(answered.samples, 'netreach_emergency_oldest_open_age_seconds')).toBe(0);
      expect(valueOf(answered.samples, 'netreach_emergencies_answered_24h')).toBe(1);
      expect(valueOf(answered.samples, 'netreach_emergency_first_human_seconds', { stat: 'max' })).toBeGreaterThan(0);
      expect(valueOf(answered.samples, 'netreach_update_processing_seconds_count')).toBeGreaterThanOrEqual(2);

      // A spotting check-in being prepared is an active session.
      harness.emulator.userSendMessage({ userId: CLIENT_ID, text: '/spot' });
      const offer = await harness.emulator.waitFor((m) => m.chat.id === CLIENT_ID && buttons(m).includes('spot:leave-info'), 5_000);
      harness.emulator.userPressButton({ userId: CLIENT_ID, messageId: offer.message_id, data: 'spot:leave-info' });
      const spotting = await until(scrape, (s) => s.samples.filter((x) => x.name === 'netreach_spotting_sessions_active').reduce((n, x) => n + x.value, 0) === 1, 5_000, 'a spotting session');
      expect(spotting.samples.filter((x) => x.name === 'netreach_spotting_sessions_active').length).toBe(4);

      // Housekeeping ran (300 ms after the jobs started).
      const kept = await until(scrape, (s) => (valueOf(s.samples, 'netreach_retention_runs_total', { outcome: 'ok' }) ?? 0) >= 1, 5_000, 'a retention run');
      expect(valueOf(kept.samples, 'netreach_retention_last_success_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 60);
      expect(valueOf(kept.samples, 'netreach_retention_runs_total', { outcome: 'failed' })).toBe(0);

      // Nothing in the page names anyone: no Telegram id, pseudonym, client code, case or topic id, or text.
      const { body, samples } = await scrape();
      const db = harness.netreach.db.kysely;
      const clients = await db.selectFrom('clients').select(['pseudonym', 'code']).execute();
      const staff = await db.selectFrom('staff').select('pseudonym').execute();
      const cases = await db.selectFrom('cases').select(['id', 'staff_topic_id']).execute();
      expect(clients.length).toBeGreaterThan(0);
      const secrets = [
        String(CLIENT_ID),
        String(WORKER_ID),
        String(STAFF_CHAT_ID),
        String(-STAFF_CHAT_ID),
        'metrics-secret-phrase',
        'worker-secret-phrase',
        'отъехал',
        'Marina',
        'marina_secret_name',
        ...clients.flatMap((c) => [c.pseudonym, c.code]),
        ...staff.map((s) => s.pseudonym),
      ];
      for (const secret of secrets) expect(body).not.toContain(secret);
      // Ids are small numbers that any count could equal, so they are checked where they could hide: labels.
      const ids = new Set(cases.flatMap((c) => [String(c.id), String(c.staff_topic_id)]));
      for (const sample of samples.filter((s) => s.name.startsWith('netreach_'))) {
        for (const [label, value] of Object.entries(sample.labels)) {
          expect(ALLOWED_LABELS[label], `label ${label} of ${sample.name}`).toBeDefined();
          expect(value, `${sample.name}{${label}}`).toMatch(ALLOWED_LABELS[label] ?? /^$/);
          if (label !== 'le') expect(ids.has(value)).toBe(false);
        }
      }
      expect(harness.logs.join('')).not.toContain('metrics-secret-phrase');
    }, 60_000);

    it('answers loopback only: from another address, or forwarded by a proxy, it is not there', async (ctx) => {
      if (!h) return ctx.skip();
      const port = new URL(h.netreach.url).port;
      const forwarded = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.9' } });
      expect(forwarded.status).toBe(404);
      expect(await forwarded.text()).not.toContain('netreach_');
      const outside = outsideAddress();
      if (!outside) return ctx.skip();
      const remote = await fetch(`http://${outside}:${port}/metrics`);
      expect(remote.status).toBe(404);
      expect(await remote.text()).not.toContain('netreach_');
      // The rest of the server still answers there.
      expect((await fetch(`http://${outside}:${port}/healthz`)).status).toBe(200);
    });
  });
}

describe('/metrics with METRICS_TOKEN', () => {
  let h: Harness | undefined;
  afterAll(async () => {
    await h?.stop();
  });

  it('asks everyone, loopback too, for the bearer token, and answers whoever has it', async () => {
    const token = 'metrics-token-0123456789-abcdefghijklmnop';
    h = await startHarness('sqlite', { HOST: '0.0.0.0', METRICS_TOKEN: token });
    if (!h) throw new Error('no harness');
    const port = new URL(h.netreach.url).port;
    const host = outsideAddress() ?? '127.0.0.1';
    const url = `http://${host}:${port}/metrics`;
    const none = await fetch(url);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await fetch(url, { headers: { Authorization: `Bearer ${token}x` } })).status).toBe(401);
    expect((await fetch(url, { headers: { Authorization: token } })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
    const ok = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('netreach_outbox_pending{lane="client"} 0');
  });
});
