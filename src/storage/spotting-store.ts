import type { Kysely } from 'kysely';
import { ACTIVE_SPOTTING_STATES, type ResponderInfo, type SpottingSession, type SpottingState, type SpottingStore } from '../core/spotting/ports.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';

/** Context bound into sealed responder info. */
export const SEAL_RESPONDER = 'spotting-responder';



const COLUMNS = ['id', 'client_id', 'state', 'duration_min', 'ends_at', 'asks', 'generation', 'case_id', 'created_at', 'escalated_at', 'ended_at', 'responder_sealed'] as const;

interface Row {
  id: number;
  client_id: number;
  state: string;
  duration_min: number;
  ends_at: number;
  asks: number;
  generation: number;
  case_id: number | null;
  created_at: number;
  escalated_at: number | null;
  ended_at: number | null;
  responder_sealed: Uint8Array | null;
}

function toSession(row: Row): SpottingSession {
  return {
    id: row.id,
    clientId: row.client_id,
    state: row.state as SpottingState,
    durationMin: row.duration_min,
    endsAt: Number(row.ends_at),
    asks: row.asks,
    generation: row.generation,
    caseId: row.case_id,
    hasResponderInfo: row.responder_sealed !== null,
    createdAt: Number(row.created_at),
    escalatedAt: row.escalated_at === null ? null : Number(row.escalated_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
  };
}

/**
 * Spotting sessions over a Kysely transaction (or the plain database), sealing what the
 * client leaves for a responder. Use the same transaction as the relay store.
 */
export function createSpottingStore(db: Kysely<Database>, keys: Keyring): SpottingStore {
  const active = async (clientId: number) => {
    const row = await db.selectFrom('spotting_sessions').select(COLUMNS).where('client_id', '=', clientId).where('ended_at', 'is', null).executeTakeFirst();
    return row ? toSession(row) : undefined;
  };
  const end = async (where: { id: number } | { clientId: number }, outcome: string, at: number) => {
    const rows = await db
      .updateTable('spotting_sessions')
      .set((eb) => ({ state: outcome, ended_at: at, responder_sealed: null, generation: eb('generation', '+', 1) }))
      .where('id' in where ? 'id' : 'client_id', '=', 'id' in where ? where.id : where.clientId)
      .where('ended_at', 'is', null)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  };
  return {
    active,

    async get(sessionId) {
      const row = await db.selectFrom('spotting_sessions').select(COLUMNS).where('id', '=', sessionId).executeTakeFirst();
      return row ? toSession(row) : undefined;
    },

    async create({ clientId, state, durationMin, endsAt, caseId, at }) {
      const row = await db
        .insertInto('spotting_sessions')
        .values({ client_id: clientId, state, duration_min: durationMin, ends_at: endsAt, case_id: caseId, created_at: at, responder_sealed: null, escalated_at: null, ended_at: null })
        .onConflict((oc) => oc.column('client_id').where('ended_at', 'is', null).doNothing())
        .returning(COLUMNS)
        .executeTakeFirst();
      if (row) return { session: toSession(row), created: true };
      const existing = await active(clientId);
      if (!existing) throw new Error('spotting session conflict without an active session');
      return { session: existing, created: false };
    },

    async advance(sessionId, generation, change) {
      const row = await db
        .updateTable('spotting_sessions')
        .set((eb) => ({
          generation: eb('generation', '+', 1),
          ...(change.state === undefined ? {} : { state: change.state }),
          ...(change.durationMin === undefined ? {} : { duration_min: change.durationMin }),
          ...(change.endsAt === undefined ? {} : { ends_at: change.endsAt }),
          ...(change.asks === undefined ? {} : { asks: change.asks }),
          ...(change.caseId === undefined ? {} : { case_id: change.caseId }),
          ...(change.escalatedAt === undefined ? {} : { escalated_at: change.escalatedAt }),
        }))
        .where('id', '=', sessionId)
        .where('generation', '=', generation)
        .where('state', 'in', ACTIVE_SPOTTING_STATES)
        .returning(COLUMNS)
        .executeTakeFirst();
      return row ? toSession(row) : undefined;
    },

    async saveResponderInfo(sessionId, info) {
      await db
        .updateTable('spotting_sessions')
        .set({ responder_sealed: keys.seal(JSON.stringify(info), SEAL_RESPONDER) })
        .where('id', '=', sessionId)
        .where('ended_at', 'is', null)
        .execute();
    },

    async responderInfo(sessionId) {
      const row = await db.selectFrom('spotting_sessions').select('responder_sealed').where('id', '=', sessionId).executeTakeFirst();
      if (!row?.responder_sealed) return undefined;
      return JSON.parse(keys.open(row.responder_sealed, SEAL_RESPONDER)) as ResponderInfo;
    },

    async deleteResponderInfo(sessionId) {
      await db.updateTable('spotting_sessions').set({ responder_sealed: null }).where('id', '=', sessionId).execute();
    },

    async end(sessionId, outcome, at) {
      return (await end({ id: sessionId }, outcome, at)).length > 0;
    },

    async endAllOf(clientId, outcome, at) {
      return end({ clientId }, outcome, at);
    },

    async withdrawCopies(keyPrefix) {
      // LIKE escapes differ between dialects; our keys never need them.
      if (/[%_\\]/.test(keyPrefix)) throw new Error('key prefix must not contain LIKE wildcards');
      const rows = await db.selectFrom('outbox').select(['id', 'dedupe_key', 'status', 'result_message_id']).where('dedupe_key', 'like', `${keyPrefix}%`).execute();
      const pending = rows.filter((r) => r.status === 'pending').map((r) => r.id);
      if (pending.length > 0) {
        await db.updateTable('outbox').set({ status: 'dead', payload_sealed: null, last_error: 'withdrawn' }).where('id', 'in', pending).where('status', '=', 'pending').execute();
      }
      return rows.flatMap((r) => (r.status === 'sent' && r.result_message_id !== null ? [{ key: r.dedupe_key, messageId: r.result_message_id }] : []));
    },
  };
}
