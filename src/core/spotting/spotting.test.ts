import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../test/support/databases.ts';
import { createKeyring } from '../crypto/keyring.ts';
import { createTranslator } from '../../i18n.ts';
import { createOutboxStore } from '../../storage/outbox-store.ts';
import { createRelayStore } from '../../storage/relay-store.ts';
import { createSpottingStore } from '../../storage/spotting-store.ts';
import type { RelayStore } from '../ports.ts';
import type { Client, Language } from '../types.ts';
import type { SpottingStore } from './ports.ts';
import { SPOT_TIMING, captureSpottingInput, endSpottingOnErase, handleSpottingAction, runSpottingTimer, startSpotting, type SpottingDeps } from './spotting.ts';

const keys = createKeyring('test-master-secret-that-is-long-enough-0123456789');
const t = createTranslator();
const deps: SpottingDeps = { t, staffLanguage: 'en' };
const MIN = 60_000;
const T0 = 1_700_000_000_000;

interface Sent {
  key: string;
  lane: string;
  status: string;
  method: string | undefined;
  target: unknown;
  text: string;
  buttons: string[];
  markup: Record<string, unknown> | undefined;
}

/** One client's view of the system: run use-cases in transactions, read what they queued, fire timers. */
function harness(test: TestDatabase) {
  const outbox = createOutboxStore(test.db.kysely, keys);
  const sdb = test.db.kysely;
  let seen = 0;
  let update = 1000;
  const tx = <T,>(fn: (store: RelayStore, spot: SpottingStore) => Promise<T>) =>
    test.db.kysely.transaction().execute((trx) => fn(createRelayStore(trx, keys), createSpottingStore(trx, keys)));

  return {
    sdb,
    tx,
    nextUpdate: () => ++update,
    /** Outbox rows queued since the last call, opened. */
    async sent(): Promise<Sent[]> {
      const rows = await test.db.kysely.selectFrom('outbox').select(['id', 'dedupe_key', 'chat_key', 'status', 'payload_sealed']).where('id', '>', seen).orderBy('id').execute();
      seen = rows.at(-1)?.id ?? seen;
      return rows.map((r) => {
        const payload = r.payload_sealed ? outbox.open(r.payload_sealed) : undefined;
        const markup = payload?.params.reply_markup as Record<string, unknown> | undefined;
        const inline = (markup?.inline_keyboard ?? []) as { callback_data: string }[][];
        return {
          key: r.dedupe_key,
          lane: r.chat_key,
          status: r.status,
          method: payload?.method,
          target: payload?.target,
          text: String(payload?.params.text ?? ''),
          buttons: inline.flat().map((b) => b.callback_data),
          markup,
        };
      });
    },
    async timers(clientId: number) {
      return test.db.kysely.selectFrom('timers').selectAll().where('client_id', '=', clientId).where('done_at', 'is', null).orderBy('id').execute();
    },
    /** Fires the client's timers due at `at`, each in its own transaction, as the timer runner does. */
    async fire(clientId: number, at: number): Promise<number> {
      const due = await test.db.kysely.selectFrom('timers').selectAll().where('client_id', '=', clientId).where('done_at', 'is', null).where('due_at', '<=', at).orderBy('due_at').orderBy('id').execute();
      for (const row of due) {
        // Outside the transaction: SQLite has one connection, which the transaction holds.
        await test.db.kysely.updateTable('timers').set({ done_at: at }).where('id', '=', row.id).execute();
        await tx(async (store, spot) => {
          const client = await store.clients.get(clientId);
          if (!client) throw new Error('no client');
          const handled = await runSpottingTimer(store, spot, deps, { id: row.id, kind: row.kind, caseId: row.case_id, payload: JSON.parse(row.payload) as Record<string, unknown> }, client, at);
          expect(handled).toBe(true);
        });
      }
      return due.length;
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`spotting on ${dialect}`, () => {
    let test: TestDatabase | undefined;
    let h: ReturnType<typeof harness>;
    let n = 0;
    beforeAll(async () => {
      test = await openTestDatabase(dialect);
      if (!test) return;
      h = harness(test);
    });
    afterAll(async () => {
      await test?.cleanup();
    });

    async function newClient(language: Language = 'en'): Promise<Client> {
      n++;
      const client = await h.tx(async (store) => (await store.clients.upsert({ pseudonym: `spot-${n}`, chatId: 5000 + n, language, at: T0 })).client);
      // What earlier tests queued is not this test's business.
      await h.sent();
      return client;
    }
    const press = (client: Client, data: string, at: number) => h.tx((store, spot) => handleSpottingAction(store, spot, deps, { client, data, updateId: h.nextUpdate(), at }));
    const start = async (client: Client, minutes: number, at: number) => {
      expect(await press(client, `spot:start:${minutes}`, at)).toBe(true);
      const session = await h.tx((_s, spot) => spot.active(client.id));
      if (!session) throw new Error('no session');
      return session;
    };
    const session = (id: number) => h.tx((_s, spot) => spot.get(id));

    it('offers durations and leaving info on /spot, once per window however often it is sent', async (ctx) => {
      if (!test) return ctx.skip();
      const client = await newClient();
      await h.sent();
      for (let i = 0; i < 5; i++) {
        expect(await h.tx((store, spot) => startSpotting(store, spot, deps, { client, updateId: h.nextUpdate(), at: T0 + i * 1000 }))).toBe('offered');
      }
      const sent = await h.sent();
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ lane: `client:${client.id}`, method: 'sendMessage', target: { kind: 'client', clientId: client.id }, text: t('en', 'spot-offer') });
      expect(sent[0]?.buttons).toEqual(['spot:start:5', 'spot:start:10', 'spot:start:15', 'spot:start:20', 'spot:start:30', 'spot:leave-info']);
      expect(await h.tx((_s, spot) => spot.active(client.id))).toBeUndefined();
      expect(await press(client, 'spot:start:7', T0)).toBe(false);
      expect(await press(client, 'lang:ru', T0)).toBe(false);
      expect(await h.sent()).toHaveLength(0);
    });

    it('asks, asks again, then alerts on-call staff once; a late "I\'m OK" tells them and withdraws the address', async (ctx) => {
      if (!test) return ctx.skip();
      const staff = await h.tx(async (store) => {
        const s = await store.staff.upsert({ pseudonym: `staff-${dialect}`, chatId: 9100, at: T0 });
        await store.staff.setFlags(s.id, { onCall: true, dmAlerts: true });
        return s;
      });
      const client = await newClient();
      await h.sent();
      expect(await press(client, 'spot:leave-info', T0)).toBe(true);
      const ask = await h.sent();
      expect(ask.map((s) => s.text)).toEqual([t('en', 'spot-info-ask')]);
      expect(JSON.stringify(ask[0]?.markup)).toContain('"request_location":true');
      const capture = (kind: 'text' | 'location' | 'photo', text: string | null, location?: { latitude: number; longitude: number }) =>
        h.tx((store, spot) => captureSpottingInput(store, spot, deps, { client, kind, text, ...(location ? { location } : {}), updateId: h.nextUpdate(), at: T0 + 1000 }));
      expect(await capture('text', '12 Hidden Lane, flat 3')).toBe(true);
      expect(await capture('location', null, { latitude: 59.9375, longitude: 30.308611 })).toBe(true);
      expect(await capture('text', '/forget')).toBe(false);
      expect(await capture('text', t('en', 'sos-button'))).toBe(false);
      expect(await capture('photo', 'entrance')).toBe(false);
      const saved = await h.sent();
      expect(saved.map((s) => s.text)).toEqual([t('en', 'spot-info-saved'), t('en', 'spot-info-saved')]);
      expect(saved[0]?.buttons.slice(0, 5)).toEqual(['spot:start:5', 'spot:start:10', 'spot:start:15', 'spot:start:20', 'spot:start:30']);

      const s = await start(client, 15, T0 + 2000);
      const started = await h.sent();
      expect(started.map((m) => m.text)).toEqual([t('en', 'spot-started-with-info', { minutes: 15 })]);
      expect(started[0]?.buttons).toEqual([`spot:ok:${s.id}`, `spot:extend:${s.id}:${s.generation}`, `spot:cancel:${s.id}`]);
      const due = (await h.timers(client.id)).filter((r) => JSON.parse(r.payload).step === 'due');
      expect(due.map((r) => [r.kind, r.due_at, JSON.parse(r.payload)])).toEqual([['spot-check', T0 + 2000 + 15 * MIN, { sessionId: s.id, generation: s.generation, step: 'due' }]]);
      // No message text in any timer payload.
      for (const row of await h.timers(client.id)) expect(row.payload).not.toMatch(/Hidden|59\.93/);

      const end = T0 + 2000 + 15 * MIN;
      // The preparing session's expiry is stale now; nothing is due before the end.
      await h.fire(client.id, T0 + 2000 + SPOT_TIMING.preparingForMs - 1 - 60 * MIN + 15 * MIN - 1);
      expect(await h.sent()).toHaveLength(0);
      expect(await h.fire(client.id, end)).toBe(1);
      const first = await h.sent();
      expect(first.map((m) => [m.text, m.buttons])).toEqual([[t('en', 'spot-ask'), [`spot:ok:${s.id}`]]]);
      expect(await h.fire(client.id, end + SPOT_TIMING.askAgainMs - 1)).toBe(0);
      await h.fire(client.id, end + SPOT_TIMING.askAgainMs);
      expect((await h.sent()).map((m) => m.text)).toEqual([t('en', 'spot-ask-again', { minutes: 2 })]);
      expect(await session(s.id)).toMatchObject({ state: 'asking', asks: 2 });
      await h.fire(client.id, end + SPOT_TIMING.askAgainMs + SPOT_TIMING.escalateMs);

      const alerted = await h.sent();
      const kase = await test.db.kysely.selectFrom('cases').selectAll().where('client_id', '=', client.id).executeTakeFirstOrThrow();
      expect(kase).toMatchObject({ status: 'open', urgent: 1 });
      const alertText = t('en', 'spot-staff-alert', { code: client.code, case: kase.id, minutes: 15 });
      const info = alerted[2]?.text ?? '';
      expect(alerted.map((m) => [m.method, m.target, m.text])).toEqual([
        ['createForumTopic', { kind: 'staff-chat' }, ''],
        ['sendMessage', { kind: 'staff-topic', caseId: kase.id }, alertText],
        ['sendMessage', { kind: 'staff-topic', caseId: kase.id }, info],
        ['sendLocation', { kind: 'staff-topic', caseId: kase.id }, ''],
        ['sendMessage', { kind: 'staff-dm', staffId: staff.id }, alertText],
        ['sendMessage', { kind: 'staff-dm', staffId: staff.id }, info],
        ['sendLocation', { kind: 'staff-dm', staffId: staff.id }, ''],
        ['sendMessage', { kind: 'client', clientId: client.id }, t('en', 'spot-escalated-client')],
      ]);
      expect(alerted.map((m) => m.key).filter((k) => k.startsWith('spot-info:'))).toHaveLength(4);
      expect(info).toContain('59.937500, 30.308611');
      expect(info).toContain('https://www.openstreetmap.org/?mlat=59.937500&mlon=30.308611');
      expect(info).toContain('📝 12 Hidden Lane, flat 3');
      expect(alerted[7]?.buttons).toEqual([`spot:ok:${s.id}`]);
      expect(await session(s.id)).toMatchObject({ state: 'escalated', caseId: kase.id, escalatedAt: end + SPOT_TIMING.askAgainMs + SPOT_TIMING.escalateMs });
      // Timers already run do not run again.
      expect(await h.fire(client.id, end + 10 * MIN)).toBe(0);

      // The DM copy was sent before the client answered; the topic copy was not yet.
      const dmCopy = await test.db.kysely.selectFrom('outbox').select('id').where('dedupe_key', 'like', `spot-info:${s.id}:%:dm${staff.id}`).executeTakeFirstOrThrow();
      await createOutboxStore(test.db.kysely, keys).markSent(dmCopy.id, end + 4 * MIN, { messageId: 777 }, undefined);

      const confirmedAt = end + 5 * MIN;
      const [okData] = alerted[7]?.buttons ?? [];
      expect(await press(client, okData ?? '', confirmedAt)).toBe(true);
      const answered = await h.sent();
      expect(answered.map((m) => [m.method, m.target, m.text])).toEqual([
        ['deleteMessages', { kind: 'staff-dm', staffId: staff.id }, ''],
        ['sendMessage', { kind: 'staff-topic', caseId: kase.id }, t('en', 'spot-staff-client-ok', { code: client.code, case: kase.id })],
        ['sendMessage', { kind: 'staff-dm', staffId: staff.id }, t('en', 'spot-staff-client-ok', { code: client.code, case: kase.id })],
        ['sendMessage', { kind: 'client', clientId: client.id }, t('en', 'spot-ended-ok-after-alert')],
      ]);
      const withdrawn = await test.db.kysely.selectFrom('outbox').select(['status', 'payload_sealed']).where('dedupe_key', 'like', `spot-info:${s.id}:%:topic`).executeTakeFirstOrThrow();
      expect(withdrawn).toEqual({ status: 'dead', payload_sealed: null });
      const deleteCall = await test.db.kysely.selectFrom('outbox').select('id').where('dedupe_key', 'like', `spot-withdraw:${s.id}:%`).executeTakeFirstOrThrow();
      expect((await createOutboxStore(test.db.kysely, keys).load(deleteCall.id))?.params).toEqual({ message_ids: [777] });
      expect(await session(s.id)).toMatchObject({ state: 'ok', hasResponderInfo: false, endedAt: confirmedAt });
      const raw = await h.sdb.selectFrom('spotting_sessions').select('responder_sealed').where('id', '=', s.id).executeTakeFirstOrThrow();
      expect(raw.responder_sealed).toBeNull();

      // A second press, and the expiry timer: a kind word, nothing to staff, no second alert.
      expect(await press(client, okData ?? '', confirmedAt + 1000)).toBe(true);
      await h.fire(client.id, confirmedAt + SPOT_TIMING.escalatedForMs);
      const after = await h.sent();
      expect(after.map((m) => [m.target, m.text])).toEqual([[{ kind: 'client', clientId: client.id }, t('en', 'spot-already-ended')]]);
      const alerts = await test.db.kysely.selectFrom('outbox').select('id').where('dedupe_key', 'like', `spot-alert:${s.id}:%`).execute();
      expect(alerts).toHaveLength(2);
    });

    it('keeps responder info sealed on disk while the check-in runs', async (ctx) => {
      if (!test) return ctx.skip();
      const client = await newClient('ru');
      await press(client, 'spot:leave-info', T0);
      await h.tx((store, spot) => captureSpottingInput(store, spot, deps, { client, kind: 'text', text: 'Секретная улица 7, звонить Оле', updateId: h.nextUpdate(), at: T0 }));
      const active = await h.tx((_s, spot) => spot.active(client.id));
      const row = await h.sdb.selectFrom('spotting_sessions').select('responder_sealed').where('id', '=', active?.id ?? -1).executeTakeFirstOrThrow();
      const bytes = Buffer.from(row.responder_sealed ?? new Uint8Array());
      expect(bytes.length).toBeGreaterThan(0);
      expect(bytes.toString('utf8')).not.toContain('Секретная');
      expect(bytes.toString('latin1')).not.toContain('7,');
      const texts = (await h.sent()).map((m) => m.text);
      expect(texts.at(-1)).toBe(t('ru', 'spot-info-saved'));
      expect(texts.at(-1)).toMatch(/[а-я]/);
      // A client who leaves info but never starts: it is deleted after the preparing window.
      await h.fire(client.id, T0 + SPOT_TIMING.preparingForMs);
      expect(await session(active?.id ?? -1)).toMatchObject({ state: 'expired', hasResponderInfo: false });
      expect((await h.sent()).map((m) => m.text)).toEqual([t('ru', 'spot-expired')]);
    });

    it('extends from the end while running, once per tap, and makes the old timer stale', async (ctx) => {
      if (!test) return ctx.skip();
      const client = await newClient();
      const s = await start(client, 10, T0);
      const [startedMsg] = await h.sent();
      const extendData = startedMsg?.buttons[1] ?? '';
      expect(extendData).toBe(`spot:extend:${s.id}:0`);
      await press(client, extendData, T0 + 2 * MIN);
      await press(client, extendData, T0 + 2 * MIN + 500);
      const replies = await h.sent();
      expect(replies.map((m) => m.text)).toEqual([t('en', 'spot-extended', { minutes: 18 }), t('en', 'spot-state-running', { minutes: 18 })]);
      expect(await session(s.id)).toMatchObject({ state: 'running', endsAt: T0 + 20 * MIN });
      // The first "due" timer (at 10 min) is stale.
      await h.fire(client.id, T0 + 10 * MIN);
      expect(await h.sent()).toHaveLength(0);
      await h.fire(client.id, T0 + 20 * MIN);
      expect((await h.sent()).map((m) => m.text)).toEqual([t('en', 'spot-ask')]);
      // Extending while being asked counts as an answer: from now, and the second ask never comes.
      await press(client, extendData, T0 + 20 * MIN + 30_000);
      expect((await h.sent()).map((m) => m.text)).toEqual([t('en', 'spot-extended', { minutes: 10 })]);
      await h.fire(client.id, T0 + 20 * MIN + SPOT_TIMING.askAgainMs + SPOT_TIMING.escalateMs);
      expect(await h.sent()).toHaveLength(0);
      expect(await session(s.id)).toMatchObject({ state: 'running', asks: 0, endsAt: T0 + 30 * MIN + 30_000 });
      // However often extended, never more than an hour ahead.
      for (let i = 0; i < 8; i++) {
        const current = await session(s.id);
        await press(client, `spot:extend:${s.id}:${current?.generation ?? 0}`, T0 + 21 * MIN);
      }
      expect((await session(s.id))?.endsAt).toBe(T0 + 21 * MIN + SPOT_TIMING.maxAheadMs);
    });

    it('extending after the alert tells staff the client answered and starts a new round', async (ctx) => {
      if (!test) return ctx.skip();
      const client = await newClient();
      const s = await start(client, 5, T0);
      const extendData = (await h.sent())[0]?.buttons[1] ?? '';
      await h.fire(client.id, T0 + 5 * MIN);
      await h.fire(client.id, T0 + 6 * MIN);
      await h.fire(client.id, T0 + 8 * MIN);
      const alerted = await h.sent();
      expect(alerted.filter((m) => m.key.startsWith('spot-alert:')).length).toBeGreaterThan(0);
      expect(alerted.some((m) => m.text === t('en', 'spot-staff-nothing-left'))).toBe(true);
      await press(client, extendData, T0 + 9 * MIN);
      const reply = await h.sent();
      const kaseId = (await session(s.id))?.caseId ?? -1;
      expect(reply.map((m) => m.text)).toContain(t('en', 'spot-staff-client-ok', { code: client.code, case: kaseId }));
      expect(reply.at(-1)?.text).toBe(t('en', 'spot-extended', { minutes: 10 }));
      expect(await session(s.id)).toMatchObject({ state: 'running', asks: 0, endsAt: T0 + 19 * MIN });
      // The expiry scheduled at the alert is stale; the next round runs as usual.
      await h.fire(client.id, T0 + 19 * MIN);
      expect((await h.sent()).map((m) => m.text)).toEqual([t('en', 'spot-ask')]);
    });

    it('cancel and confirm end the session at any step, and pending timers then do nothing', async (ctx) => {
      if (!test) return ctx.skip();
      const running = await newClient();
      const a = await start(running, 20, T0);
      await press(running, `spot:ok:${a.id}`, T0 + MIN);
      await h.fire(running.id, T0 + 60 * MIN);
      expect((await h.sent()).map((m) => m.text)).toEqual([t('en', 'spot-started', { minutes: 20 }), t('en', 'spot-ended-ok')]);
      const asking = await newClient();
      const b = await start(asking, 5, T0);
      await h.fire(asking.id, T0 + 5 * MIN);
      await press(asking, `spot:cancel:${b.id}`, T0 + 5 * MIN + 10_000);
      await press(asking, `spot:cancel:${b.id}`, T0 + 5 * MIN + 11_000);
      await h.fire(asking.id, T0 + 60 * MIN);
      expect((await h.sent()).map((m) => m.text)).toEqual([
        t('en', 'spot-started', { minutes: 5 }),
        t('en', 'spot-ask'),
        t('en', 'spot-cancelled'),
        t('en', 'spot-already-ended'),
      ]);
      expect(await session(a.id)).toMatchObject({ state: 'ok' });
      expect(await session(b.id)).toMatchObject({ state: 'cancelled' });
      // Nobody was alerted.
      const staffRows = await test.db.kysely.selectFrom('outbox').select('id').where((eb) => eb.or([eb('dedupe_key', 'like', `spot-alert:${a.id}:%`), eb('dedupe_key', 'like', `spot-alert:${b.id}:%`)])).execute();
      expect(staffRows).toHaveLength(0);
    });

    it('shows the running check-in on /spot and on a second start, and never starts two', async (ctx) => {
      if (!test) return ctx.skip();
      const client = await newClient();
      const s = await start(client, 15, T0);
      await h.sent();
      expect(await h.tx((store, spot) => startSpotting(store, spot, deps, { client, updateId: h.nextUpdate(), at: T0 + 4 * MIN }))).toBe('shown');
      await press(client, 'spot:start:30', T0 + 5 * MIN);
      const shown = await h.sent();
      expect(shown.map((m) => m.text)).toEqual([t('en', 'spot-state-running', { minutes: 11 }), t('en', 'spot-state-running', { minutes: 10 })]);
      expect(shown[0]?.buttons).toEqual([`spot:ok:${s.id}`, `spot:extend:${s.id}:0`, `spot:cancel:${s.id}`]);
      const rows = await h.sdb.selectFrom('spotting_sessions').select('id').where('client_id', '=', client.id).execute();
      expect(rows).toHaveLength(1);
      // Another client cannot touch this session with a forged button.
      const other = await newClient();
      await press(other, `spot:cancel:${s.id}`, T0 + 6 * MIN);
      expect((await h.sent()).map((m) => m.text)).toEqual([t('en', 'spot-already-ended')]);
      expect(await session(s.id)).toMatchObject({ state: 'running' });
    });

    it('ends the session and withdraws copies when the client is erased', async (ctx) => {
      if (!test) return ctx.skip();
      const client = await newClient();
      await press(client, 'spot:leave-info', T0);
      await h.tx((store, spot) => captureSpottingInput(store, spot, deps, { client, kind: 'text', text: 'Erase-me street 1', updateId: h.nextUpdate(), at: T0 }));
      const s = await start(client, 5, T0);
      await h.fire(client.id, T0 + 5 * MIN);
      await h.fire(client.id, T0 + 6 * MIN);
      await h.fire(client.id, T0 + 8 * MIN);
      await h.sent();
      await h.tx((store, spot) => endSpottingOnErase(store, spot, client, T0 + 9 * MIN));
      expect(await session(s.id)).toMatchObject({ state: 'erased', hasResponderInfo: false });
      const copies = await test.db.kysely.selectFrom('outbox').select(['status', 'payload_sealed']).where('dedupe_key', 'like', `spot-info:${s.id}:%`).execute();
      expect(copies.length).toBeGreaterThan(0);
      for (const c of copies) expect(c).toEqual({ status: 'dead', payload_sealed: null });
      await h.fire(client.id, T0 + 24 * 60 * MIN);
      expect(await h.sent()).toHaveLength(0);
      expect(await h.tx((store, spot) => runSpottingTimer(store, spot, deps, { id: 1, kind: 'alert-repeat', caseId: null, payload: {} }, client, T0))).toBe(false);
    });
  });
}
