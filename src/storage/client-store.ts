import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { newClientCode } from '../core/client-code.ts';
import { TOUCH_INTERVAL_MS } from '../core/policies.ts';
import type { ClientStore } from '../core/ports.ts';
import type { Client, ClientVia, Language } from '../core/types.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';
import { SEAL } from './relay-rows.ts';
import { LANE } from '../core/outbox/lanes.ts';

const viaOf = (via: string): ClientVia => (via === 'web' ? 'web' : 'telegram');

/** A code no other client has (a few tries; longer codes once the short ones grow crowded). */
async function freeCode(db: Kysely<Database>): Promise<string> {
  let code = newClientCode();
  for (let tries = 0; ; tries++) {
    const taken = await db.selectFrom('clients').select('id').where('code', '=', code).executeTakeFirst();
    if (!taken) return code;
    code = newClientCode(tries < 20 ? 4 : 6);
  }
}

/** Clients: who writes (as a keyed pseudonym and a sealed chat id), their language, and erasing them. Over a transaction (or the plain database). */
export function createClientStore(db: Kysely<Database>, keys: Keyring): ClientStore {
  return {
    async upsert({ pseudonym, chatId, language, at }) {
      const found = await db
        .selectFrom('clients')
        .select(['id', 'code', 'language', 'unreachable', 'erased_at', 'last_seen_at', 'via'])
        .where('pseudonym', '=', pseudonym)
        .executeTakeFirst();
      if (found) {
        const via = viaOf(found.via);
        // last_seen is kept to the minute: a write per message would buy nothing.
        const stale = at - found.last_seen_at >= TOUCH_INTERVAL_MS;
        if (!stale && found.unreachable === 0 && found.erased_at === null) {
          return { client: { id: found.id, code: found.code, language: found.language as Language, unreachable: false, via }, created: false };
        }
        await db
          .updateTable('clients')
          .set({ last_seen_at: at, unreachable: 0, ...(found.erased_at === null ? {} : { chat_sealed: keys.seal(String(chatId), SEAL.clientChat), erased_at: null }) })
          .where('id', '=', found.id)
          .execute();
        return { client: { id: found.id, code: found.code, language: found.language as Language, unreachable: false, via }, created: false };
      }
      const code = await freeCode(db);
      const row = await db
        .insertInto('clients')
        .values({
          pseudonym,
          code,
          chat_sealed: keys.seal(String(chatId), SEAL.clientChat),
          language,
          first_seen_at: at,
          last_seen_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { client: { id: row.id, code, language, unreachable: false, via: 'telegram' }, created: true };
    },

    async createWeb({ pseudonym, language, at }) {
      const code = await freeCode(db);
      // No chat_sealed: there is no chat. The codename's keyed hash is the only key to this client.
      const row = await db
        .insertInto('clients')
        .values({ pseudonym, code, chat_sealed: null, language, first_seen_at: at, last_seen_at: at, via: 'web' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, code, language, unreachable: false, via: 'web' };
    },

    async findWeb(pseudonym, at) {
      const row = await db
        .selectFrom('clients')
        .select(['id', 'code', 'language', 'last_seen_at'])
        .where('pseudonym', '=', pseudonym)
        .where('via', '=', 'web')
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      if (!row) return undefined;
      if (at - row.last_seen_at >= TOUCH_INTERVAL_MS) await db.updateTable('clients').set({ last_seen_at: at }).where('id', '=', row.id).execute();
      return { id: row.id, code: row.code, language: row.language as Language, unreachable: false, via: 'web' };
    },

    async get(clientId): Promise<Client | undefined> {
      const row = await db
        .selectFrom('clients')
        .select(['id', 'code', 'language', 'unreachable', 'erased_at', 'via'])
        .where('id', '=', clientId)
        .executeTakeFirst();
      if (!row) return undefined;
      return { id: row.id, code: row.code, language: row.language as Language, unreachable: row.unreachable === 1 || row.erased_at !== null, via: viaOf(row.via) };
    },

    async setLanguage(clientId, language) {
      await db.updateTable('clients').set({ language }).where('id', '=', clientId).execute();
    },

    async conversationMessageIds(clientId, since) {
      const messages = await db
        .selectFrom('messages')
        .innerJoin('cases', 'cases.id', 'messages.case_id')
        .select(['messages.client_message_id', 'messages.staff_message_id'])
        .where('cases.client_id', '=', clientId)
        .where('messages.created_at', '>=', since)
        .execute();
      // The bot's own messages (acknowledgements, guides) are known from the outbox.
      const fromOutbox = await db
        .selectFrom('outbox')
        .select('result_message_id as id')
        .where('chat_key', '=', LANE.client(clientId))
        .where('status', '=', 'sent')
        .where('result_message_id', 'is not', null)
        .where('sent_at', '>=', since)
        .execute();
      const clientChat = new Set<number>();
      const staffGroup = new Set<number>();
      for (const row of messages) {
        if (row.client_message_id !== null) clientChat.add(row.client_message_id);
        if (row.staff_message_id !== null) staffGroup.add(row.staff_message_id);
      }
      for (const row of fromOutbox) if (row.id !== null) clientChat.add(row.id);
      const newestFirst = (ids: Set<number>) => [...ids].sort((a, b) => b - a);
      return { clientChat: newestFirst(clientChat), staffGroup: newestFirst(staffGroup) };
    },

    async erase(clientId, at) {
      // The inbox keeps processed updates' ids (not their text) a week, each with its chat's keyed
      // hash: that hash would tie this client's next case to the erased one, so it goes too.
      const sealedChat = await db.selectFrom('clients').select('chat_sealed').where('id', '=', clientId).executeTakeFirst();
      if (sealedChat?.chat_sealed) {
        const chatKey = keys.pseudonym('chat', Number(keys.open(sealedChat.chat_sealed, SEAL.clientChat)));
        await db.updateTable('inbox').set({ chat_key: 'erased' }).where('chat_key', '=', chatKey).execute();
      }
      const cases = await db.selectFrom('cases').select('id').where('client_id', '=', clientId).execute();
      const caseIds = cases.map((c) => c.id);
      if (caseIds.length > 0) {
        await db.deleteFrom('messages').where('case_id', 'in', caseIds).execute();
        // Their requests in the community chat: which messages were theirs, and answers to them.
        await db.deleteFrom('group_messages').where('case_id', 'in', caseIds).execute();
        await db.deleteFrom('group_answers').where('case_id', 'in', caseIds).execute();
        await db.updateTable('timers').set({ done_at: at }).where('client_id', '=', clientId).where('done_at', 'is', null).execute();
      }
      // Pending calls to the client will find no chat and be dropped; their payloads go now.
      await db
        .updateTable('outbox')
        .set({ status: 'dead', payload_sealed: null, last_error: 'client erased' })
        .where('chat_key', '=', LANE.client(clientId))
        .where('status', '=', 'pending')
        .execute();
      await db
        .updateTable('clients')
        .set({ pseudonym: `erased:${clientId}:${randomUUID()}`, chat_sealed: null, erased_at: at })
        .where('id', '=', clientId)
        .execute();
      return caseIds;
    },
  };
}
