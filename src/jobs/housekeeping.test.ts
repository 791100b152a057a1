import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { createHousekeepingStore } from '../storage/housekeeping-store.ts';
import { createRelayStore } from '../storage/relay-store.ts';
import { purgeFinished, purgeTranscripts } from './housekeeping.ts';

const keys = createKeyring('test-master-secret-that-is-long-enough-0123456789');

for (const dialect of DIALECTS) {
  describe(`housekeeping on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('purges finished rows past retention and keeps pending and recent ones', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      await db
        .insertInto('inbox')
        .values([
          { update_id: 1, chat_key: 'a', payload_sealed: null, status: 'done', received_at: 0, processed_at: 10 },
          { update_id: 2, chat_key: 'a', payload_sealed: null, status: 'done', received_at: 0, processed_at: 5_000 },
          { update_id: 3, chat_key: 'a', payload_sealed: new Uint8Array([1]), status: 'pending', received_at: 0, processed_at: null },
        ])
        .execute();
      const row = (dedupe_key: string, status: string, sent_at: number | null) => ({ dedupe_key, chat_key: 'l', priority: 1, payload_sealed: null, status, next_attempt_at: 0, created_at: 0, sent_at });
      await db.insertInto('outbox').values([row('old', 'sent', 10), row('dead', 'dead', 20), row('new', 'sent', 5_000), row('waiting', 'pending', null)]).execute();
      expect(await purgeFinished(createHousekeepingStore(db), 6_000, 1_000)).toEqual({ inbox: 1, outbox: 2 });
      expect((await db.selectFrom('inbox').select('update_id').orderBy('update_id').execute()).map((r) => r.update_id)).toEqual([2, 3]);
      expect((await db.selectFrom('outbox').select('dedupe_key').orderBy('dedupe_key').execute()).map((r) => r.dedupe_key)).toEqual(['new', 'waiting']);
    });

    it("deletes transcripts (the client's messages and choices, the bot's messages) of cases closed before the retention period and keeps their coded reports", async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      const day = 86_400_000;
      const now = 1_000 * day;
      const client = await db.insertInto('clients').values({ pseudonym: 'p-retention', code: 'K-RTN1', chat_sealed: null, language: 'ru', first_seen_at: 0, last_seen_at: 0 }).returning('id').executeTakeFirstOrThrow();
      const kase = (status: string, closedAt: number | null) =>
        db.insertInto('cases').values({ client_id: client.id, channel: 'private', status, opened_at: 0, closed_at: closedAt, updated_at: 0, feedback_comment_sealed: new Uint8Array([9]) }).returning('id').executeTakeFirstOrThrow();
      const old = await kase('closed', now - 40 * day);
      const recent = await kase('closed', now - 5 * day);
      const open = await kase('open', null);
      // Each case: a client's message, the bot's acknowledgement and a button the client pressed, as the relay stores them.
      const store = createRelayStore(db, keys);
      for (const [c, at] of [[old, now - 45 * day], [recent, now - 6 * day], [open, now - day]] as const) {
        await store.cases.recordMessage({ caseId: c.id, direction: 'in', kind: 'text', body: 'client', media: null, at });
        await store.enqueue({ dedupeKey: `ack:${c.id}`, lane: `client:${client.id}`, priority: 1, target: { kind: 'client', clientId: client.id }, method: 'sendMessage', params: { text: 'bot ack' }, caseId: c.id }, at + 1);
        await store.cases.recordMessage({ caseId: c.id, direction: 'in', kind: 'choice', body: 'Not breathing', media: null, at: at + 2 });
      }
      expect((await db.selectFrom('messages').select('direction').where('case_id', '=', old.id).execute()).map((m) => m.direction)).toEqual(['in', 'bot', 'in']);
      await db.insertInto('work_reports').values({ case_id: old.id, needs: '["injection_minor"]', phone_call: 'not_offered', created_at: 0, updated_at: 0 }).execute();
      await db.insertInto('drug_alerts').values([
        { status: 'rejected', step: null, reporter_pseudonym: null, language: 'ru', body_sealed: new Uint8Array([1]), created_at: 0, updated_at: now - 40 * day },
        { status: 'pending', step: null, reporter_pseudonym: null, language: 'ru', body_sealed: new Uint8Array([2]), created_at: 0, updated_at: now - 40 * day },
      ]).execute();
      expect(await purgeTranscripts(createHousekeepingStore(db), now, 30, 2)).toEqual({ cases: 1, messages: 3, moderation: 0 });
      // A report still waiting for a worker keeps its text; a rejected one from long ago does not.
      expect((await db.selectFrom('drug_alerts').select(['status', 'body_sealed']).orderBy('id').execute()).map((a) => [a.status, a.body_sealed === null])).toEqual([['rejected', true], ['pending', false]]);
      const left = await db.selectFrom('messages').select(['case_id']).execute();
      expect(left.filter((m) => m.case_id === old.id)).toHaveLength(0);
      expect(left.filter((m) => m.case_id === recent.id)).toHaveLength(3);
      expect(left.filter((m) => m.case_id === open.id)).toHaveLength(3);
      const kept = await db.selectFrom('cases').leftJoin('work_reports', 'work_reports.case_id', 'cases.id').select(['cases.id', 'cases.feedback_comment_sealed', 'work_reports.needs']).where('cases.id', '=', old.id).executeTakeFirstOrThrow();
      expect(kept).toMatchObject({ feedback_comment_sealed: null, needs: '["injection_minor"]' });
      expect(await purgeTranscripts(createHousekeepingStore(db), now, 30)).toEqual({ cases: 0, messages: 0, moderation: 0 });
    });

    it('a case left open past the retention period loses its old messages and keeps the case and its recent ones; the moderation log loses old text', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      const day = 86_400_000;
      const now = 2_000 * day;
      const client = await db.insertInto('clients').values({ pseudonym: 'p-stale', code: 'K-STL1', chat_sealed: null, language: 'en', first_seen_at: 0, last_seen_at: 0 }).returning('id').executeTakeFirstOrThrow();
      const open = await db.insertInto('cases').values({ client_id: client.id, channel: 'private', status: 'open', opened_at: now - 400 * day, closed_at: null, updated_at: now - day }).returning('id').executeTakeFirstOrThrow();
      const store = createRelayStore(db, keys);
      for (const [body, age] of [['a year ago', 380], ['two months ago', 60], ['yesterday', 1]] as const) {
        await store.cases.recordMessage({ caseId: open.id, direction: 'in', kind: 'text', body, media: null, at: now - age * day });
      }
      const member = await db.insertInto('community_members').values({ pseudonym: 'm-stale', user_sealed: null, language: 'en', status: 'member', request_status: null, muted_until: null, welcomed_at: null, flood_window_at: null, created_at: 0, updated_at: 0 }).returning('id').executeTakeFirstOrThrow();
      const entry = (created_at: number) => ({ member_id: member.id, action: 'removed', reason: 'dealing', source: 'auto', staff_id: null, message_id: 1, body_sealed: new Uint8Array([7]), status: null, created_at, decided_at: null, decided_by_staff_id: null });
      await db.insertInto('community_moderation').values([entry(now - 100 * day), entry(now - 2 * day)]).execute();
      // (The earlier test's cases, long closed by this later clock, go too: the counts cover them.)
      const purged = await purgeTranscripts(createHousekeepingStore(db), now, 90);
      expect(purged.moderation).toBe(1);
      expect(purged.messages).toBeGreaterThanOrEqual(1);
      const left = await db.selectFrom('messages').select('created_at').where('case_id', '=', open.id).orderBy('created_at').execute();
      expect(left.map((m) => Math.round((now - m.created_at) / day))).toEqual([60, 1]);
      expect(await db.selectFrom('cases').select('status').where('id', '=', open.id).executeTakeFirstOrThrow()).toEqual({ status: 'open' });
      const log = await db.selectFrom('community_moderation').select(['reason', 'body_sealed']).where('member_id', '=', member.id).orderBy('created_at').execute();
      expect(log.map((r) => [r.reason, r.body_sealed === null])).toEqual([['dealing', true], ['dealing', false]]);
    });
  });
}
