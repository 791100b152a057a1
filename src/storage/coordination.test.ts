/**
 * What keeps several processes on one database from doing a thing twice: each process is
 * modelled by its own store over the same database, racing in concurrent transactions (on
 * PostgreSQL these are real concurrent connections; SQLite serialises them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { createDb } from './create-db.ts';
import { checkMasterKey, MasterSecretMismatchError } from './key-check.ts';
import { createInboxStore } from './inbox-store.ts';
import { createOutboxStore } from './outbox-store.ts';
import { createRelayStore } from './relay-store.ts';
import { createTimerStore } from './timer-store.ts';
import { createTransactor } from './transactor.ts';

const keys = createKeyring('coordination-test-secret-0123456789-abcdefgh');
const cleanupStops: Array<() => Promise<void>> = [];

for (const dialect of DIALECTS) {
  describe(`several processes on one ${dialect} database`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('fires a due timer once when two processes fire it at the same moment', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      await createRelayStore(db, keys).scheduleTimer({ kind: 'alert-repeat', caseId: null, clientId: null, payload: { n: 1 }, dueAt: 5, at: 1 });
      const [id] = await createTimerStore(db, keys).due(10, 10);
      if (id === undefined) throw new Error('no timer due');
      let fired = 0;
      const fire = () =>
        createTimerStore(db, keys).fire(id, 10, async () => {
          fired += 1;
          // Holds the transaction open a moment, so the other process's claim overlaps it.
          await new Promise((resolve) => setTimeout(resolve, 50));
        });
      const results = await Promise.all([fire(), fire(), fire()]);
      expect(fired).toBe(1);
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('processes a stored update once when two processes take it up at the same moment', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      await createInboxStore(db, keys).storeBatch([{ updateId: 9100, lane: 1, update: { update_id: 9100 } }, { updateId: 9101, lane: 2, update: { update_id: 9101 } }], undefined, 1);
      let runs = 0;
      const slow = async () => {
        runs += 1;
        await new Promise((resolve) => setTimeout(resolve, 50));
      };
      const single = await Promise.all([createInboxStore(db, keys).process(9100, 2, slow), createInboxStore(db, keys).process(9100, 2, slow)]);
      expect(runs).toBe(1);
      expect(single.filter((r) => r === 'done')).toHaveLength(1);
      runs = 0;
      const batches = await Promise.all([createInboxStore(db, keys).processBatch([9101], 3, slow), createInboxStore(db, keys).processBatch([9101], 3, slow)]);
      expect(runs).toBe(1);
      expect(batches.flat()).toEqual([9101]);
      // What another process knows already is not opened again.
      await createInboxStore(db, keys).storeBatch([{ updateId: 9102, lane: 3, update: { update_id: 9102 } }, { updateId: 9103, lane: 4, update: { update_id: 9103 } }], undefined, 4);
      expect((await createInboxStore(db, keys).pending(10, new Set([9102]))).map((u) => u.updateId)).toEqual([9103]);
    });

    it('keeps one open case per client and channel when two processes open one at once', async (ctx) => {
      if (!t) return ctx.skip();
      const transactor = createTransactor(t.db.kysely, keys);
      const { client } = await transactor.run((store) => store.clients.upsert({ pseudonym: `p-race-${dialect}`, chatId: 777, language: 'ru', at: 1 }));
      const open = (urgent: boolean) =>
        transactor.run(async (store) => {
          const found = await store.cases.findOpen(client.id, 'private');
          const kase = found ?? (await store.cases.open({ clientId: client.id, channel: 'private', urgent, at: 2 }));
          await new Promise((resolve) => setTimeout(resolve, 30));
          return kase.id;
        });
      const ids = await Promise.all([open(false), open(true), open(false)]);
      expect(new Set(ids).size).toBe(1);
      const rows = await t.db.kysely.selectFrom('cases').select(['id', 'urgent']).where('client_id', '=', client.id).where('status', '=', 'open').execute();
      expect(rows).toHaveLength(1);
      // A loser that did not see the winner's case in time gets it from open(), made urgent if it meant to.
      const again = await transactor.run((store) => store.cases.open({ clientId: client.id, channel: 'private', urgent: true, at: 3 }));
      expect(again.id).toBe(ids[0]);
      expect(again.urgent).toBe(true);
      // A group case of the same client is another channel: allowed beside it.
      const group = await transactor.run((store) => store.cases.open({ clientId: client.id, channel: 'group', urgent: false, at: 3 }));
      expect(group.id).not.toBe(ids[0]);
    });

    it('records a case topic only for the send that made its outbox row sent', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      const store = createRelayStore(db, keys);
      const { client } = await store.clients.upsert({ pseudonym: `p-topic-${dialect}`, chatId: 778, language: 'ru', at: 1 });
      const kase = await store.cases.open({ clientId: client.id, channel: 'private', urgent: false, at: 1 });
      await store.enqueue({ dedupeKey: `topic-test:${kase.id}`, lane: `case:${kase.id}`, priority: -1, target: { kind: 'staff-chat' }, method: 'createForumTopic', params: { name: 'x' }, effect: { kind: 'case-topic', caseId: kase.id }, caseId: kase.id }, 1);
      const row = await db.selectFrom('outbox').select('id').where('dedupe_key', '=', `topic-test:${kase.id}`).executeTakeFirstOrThrow();
      // Two senders both had the call in flight; Telegram made two topics.
      const [first, second] = await Promise.all([
        createOutboxStore(db, keys).markSent(row.id, 2, { topicId: 501 }, { kind: 'case-topic', caseId: kase.id }),
        createOutboxStore(db, keys).markSent(row.id, 2, { topicId: 502 }, { kind: 'case-topic', caseId: kase.id }),
      ]);
      expect([first, second].filter(Boolean)).toHaveLength(1);
      const winner = first ? 501 : 502;
      const after = await db.selectFrom('cases').select('staff_topic_id').where('id', '=', kase.id).executeTakeFirstOrThrow();
      expect(after.staff_topic_id).toBe(winner);
    });

    it('wakes another process on the same database when work is stored (PostgreSQL LISTEN/NOTIFY)', async (ctx) => {
      if (!t) return ctx.skip();
      if (dialect === 'sqlite') {
        // One process only: nothing to wake.
        expect(t.db.wakeups).toBeUndefined();
        return;
      }
      const other = createDb(t.config, t.schema === undefined ? {} : { postgresSchema: t.schema });
      try {
        const wakeups = other.wakeups;
        if (!wakeups || !t.db.wakeups) throw new Error('no wake-ups on PostgreSQL');
        let woken = 0;
        const heard = new Promise<void>((resolve) => {
          void wakeups
            .listen('inbox', () => {
              woken += 1;
              resolve();
            })
            .then((stop) => cleanupStops.push(stop));
        });
        // Until the listener is connected, a notification could be missed: notify until heard.
        const notifying = setInterval(() => void t?.db.wakeups?.notify('inbox'), 50);
        await heard;
        clearInterval(notifying);
        expect(woken).toBeGreaterThan(0);
        // Another topic does not wake it.
        const before = woken;
        await t.db.wakeups.notify('outbox');
        await new Promise((r) => setTimeout(r, 200));
        expect(woken).toBe(before);
      } finally {
        for (const stop of cleanupStops.splice(0)) await stop();
        await other.close();
      }
    });

    it('refuses a master secret that is not the one the database was written with', async (ctx) => {
      if (!t) return ctx.skip();
      const db = t.db.kysely;
      expect(await checkMasterKey(db, keys, 1)).toBe('stored');
      expect(await checkMasterKey(db, createKeyring('coordination-test-secret-0123456789-abcdefgh'), 2)).toBe('matched');
      await expect(checkMasterKey(db, createKeyring('another-secret-that-is-long-enough-0123456789'), 3)).rejects.toBeInstanceOf(MasterSecretMismatchError);
      // Nothing of the secret is stored: only a keyed hash of a constant.
      const stored = await db.selectFrom('settings').select('value').where('key', '=', 'master_key_check').executeTakeFirstOrThrow();
      expect(stored.value).not.toContain('coordination-test-secret');
    });
  });
}
