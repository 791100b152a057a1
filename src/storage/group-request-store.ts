import type { Kysely } from 'kysely';
import type { GroupAnswer, GroupCase, GroupRequestStore } from '../core/community/group-request-ports.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';

/** Context bound into a worker's sealed group answer. */
export const SEAL_GROUP_ANSWER = 'group-answer-body';

const CASE_COLUMNS = ['case_id', 'client_id', 'token', 'last_message_id', 'private_at'] as const;

function toGroupCase(row: { case_id: number; client_id: number; token: string; last_message_id: number; private_at: number | null }): GroupCase {
  return { caseId: row.case_id, clientId: row.client_id, token: row.token, lastMessageId: row.last_message_id, privateAt: row.private_at === null ? null : Number(row.private_at) };
}

/** Requests in the community chat over a Kysely transaction (or the plain database). */
export function createGroupRequestStore(db: Kysely<Database>, keys: Keyring): GroupRequestStore {
  const getGroupCase = async (caseId: number) => {
    const row = await db.selectFrom('group_cases').select(CASE_COLUMNS).where('case_id', '=', caseId).executeTakeFirst();
    return row ? toGroupCase(row) : undefined;
  };
  const toAnswer = (row: { id: number; case_id: number; staff_id: number; body_sealed: Uint8Array | null; status: string }): GroupAnswer => ({
    id: row.id,
    caseId: row.case_id,
    staffId: row.staff_id,
    text: row.body_sealed ? keys.open(row.body_sealed, SEAL_GROUP_ANSWER) : '',
    status: row.status as GroupAnswer['status'],
  });
  return {
    async trackRequest({ caseId, clientId, chatMessageId, token, at }) {
      await db
        .insertInto('group_cases')
        .values({ case_id: caseId, client_id: clientId, token, last_message_id: chatMessageId, created_at: at, updated_at: at })
        .onConflict((oc) => oc.column('case_id').doUpdateSet({ last_message_id: chatMessageId, updated_at: at }))
        .execute();
      await db.insertInto('group_messages').values({ chat_message_id: chatMessageId, case_id: caseId, created_at: at }).onConflict((oc) => oc.column('chat_message_id').doNothing()).execute();
      const found = await getGroupCase(caseId);
      if (!found) throw new Error('group case vanished');
      return found;
    },

    async caseOfMessage(chatMessageId) {
      const row = await db.selectFrom('group_messages').select('case_id').where('chat_message_id', '=', chatMessageId).executeTakeFirst();
      return row ? getGroupCase(row.case_id) : undefined;
    },

    getGroupCase,

    async caseByToken(token) {
      const row = await db.selectFrom('group_cases').select(CASE_COLUMNS).where('token', '=', token).executeTakeFirst();
      return row ? toGroupCase(row) : undefined;
    },

    async takePrivate(caseId, at) {
      const result = await db.updateTable('group_cases').set({ private_at: at, updated_at: at }).where('case_id', '=', caseId).where('private_at', 'is', null).executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) return false;
      await db.updateTable('cases').set({ channel: 'private', updated_at: at }).where('id', '=', caseId).where('status', '=', 'open').execute();
      return true;
    },

    async hasPrivateChat(clientId) {
      const row = await db.selectFrom('cases').select('id').where('client_id', '=', clientId).where('channel', '=', 'private').limit(1).executeTakeFirst();
      return row !== undefined;
    },

    async saveAnswer({ caseId, staffId, text, at }) {
      const row = await db
        .insertInto('group_answers')
        .values({ case_id: caseId, staff_id: staffId, body_sealed: keys.seal(text, SEAL_GROUP_ANSWER), status: 'pending', created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async getAnswer(id) {
      const row = await db.selectFrom('group_answers').select(['id', 'case_id', 'staff_id', 'body_sealed', 'status']).where('id', '=', id).executeTakeFirst();
      return row ? toAnswer(row) : undefined;
    },

    async setAnswerStatus(id, from, to, at) {
      const result = await db.updateTable('group_answers').set({ status: to, decided_at: at }).where('id', '=', id).where('status', '=', from).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async staffAlias(staffId) {
      const row = await db.selectFrom('staff').select('alias').where('id', '=', staffId).executeTakeFirst();
      return row?.alias ?? null;
    },

    async answersForPrivate(caseId) {
      const rows = await db.selectFrom('group_answers').select(['id', 'case_id', 'staff_id', 'body_sealed', 'status']).where('case_id', '=', caseId).where('status', '=', 'private').orderBy('id').execute();
      return rows.map(toAnswer);
    },
  };
}
