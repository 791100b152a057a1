import type { Kysely } from 'kysely';
import type { EmergencyStore } from '../core/ports.ts';
import type { Database } from './schema.ts';

/** Emergency sessions: one per emergency, with the guide step last shown and the alerts sent. Over a transaction (or the plain database). */
export function createEmergencyStore(db: Kysely<Database>): EmergencyStore {
  return {
    async open({ caseId, kind, trigger, at, withinMs, sameKinds }) {
      let recentQuery = db.selectFrom('emergencies').select(['id', 'kind']).where('case_id', '=', caseId).where('started_at', '>', at - withinMs);
      if (sameKinds !== undefined) recentQuery = recentQuery.where('kind', 'in', [kind, ...sameKinds]);
      const recent = await recentQuery.orderBy('id', 'desc').executeTakeFirst();
      if (recent) return { id: recent.id, fresh: false, kind: recent.kind };
      const row = await db
        .insertInto('emergencies')
        .values({ case_id: caseId, kind, trigger, started_at: at, last_step: null, last_step_at: at, first_human_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, fresh: true, kind };
    },

    async setKind(emergencyId, kind) {
      await db.updateTable('emergencies').set({ kind }).where('id', '=', emergencyId).execute();
    },

    async get(id) {
      const row = await db.selectFrom('emergencies').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      return { id: row.id, caseId: row.case_id, kind: row.kind, startedAt: row.started_at, lastStep: row.last_step, lastStepAt: row.last_step_at, firstHumanAt: row.first_human_at, alertsSent: row.alerts_sent };
    },

    async recordStep(emergencyId, step, at) {
      await db.updateTable('emergencies').set({ last_step: step, last_step_at: at }).where('id', '=', emergencyId).execute();
    },

    async countAlert(emergencyId) {
      await db
        .updateTable('emergencies')
        .set((eb) => ({ alerts_sent: eb('alerts_sent', '+', 1) }))
        .where('id', '=', emergencyId)
        .execute();
    },
  };
}
