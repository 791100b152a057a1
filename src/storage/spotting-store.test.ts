import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { createOutboxStore } from './outbox-store.ts';
import { createRelayStore } from './relay-store.ts';
import { SEAL_RESPONDER, createSpottingStore } from './spotting-store.ts';

const keys = createKeyring('test-master-secret-that-is-long-enough-0123456789');

for (const dialect of DIALECTS) {
  describe(`spotting store on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });
    const open = (test: TestDatabase) => {
      const db = test.db.kysely;
      return { db, spot: createSpottingStore(db, keys), relay: createRelayStore(test.db.kysely, keys) };
    };

    it('keeps one active session per client, and a new one once it ended', async (ctx) => {
      if (!t) return ctx.skip();
      const { spot, relay } = open(t);
      const { client } = await relay.clients.upsert({ pseudonym: 'p-one', chatId: 1001, language: 'ru', at: 1 });
      const first = await spot.create({ clientId: client.id, state: 'running', durationMin: 15, endsAt: 900_001, caseId: null, at: 1 });
      const second = await spot.create({ clientId: client.id, state: 'preparing', durationMin: 0, endsAt: 2, caseId: null, at: 2 });
      expect(first.created).toBe(true);
      expect(second).toMatchObject({ created: false, session: { id: first.session.id, state: 'running', durationMin: 15 } });
      expect(await spot.active(client.id)).toMatchObject({ id: first.session.id, generation: 0, asks: 0, endsAt: 900_001, hasResponderInfo: false, endedAt: null });
      expect(await spot.end(first.session.id, 'ok', 3)).toBe(true);
      expect(await spot.end(first.session.id, 'cancelled', 4)).toBe(false);
      expect(await spot.get(first.session.id)).toMatchObject({ state: 'ok', endedAt: 3 });
      expect(await spot.active(client.id)).toBeUndefined();
      const third = await spot.create({ clientId: client.id, state: 'running', durationMin: 5, endsAt: 300_005, caseId: 7, at: 5 });
      expect(third.created).toBe(true);
      expect(third.session.id).not.toBe(first.session.id);
      expect(third.session.caseId).toBe(7);
    });

    it('advances only from the generation it was read at, and never an ended session', async (ctx) => {
      if (!t) return ctx.skip();
      const { spot, relay } = open(t);
      const { client } = await relay.clients.upsert({ pseudonym: 'p-advance', chatId: 1002, language: 'en', at: 1 });
      const { session } = await spot.create({ clientId: client.id, state: 'running', durationMin: 10, endsAt: 600_000, caseId: null, at: 0 });
      const asked = await spot.advance(session.id, 0, { state: 'asking', asks: 1 });
      expect(asked).toMatchObject({ state: 'asking', asks: 1, generation: 1 });
      expect(await spot.advance(session.id, 0, { state: 'running' })).toBeUndefined();
      const escalated = await spot.advance(session.id, 1, { state: 'escalated', escalatedAt: 99, caseId: 4 });
      expect(escalated).toMatchObject({ state: 'escalated', generation: 2, escalatedAt: 99, caseId: 4, asks: 1 });
      await spot.end(session.id, 'ok', 100);
      const ended = await spot.get(session.id);
      expect(ended?.generation).toBe(3);
      expect(await spot.advance(session.id, 3, { state: 'running' })).toBeUndefined();
    });

    it('seals responder info on disk and deletes it when the session ends', async (ctx) => {
      if (!t) return ctx.skip();
      const { db, spot, relay } = open(t);
      const { client } = await relay.clients.upsert({ pseudonym: 'p-info', chatId: 1003, language: 'ru', at: 1 });
      const { session } = await spot.create({ clientId: client.id, state: 'preparing', durationMin: 0, endsAt: 1, caseId: null, at: 1 });
      const info = { location: { latitude: 55.751244, longitude: 37.618423 }, notes: ['ул. Тайная 13, подъезд 2', 'call Masha +7 900 000-00-00'] };
      await spot.saveResponderInfo(session.id, info);
      const row = await db.selectFrom('spotting_sessions').select('responder_sealed').where('id', '=', session.id).executeTakeFirstOrThrow();
      const raw = Buffer.from(row.responder_sealed ?? new Uint8Array());
      expect(raw.length).toBeGreaterThan(20);
      expect(raw.toString('utf8')).not.toContain('Тайная');
      expect(raw.toString('latin1')).not.toContain('Masha');
      expect(raw.toString('latin1')).not.toContain('55.75');
      expect(keys.open(raw, SEAL_RESPONDER)).toContain('Тайная');
      expect(await spot.responderInfo(session.id)).toEqual(info);
      expect((await spot.get(session.id))?.hasResponderInfo).toBe(true);
      await spot.deleteResponderInfo(session.id);
      expect(await spot.responderInfo(session.id)).toBeUndefined();
      await spot.saveResponderInfo(session.id, info);
      await spot.end(session.id, 'cancelled', 2);
      const after = await db.selectFrom('spotting_sessions').select(['responder_sealed', 'state']).where('id', '=', session.id).executeTakeFirstOrThrow();
      expect(after).toEqual({ responder_sealed: null, state: 'cancelled' });
      // Nothing can be left on an ended session.
      await spot.saveResponderInfo(session.id, info);
      expect(await spot.responderInfo(session.id)).toBeUndefined();
    });

    it('ends every active session of an erased client', async (ctx) => {
      if (!t) return ctx.skip();
      const { spot, relay } = open(t);
      const { client } = await relay.clients.upsert({ pseudonym: 'p-erase', chatId: 1004, language: 'ru', at: 1 });
      const { session } = await spot.create({ clientId: client.id, state: 'running', durationMin: 5, endsAt: 300_000, caseId: null, at: 0 });
      await spot.saveResponderInfo(session.id, { notes: ['secret'] });
      expect(await spot.endAllOf(client.id, 'erased', 5)).toEqual([session.id]);
      expect(await spot.endAllOf(client.id, 'erased', 6)).toEqual([]);
      expect(await spot.get(session.id)).toMatchObject({ state: 'erased', hasResponderInfo: false, endedAt: 5 });
    });

    it('withdraws copies of responder info: drops unsent ones, returns sent ones', async (ctx) => {
      if (!t) return ctx.skip();
      const { db, spot, relay } = open(t);
      const base = { lane: 'case:1', priority: 0 as const, target: { kind: 'staff-chat' as const }, method: 'sendMessage' as const, params: { text: 'address' } };
      await relay.enqueue({ ...base, dedupeKey: 'spot-info:5:3:topic' }, 1);
      await relay.enqueue({ ...base, dedupeKey: 'spot-info:5:3:dm9', target: { kind: 'staff-dm', staffId: 9 } }, 1);
      await relay.enqueue({ ...base, dedupeKey: 'spot-info:50:3:topic' }, 1);
      const outbox = createOutboxStore(t.db.kysely, keys);
      const sent = await db.selectFrom('outbox').select('id').where('dedupe_key', '=', 'spot-info:5:3:dm9').executeTakeFirstOrThrow();
      await outbox.markSent(sent.id, 2, { messageId: 4242 }, undefined);
      expect(await spot.withdrawCopies('spot-info:5:')).toEqual([{ key: 'spot-info:5:3:dm9', messageId: 4242 }]);
      const rows = await db.selectFrom('outbox').select(['dedupe_key', 'status', 'payload_sealed']).where('dedupe_key', 'like', 'spot-info:%').execute();
      // Sorted here: collations order ':' and digits differently.
      expect(rows.map((r) => [r.dedupe_key, r.status, r.payload_sealed === null]).sort((a, b) => (String(a[0]) < String(b[0]) ? -1 : 1))).toEqual([
        ['spot-info:50:3:topic', 'pending', false],
        ['spot-info:5:3:dm9', 'sent', true],
        ['spot-info:5:3:topic', 'dead', true],
      ]);
      await expect(spot.withdrawCopies('spot_info:')).rejects.toThrow(/wildcards/);
    });
  });
}
