import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { createInboxStore } from './inbox-store.ts';
import { createOutboxStore } from './outbox-store.ts';
import { createRelayStore } from './relay-store.ts';

const keys = createKeyring('test-master-secret-that-is-long-enough-0123456789');

for (const dialect of DIALECTS) {
  describe(`storage on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('keeps a client as a pseudonym with a sealed chat id and a unique human code', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createRelayStore(t.db.kysely, keys);
      const a = await store.clients.upsert({ pseudonym: keys.pseudonym('user', 111), chatId: 111, language: 'ru', at: 1 });
      const again = await store.clients.upsert({ pseudonym: keys.pseudonym('user', 111), chatId: 111, language: 'en', at: 2 });
      const b = await store.clients.upsert({ pseudonym: keys.pseudonym('user', 222), chatId: 222, language: 'en', at: 3 });
      expect(a.created).toBe(true);
      expect(again.created).toBe(false);
      expect(again.client.id).toBe(a.client.id);
      expect(a.client.code).toMatch(/^K-[A-Z0-9]{4}$/);
      expect(b.client.code).not.toBe(a.client.code);
      const row = await t.db.kysely.selectFrom('clients').selectAll().where('id', '=', a.client.id).executeTakeFirstOrThrow();
      expect(row.pseudonym).not.toContain('111');
      expect(Buffer.from(row.chat_sealed ?? new Uint8Array()).toString('latin1')).not.toContain('111');
      const outbox = createOutboxStore(t.db.kysely, keys);
      await expect(outbox.resolve({ kind: 'client', clientId: a.client.id }, undefined)).resolves.toEqual({ ok: true, chatId: 111 });
    });

    it('opens, finds and closes cases and seals message bodies', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createRelayStore(t.db.kysely, keys);
      const { client } = await store.clients.upsert({ pseudonym: 'p-cases', chatId: 333, language: 'ru', at: 10 });
      const kase = await store.cases.open({ clientId: client.id, channel: 'private', urgent: false, at: 10 });
      expect(await store.cases.findOpen(client.id, 'private')).toMatchObject({ id: kase.id, status: 'open' });
      const messageId = await store.cases.recordMessage({ caseId: kase.id, direction: 'in', kind: 'text', body: 'вены пропали secret-phrase', media: null, updateId: 9001, at: 11 });
      const row = await t.db.kysely.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
      const bytes = Buffer.from(row.body_sealed ?? new Uint8Array());
      expect(bytes.toString('utf8')).not.toContain('secret-phrase');
      expect(keys.open(bytes, 'message-body')).toBe('вены пропали secret-phrase');
      await store.cases.markFirstResponse(kase.id, 12);
      await store.cases.markFirstResponse(kase.id, 99);
      await store.cases.close(kase.id, 13);
      expect(await store.cases.findOpen(client.id, 'private')).toBeUndefined();
      const closed = await t.db.kysely.selectFrom('cases').selectAll().where('id', '=', kase.id).executeTakeFirstOrThrow();
      expect(closed).toMatchObject({ status: 'closed', first_response_at: 12, closed_at: 13 });
    });

    it('enqueues each outbox call once per dedupe key and applies the effect when sent', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createRelayStore(t.db.kysely, keys);
      const { client } = await store.clients.upsert({ pseudonym: 'p-outbox', chatId: 444, language: 'en', at: 20 });
      const kase = await store.cases.open({ clientId: client.id, channel: 'private', urgent: false, at: 20 });
      const request = {
        dedupeKey: `topic:${kase.id}`,
        lane: `case:${kase.id}`,
        priority: 1 as const,
        target: { kind: 'staff-chat' as const },
        method: 'createForumTopic' as const,
        params: { name: client.code },
        effect: { kind: 'case-topic' as const, caseId: kase.id },
      };
      await store.enqueue(request, 21);
      await store.enqueue(request, 22);
      await store.enqueue({ ...request, dedupeKey: 'urgent-one', priority: 0, lane: 'other' }, 23);
      const outbox = createOutboxStore(t.db.kysely, keys);
      const pending = await outbox.listPending(100);
      const mine = pending.filter((p) => p.lane === `case:${kase.id}` || p.lane === 'other');
      expect(mine).toHaveLength(2);
      expect(mine[0]?.lane).toBe('other');
      const head = mine[1];
      if (!head) throw new Error('missing row');
      expect(await outbox.load(head.id)).toMatchObject({ method: 'createForumTopic', params: { name: client.code } });
      await expect(outbox.resolve({ kind: 'staff-topic', caseId: kase.id }, -100)).resolves.toEqual({ ok: false, reason: 'no-topic' });
      await outbox.markSent(head.id, 30, { topicId: 77 }, request.effect);
      expect(await outbox.load(head.id)).toBeUndefined();
      await expect(outbox.resolve({ kind: 'staff-topic', caseId: kase.id }, -100)).resolves.toEqual({ ok: true, chatId: -100, threadId: 77 });
      expect(await store.cases.byTopic(77)).toMatchObject({ id: kase.id });
    });

    it("records the bot's own message to a client in a case as a sealed 'bot' row, once, linked to its call, without saying who spoke last", async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      const store = createRelayStore(db, keys);
      const outbox = createOutboxStore(db, keys);
      const { client } = await store.clients.upsert({ pseudonym: 'p-bot-rows', chatId: 555, language: 'ru', at: 40 });
      const kase = await store.cases.open({ clientId: client.id, channel: 'private', urgent: false, at: 40 });
      await store.cases.recordMessage({ caseId: kase.id, direction: 'in', kind: 'text', body: 'client-first', media: null, updateId: 9100, at: 41 });
      const ack = {
        dedupeKey: 'ack:9100',
        lane: `client:${client.id}`,
        priority: 1 as const,
        target: { kind: 'client' as const, clientId: client.id },
        method: 'sendMessage' as const,
        params: { text: 'bot-ack-phrase', reply_markup: { keyboard: [['SOS']] } },
        caseId: kase.id,
      };
      await store.enqueue(ack, 42);
      // The same update processed again (a retry after a crash) enqueues the same key: still one row.
      await store.enqueue(ack, 43);
      // Not the bot's own message in a case: a worker's reply (its effect), another chat, no case, a press answer.
      const replyId = await store.cases.recordMessage({ caseId: kase.id, direction: 'out', kind: 'text', body: 'worker-reply', media: null, at: 44 });
      await store.enqueue({ ...ack, dedupeKey: 'reply:1', params: { text: 'worker-reply' }, effect: { kind: 'client-message-id', messageId: replyId } }, 44);
      await store.enqueue({ ...ack, dedupeKey: 'topic-line:1', target: { kind: 'staff-topic', caseId: kase.id }, lane: `case:${kase.id}` }, 45);
      const { caseId: _noCase, ...withoutCase } = ack;
      await store.enqueue({ ...withoutCase, dedupeKey: 'welcome:1' }, 46);
      await store.enqueue({ ...ack, dedupeKey: 'answer:1', method: 'answerCallbackQuery', params: { callback_query_id: '1' } }, 47);
      await store.enqueue({ ...ack, dedupeKey: 'pin:1', method: 'sendLocation', params: { latitude: 59.9, longitude: 30.3 } }, 48);

      const rows = await db.selectFrom('messages').selectAll().where('case_id', '=', kase.id).orderBy('id').execute();
      expect(rows.map((r) => [r.direction, r.kind])).toEqual([
        ['in', 'text'],
        ['bot', 'text'],
        ['out', 'text'],
        ['bot', 'location'],
      ]);
      const bot = rows[1];
      if (!bot) throw new Error('no bot row');
      expect(Buffer.from(bot.body_sealed ?? new Uint8Array()).toString('utf8')).not.toContain('bot-ack-phrase');
      expect(keys.open(bot.body_sealed ?? new Uint8Array(), 'message-body')).toBe('bot-ack-phrase');
      expect(JSON.parse(keys.open(rows[3]?.media_sealed ?? new Uint8Array(), 'message-media'))).toEqual({ latitude: 59.9, longitude: 30.3 });
      // Who spoke last is still the client (then the worker): the bot's rows changed nothing.
      const afterAck = await db.selectFrom('cases').select(['last_direction', 'last_at', 'first_response_at']).where('id', '=', kase.id).executeTakeFirstOrThrow();
      expect(afterAck).toMatchObject({ last_direction: 'out', last_at: 44, first_response_at: null });

      // The call is linked to the row: once Telegram accepts it, the row knows its Telegram id.
      const call = await db.selectFrom('outbox').select(['id', 'message_id']).where('dedupe_key', '=', 'ack:9100').executeTakeFirstOrThrow();
      expect(call.message_id).toBe(bot.id);
      const payload = await outbox.load(call.id);
      expect(payload?.effect).toEqual({ kind: 'client-message-id', messageId: bot.id });
      await outbox.markSent(call.id, 50, { messageId: 321 }, payload?.effect);
      expect((await db.selectFrom('messages').select('client_message_id').where('id', '=', bot.id).executeTakeFirstOrThrow()).client_message_id).toBe(321);
      expect((await store.clients.conversationMessageIds(client.id, 0)).clientChat).toContain(321);

      // /forget deletes them with the rest of the conversation.
      await store.cases.recordMessage({ caseId: kase.id, direction: 'in', kind: 'choice', body: 'Not breathing', media: null, updateId: 9101, at: 51 });
      await store.clients.erase(client.id, 52);
      expect(await db.selectFrom('messages').select('id').where('case_id', '=', kase.id).execute()).toEqual([]);
    });

    it("keeps the case waiting for a human after the bot's acknowledgement, and a client's choice says the client spoke", async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      const store = createRelayStore(db, keys);
      const { client } = await store.clients.upsert({ pseudonym: 'p-bot-waiting', chatId: 556, language: 'en', at: 60 });
      const kase = await store.cases.open({ clientId: client.id, channel: 'private', urgent: false, at: 60 });
      await store.cases.recordMessage({ caseId: kase.id, direction: 'in', kind: 'text', body: 'hello', media: null, updateId: 9200, at: 61 });
      await store.enqueue({ dedupeKey: 'ack:9200', lane: `client:${client.id}`, priority: 1, target: { kind: 'client', clientId: client.id }, method: 'sendMessage', params: { text: 'ack' }, caseId: kase.id }, 62);
      expect(await db.selectFrom('cases').select(['last_direction', 'last_kind', 'last_at', 'updated_at']).where('id', '=', kase.id).executeTakeFirstOrThrow()).toMatchObject({ last_direction: 'in', last_kind: 'text', last_at: 61, updated_at: 61 });
      await store.cases.recordMessage({ caseId: kase.id, direction: 'in', kind: 'choice', body: 'Veins, bruises', media: null, updateId: 9201, at: 63 });
      expect(await db.selectFrom('cases').select(['last_direction', 'last_kind', 'last_at']).where('id', '=', kase.id).executeTakeFirstOrThrow()).toMatchObject({ last_direction: 'in', last_kind: 'choice', last_at: 63 });
    });

    it('keeps a row withdrawn while its call was in flight withdrawn, and says so', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createRelayStore(t.db.kysely, keys);
      await store.enqueue({ dedupeKey: 'withdraw-me', lane: 'w', priority: 1, target: { kind: 'staff-chat' }, method: 'sendMessage', params: { text: 'address' } }, 1);
      const row = await t.db.kysely.selectFrom('outbox').select('id').where('dedupe_key', '=', 'withdraw-me').executeTakeFirstOrThrow();
      await t.db.kysely.updateTable('outbox').set({ status: 'dead', last_error: 'withdrawn' }).where('id', '=', row.id).execute();
      const outbox = createOutboxStore(t.db.kysely, keys);
      expect(await outbox.markSent(row.id, 2, { messageId: 55 }, undefined)).toBe(false);
      expect((await t.db.kysely.selectFrom('outbox').select('status').where('id', '=', row.id).executeTakeFirstOrThrow()).status).toBe('dead');
      await outbox.queueDeletion({ kind: 'staff-topic', caseId: 1 }, 'w', 55, 3);
      const deletion = (await outbox.listPending(10)).find((r) => r.lane === 'w');
      expect(deletion && deletion.sealed ? outbox.open(deletion.sealed) : undefined).toMatchObject({ method: 'deleteMessages', params: { message_ids: [55] }, target: { kind: 'staff-chat' } });
    });

    it('stores updates once, keeps the offset with them, and processes each once', async (ctx) => {
      if (!t) return ctx.skip();
      const inbox = createInboxStore(t.db.kysely, keys);
      const updates = [
        { updateId: 500, lane: 1, update: { update_id: 500, message: { text: 'inbox-phrase' } } },
        { updateId: 501, lane: 2, update: { update_id: 501 } },
      ];
      expect(await inbox.storeBatch(updates, 502, 1)).toHaveLength(2);
      expect(await inbox.storeBatch(updates, 502, 2)).toHaveLength(0);
      expect(await inbox.offset()).toBe(502);
      const pending = await inbox.pending(10);
      expect(pending.map((p) => p.updateId)).toEqual([500, 501]);
      expect(pending[0]?.update).toEqual(updates[0]?.update);
      let runs = 0;
      expect(await inbox.process(500, 3, async () => void runs++)).toBe('done');
      expect(await inbox.process(500, 4, async () => void runs++)).toBe('already-done');
      expect(runs).toBe(1);
      // A failing handler rolls back its writes and leaves the update pending.
      const store = createRelayStore(t.db.kysely, keys);
      await expect(
        inbox.process(501, 5, async (tx) => {
          await tx.setSetting('written-in-failed-tx', 'x', 5);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.getSetting('written-in-failed-tx')).toBeUndefined();
      expect((await inbox.pending(10)).map((p) => p.updateId)).toEqual([501]);
      expect(await inbox.markFailed(501, 'Error', 6, 2)).toBe('retry');
      expect(await inbox.markFailed(501, 'Error', 7, 2)).toBe('failed');
      expect(await inbox.pending(10)).toHaveLength(0);
    });
  });
}
