import type { Kysely } from 'kysely';
import type { CaseStore, NewMessage } from '../core/ports.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';
import { CASE_COLUMNS, SEAL, toCase } from './relay-rows.ts';

/** A client sending voice after voice is asked to write at most this often. */
const VOICE_ASK_INTERVAL_MS = 30 * 60_000;
/** A case is asked "is a life in danger?" at most this often; an emergency alerts anyway. */
const DANGER_ASK_INTERVAL_MS = 30 * 60_000;

/** Cases and their transcripts: opening, finding, flags, needs, the rows of the transcript, and dashboard request ids. Over a transaction (or the plain database). */
export function createCaseStore(db: Kysely<Database>, keys: Keyring): CaseStore {
  /** Remembers that a case was asked something, unless it was within `intervalMs`: true if it may be asked now. */
  const claimAsk = async (column: 'voice_asked_at' | 'danger_asked_at', intervalMs: number, caseId: number, at: number): Promise<boolean> => {
    const result = await db
      .updateTable('cases')
      .set({ [column]: at })
      .where('id', '=', caseId)
      .where((eb) => eb.or([eb(column, 'is', null), eb(column, '<', at - intervalMs)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  };
  return {
    async findOpen(clientId, channel) {
      const row = await db
        .selectFrom('cases')
        .select(CASE_COLUMNS)
        .where('client_id', '=', clientId)
        .where('channel', '=', channel)
        .where('status', '=', 'open')
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toCase(row) : undefined;
    },

    async open({ clientId, channel, urgent, at }) {
      // One open case per client and channel (a unique index): when another process opened
      // one first, its case is the one; an urgent message still makes it urgent.
      const row = await db
        .insertInto('cases')
        .values({ client_id: clientId, channel, status: 'open', urgent: urgent ? 1 : 0, opened_at: at, updated_at: at })
        .onConflict((oc) => oc.doNothing())
        .returning(CASE_COLUMNS)
        .executeTakeFirst();
      if (row) return toCase(row);
      if (urgent) await db.updateTable('cases').set({ urgent: 1, updated_at: at }).where('client_id', '=', clientId).where('channel', '=', channel).where('status', '=', 'open').execute();
      const open = await db.selectFrom('cases').select(CASE_COLUMNS).where('client_id', '=', clientId).where('channel', '=', channel).where('status', '=', 'open').executeTakeFirstOrThrow();
      return toCase(open);
    },

    async byTopic(topicId) {
      const row = await db
        .selectFrom('cases')
        .select(CASE_COLUMNS)
        .where('staff_topic_id', '=', topicId)
        .orderBy('id', 'desc')
        .executeTakeFirst();
      return row ? toCase(row) : undefined;
    },

    async get(caseId) {
      const row = await db.selectFrom('cases').select(CASE_COLUMNS).where('id', '=', caseId).executeTakeFirst();
      return row ? toCase(row) : undefined;
    },

    async lock(caseId) {
      // A no-op update: every database locks the row it writes until commit, no FOR UPDATE dialects needed.
      await db.updateTable('cases').set((eb) => ({ updated_at: eb.ref('updated_at') })).where('id', '=', caseId).execute();
    },

    async close(caseId, at) {
      await db.updateTable('cases').set({ status: 'closed', closed_at: at, updated_at: at }).where('id', '=', caseId).execute();
    },

    async markFirstResponse(caseId, at) {
      await db
        .updateTable('cases')
        .set({ first_response_at: at })
        .where('id', '=', caseId)
        .where('first_response_at', 'is', null)
        .execute();
      // A human answered: emergencies of the case stop repeating their alerts.
      await db.updateTable('emergencies').set({ first_human_at: at }).where('case_id', '=', caseId).where('first_human_at', 'is', null).execute();
    },

    async recordMessage(m: NewMessage) {
      const row = await db
        .insertInto('messages')
        .values({
          case_id: m.caseId,
          direction: m.direction,
          kind: m.kind,
          body_sealed: m.body === null ? null : keys.seal(m.body, SEAL.body),
          media_sealed: m.media === null ? null : keys.seal(JSON.stringify(m.media), SEAL.media),
          client_message_id: m.clientMessageId ?? null,
          staff_message_id: m.staffMessageId ?? null,
          update_id: m.updateId ?? null,
          staff_id: m.staffId ?? null,
          created_at: m.at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The inbox sorts by activity and filters on who spoke last; notes and the bot's own
      // messages change neither (an acknowledgement leaves the case waiting for a human).
      if (m.direction === 'in' || m.direction === 'out') {
        await db.updateTable('cases').set({ last_direction: m.direction, last_kind: m.kind, last_at: m.at, updated_at: m.at }).where('id', '=', m.caseId).execute();
      }
      return row.id;
    },

    async waitingAfterHours() {
      const rows = await db
        .selectFrom('cases')
        .innerJoin('clients', 'clients.id', 'cases.client_id')
        .select(['cases.id', 'clients.code', 'cases.urgent', 'cases.needs'])
        .where('cases.status', '=', 'open')
        .where('cases.after_hours', '=', 1)
        .where('cases.first_response_at', 'is', null)
        .orderBy('cases.id')
        .limit(200)
        .execute();
      return rows.map((r) => ({ caseId: r.id, code: r.code, urgent: r.urgent === 1, needs: JSON.parse(r.needs) as string[] }));
    },

    async markAfterHours(caseId) {
      await db.updateTable('cases').set({ after_hours: 1 }).where('id', '=', caseId).execute();
    },

    async flagForDoctor(caseId) {
      const result = await db.updateTable('cases').set({ doctor_flag: 1 }).where('id', '=', caseId).where('doctor_flag', '=', 0).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async markUrgent(caseId, at) {
      await db.updateTable('cases').set({ urgent: 1, updated_at: at }).where('id', '=', caseId).execute();
    },

    async addNeed(caseId, need) {
      const row = await db.selectFrom('cases').select('needs').where('id', '=', caseId).executeTakeFirst();
      if (!row) return;
      const needs = JSON.parse(row.needs) as string[];
      if (needs.includes(need)) return;
      await db.updateTable('cases').set({ needs: JSON.stringify([...needs, need]) }).where('id', '=', caseId).execute();
    },

    shouldAskAboutDanger: (caseId, at) => claimAsk('danger_asked_at', DANGER_ASK_INTERVAL_MS, caseId, at),

    shouldAskForText: (caseId, at) => claimAsk('voice_asked_at', VOICE_ASK_INTERVAL_MS, caseId, at),

    async claimRequest(requestId, at) {
      const row = await db.insertInto('dashboard_requests').values({ request_id: requestId, created_at: at }).onConflict((oc) => oc.column('request_id').doNothing()).returning('request_id').executeTakeFirst();
      return row !== undefined;
    },

    async requestMessage(requestId) {
      const row = await db.selectFrom('dashboard_requests').select('message_id').where('request_id', '=', requestId).executeTakeFirst();
      return row?.message_id ?? undefined;
    },

    async setRequestMessage(requestId, messageId) {
      await db.updateTable('dashboard_requests').set({ message_id: messageId }).where('request_id', '=', requestId).execute();
    },
  };
}
