import type { Kysely } from 'kysely';
import type { OutboxEffect, OutboxTarget } from '../core/ports.ts';
import { openTopicRequest } from '../core/staff-topic.ts';
import { PRIORITY } from '../core/types.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import { createRelayStore } from './relay-store.ts';
import { SEAL } from './relay-rows.ts';
import type { OutboxPayload, OutboxStore } from '../core/outbox/ports.ts';
import type { Database } from './schema.ts';

/** Builds the outbox store over a database. */
export function createOutboxStore(db: Kysely<Database>, keys: Keyring): OutboxStore {
  // A case's staff topic never changes once created: remember it instead of asking each send.
  const topicByCase = new Map<number, number>();
  const rememberTopic = (caseId: number, topicId: number) => {
    if (topicByCase.size > 100_000) topicByCase.clear();
    topicByCase.set(caseId, topicId);
  };
  interface SentRecord {
    id: number;
    at: number;
    result: { messageId?: number; topicId?: number };
    effect: OutboxEffect | undefined;
    resolve(wanted: boolean): void;
    reject(error: unknown): void;
  }
  let sentQueue: SentRecord[] = [];
  const flushSent = () => {
    const batch = sentQueue;
    sentQueue = [];
    const wanted = new Map<number, boolean>();
    db.transaction()
      .execute(async (trx) => {
        // In id order: two processes recording overlapping batches then lock rows in one order.
        for (const { id, at, result, effect } of [...batch].sort((x, y) => x.id - y.id)) {
          // Only a row still pending becomes sent: a withdrawn one stays withdrawn.
          const updated = await trx
            .updateTable('outbox')
            .set({ status: 'sent', sent_at: at, result_message_id: result.messageId ?? result.topicId ?? null, payload_sealed: null, last_error: null })
            .where('id', '=', id)
            .where('status', '=', 'pending')
            .executeTakeFirst();
          const won = Number(updated.numUpdatedRows) > 0;
          wanted.set(id, won);
          // Its effect (a case's topic, a message id) belongs to the send that made the row sent;
          // another sender of the same row, or a withdrawn row, records nothing.
          if (!effect || !won) continue;
          if (effect.kind === 'case-topic' && result.topicId !== undefined) {
            await trx.updateTable('cases').set({ staff_topic_id: result.topicId }).where('id', '=', effect.caseId).execute();
          } else if (effect.kind === 'staff-message-id' && result.messageId !== undefined) {
            await trx.updateTable('messages').set({ staff_message_id: result.messageId }).where('id', '=', effect.messageId).execute();
          } else if (effect.kind === 'client-message-id' && result.messageId !== undefined) {
            await trx.updateTable('messages').set({ client_message_id: result.messageId }).where('id', '=', effect.messageId).execute();
          } else if (effect.kind === 'channel-post' && result.messageId !== undefined) {
            const column = effect.field === 'channel' ? 'channel_message_id' : 'preview_message_id';
            await trx.updateTable('channel_posts').set({ [column]: result.messageId, updated_at: at }).where('id', '=', effect.postId).execute();
          } else if (effect.kind === 'setting-topic' && result.topicId !== undefined) {
            const value = String(result.topicId);
            await trx
              .insertInto('settings')
              .values({ key: effect.key, value, updated_at: at })
              .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
              .execute();
          }
        }
      })
      .then(
        () => {
          for (const record of batch) {
            if (record.effect?.kind === 'case-topic' && record.result.topicId !== undefined && wanted.get(record.id) === true) rememberTopic(record.effect.caseId, record.result.topicId);
            record.resolve(wanted.get(record.id) ?? true);
          }
        },
        (error: unknown) => {
          for (const record of batch) record.reject(error);
        },
      );
  };
  return {
    open(sealed) {
      return JSON.parse(keys.open(sealed, SEAL.outbox)) as OutboxPayload;
    },

    async listPending(limit, afterId) {
      let query = db
        .selectFrom('outbox')
        .select(['id', 'chat_key', 'priority', 'next_attempt_at', 'attempts', 'case_id', 'created_at', 'payload_sealed'])
        .where('status', '=', 'pending');
      query = afterId === undefined ? query.orderBy('priority').orderBy('id') : query.where('id', '>', afterId).orderBy('id');
      const rows = await query.limit(limit).execute();
      return rows.map((r) => ({ id: r.id, lane: r.chat_key, priority: r.priority, nextAttemptAt: r.next_attempt_at, attempts: r.attempts, caseId: r.case_id, createdAt: Number(r.created_at), sealed: r.payload_sealed }));
    },

    async load(id) {
      const row = await db.selectFrom('outbox').select(['payload_sealed', 'status']).where('id', '=', id).executeTakeFirst();
      if (!row || row.status !== 'pending' || !row.payload_sealed) return undefined;
      return JSON.parse(keys.open(row.payload_sealed, SEAL.outbox)) as OutboxPayload;
    },

    async resolve(target, staffChatId) {
      switch (target.kind) {
        case 'client': {
          const row = await db
            .selectFrom('clients')
            .select(['chat_sealed', 'unreachable'])
            .where('id', '=', target.clientId)
            .executeTakeFirst();
          if (!row?.chat_sealed) return { ok: false, reason: 'erased' };
          if (row.unreachable === 1) return { ok: false, reason: 'unreachable' };
          return { ok: true, chatId: Number(keys.open(row.chat_sealed, SEAL.clientChat)) };
        }
        case 'staff-chat':
          return staffChatId === undefined ? { ok: false, reason: 'no-staff-chat' } : { ok: true, chatId: staffChatId };
        case 'staff-topic': {
          if (staffChatId === undefined) return { ok: false, reason: 'no-staff-chat' };
          const known = topicByCase.get(target.caseId);
          if (known !== undefined) return { ok: true, chatId: staffChatId, threadId: known };
          const row = await db.selectFrom('cases').select('staff_topic_id').where('id', '=', target.caseId).executeTakeFirst();
          if (row?.staff_topic_id == null) return { ok: false, reason: 'no-topic' };
          rememberTopic(target.caseId, row.staff_topic_id);
          return { ok: true, chatId: staffChatId, threadId: row.staff_topic_id };
        }
        case 'group':
          return { ok: true, chatId: target.chatId };
        case 'direct':
          return { ok: true, chatId: target.chatId };
        case 'staff-dm': {
          const row = await db.selectFrom('staff').select('chat_sealed').where('id', '=', target.staffId).executeTakeFirst();
          if (!row?.chat_sealed) return { ok: false, reason: 'unreachable' };
          return { ok: true, chatId: Number(keys.open(row.chat_sealed, SEAL.staffChat)) };
        }
      }
    },

    markSent(id, at, result, effect) {
      // Group commit: calls that finish together are recorded in one transaction. Each caller
      // still waits for its own record, so a row counts as in flight until it is durable.
      return new Promise<boolean>((resolve, reject) => {
        sentQueue.push({ id, at, result, effect, resolve, reject });
        if (sentQueue.length === 1) setImmediate(flushSent);
      });
    },

    async queueDeletion(target, lane, messageId, at) {
      // Deleting needs the chat, not the topic.
      const chat: OutboxTarget = target.kind === 'staff-topic' ? { kind: 'staff-chat' } : target;
      await createRelayStore(db, keys).enqueue(
        { dedupeKey: `withdrawn-delete:${lane}:${messageId}:${at}`, lane, priority: PRIORITY.urgent, target: chat, method: 'deleteMessages', params: { message_ids: [messageId] } },
        at,
      );
    },

    async reschedule(id, nextAttemptAt, error) {
      const row = await db.selectFrom('outbox').select('attempts').where('id', '=', id).executeTakeFirst();
      await db
        .updateTable('outbox')
        .set({ next_attempt_at: nextAttemptAt, attempts: (row?.attempts ?? 0) + 1, last_error: error.slice(0, 200) })
        .where('id', '=', id)
        .execute();
    },

    async markDead(id, at, error) {
      await db
        .updateTable('outbox')
        .set({ status: 'dead', sent_at: at, payload_sealed: null, last_error: error.slice(0, 200) })
        .where('id', '=', id)
        .execute();
    },

    async markClientUnreachable(clientId) {
      await db.updateTable('clients').set({ unreachable: 1 }).where('id', '=', clientId).execute();
    },

    async recreateTopic(caseId, at) {
      topicByCase.delete(caseId);
      await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('cases')
          .innerJoin('clients', 'clients.id', 'cases.client_id')
          .select(['clients.code', 'cases.staff_topic_id'])
          .where('cases.id', '=', caseId)
          .executeTakeFirst();
        if (!row) return;
        await trx.updateTable('cases').set({ staff_topic_id: null }).where('id', '=', caseId).execute();
        // The same request as a new case's topic, under a key of its own for this repair.
        await createRelayStore(trx, keys).enqueue({ ...openTopicRequest(row.code, caseId), dedupeKey: `topic:${caseId}:after:${row.staff_topic_id ?? 'none'}` }, at);
      });
    },

    async retryWaiting(reason, at) {
      await db.updateTable('outbox').set({ next_attempt_at: at }).where('status', '=', 'pending').where('last_error', '=', reason).execute();
    },

    async counts() {
      const rows = await db.selectFrom('outbox').select(['status', db.fn.countAll<number>().as('n')]).groupBy('status').execute();
      return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    },
  };
}
