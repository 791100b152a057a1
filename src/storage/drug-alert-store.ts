import type { Kysely } from 'kysely';
import type { DrugAlert, DrugAlertReport, DrugAlertStatus, DrugAlertStep, DrugAlertStore } from '../core/channel/drug-alert-ports.ts';
import type { Keyring } from '../core/crypto/keyring.ts';
import type { Database } from './schema.ts';

/** Context bound into a drug alert's sealed report. */
export const SEAL_DRUG_ALERT = 'drug-alert-report';

const COLUMNS = ['id', 'status', 'step', 'language', 'body_sealed'] as const;
const EMPTY: DrugAlertReport = { what: '', area: '', happened: '' };

/** Drug alerts over a Kysely transaction (or the plain database). */
export function createDrugAlertStore(db: Kysely<Database>, keys: Keyring): DrugAlertStore {
  const toAlert = (row: { id: number; status: string; step: string | null; language: string; body_sealed: Uint8Array | null }): DrugAlert => ({
    id: row.id,
    status: row.status as DrugAlertStatus,
    step: row.step as DrugAlertStep | null,
    language: row.language === 'en' ? 'en' : 'ru',
    report: row.body_sealed ? { ...EMPTY, ...(JSON.parse(keys.open(row.body_sealed, SEAL_DRUG_ALERT)) as Partial<DrugAlertReport>) } : EMPTY,
  });
  return {
    async start(pseudonym, language, at) {
      await db.updateTable('drug_alerts').set({ status: 'cancelled', reporter_pseudonym: null, body_sealed: null, updated_at: at }).where('reporter_pseudonym', '=', pseudonym).where('status', '=', 'collecting').execute();
      const row = await db
        .insertInto('drug_alerts')
        .values({ status: 'collecting', step: 'what', reporter_pseudonym: pseudonym, language, body_sealed: keys.seal(JSON.stringify(EMPTY), SEAL_DRUG_ALERT), created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async collecting(pseudonym, since) {
      const row = await db.selectFrom('drug_alerts').select(COLUMNS).where('reporter_pseudonym', '=', pseudonym).where('status', '=', 'collecting').where('updated_at', '>=', since).orderBy('id', 'desc').executeTakeFirst();
      return row ? toAlert(row) : undefined;
    },

    async answer(id, report, next, at) {
      await db
        .updateTable('drug_alerts')
        .set({
          body_sealed: keys.seal(JSON.stringify(report), SEAL_DRUG_ALERT),
          step: next ?? null,
          updated_at: at,
          // Sent: from now on nothing links the report to who made it.
          ...(next === undefined ? { status: 'pending', reporter_pseudonym: null } : {}),
        })
        .where('id', '=', id)
        .execute();
    },

    async cancel(id, at) {
      await db.updateTable('drug_alerts').set({ status: 'cancelled', step: null, reporter_pseudonym: null, body_sealed: null, updated_at: at }).where('id', '=', id).execute();
    },

    async get(id) {
      const row = await db.selectFrom('drug_alerts').select(COLUMNS).where('id', '=', id).executeTakeFirst();
      return row ? toAlert(row) : undefined;
    },

    async transition(id, from, to, staffId, at) {
      const result = await db
        .updateTable('drug_alerts')
        .set({ status: to, updated_at: at, ...(to === 'verified' ? { verified_by_staff_id: staffId } : to === 'published' ? { published_by_staff_id: staffId } : {}) })
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
}
