import type { Kysely } from 'kysely';
import { WEEKDAYS, type MobileException, type MobileStop, type StopTime } from '../core/mobile-schedule.ts';
import type { Database } from './schema.ts';
import type { MobileUnitStore, StopInput } from '../core/mobile-units/ports.ts';

type StopRow = { id: number; name: string; area: string; address: string; services: string; schedule: string };

function parseTimes(json: string): StopTime[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { weekday, start, end } = item as Record<string, unknown>;
    const day = WEEKDAYS.find((d) => d === weekday);
    return day && typeof start === 'string' && typeof end === 'string' ? [{ weekday: day, start, end }] : [];
  });
}

function parseStrings(json: string): string[] {
  const value: unknown = JSON.parse(json);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const toStop = (r: StopRow): MobileStop => ({ id: r.id, name: r.name, area: r.area, address: r.address, services: parseStrings(r.services), schedule: parseTimes(r.schedule) });
const toException = (r: { id: number; stop_id: number; date: string; kind: string; note: string }): MobileException => ({
  id: r.id,
  stopId: r.stop_id,
  date: r.date,
  kind: r.kind === 'changed' ? 'changed' : 'cancelled',
  note: r.note,
});
const STOP_COLUMNS = ['id', 'name', 'area', 'address', 'services', 'schedule'] as const;

/** Builds the mobile-unit store over a database. */
export function createMobileUnitStore(db: Kysely<Database>): MobileUnitStore {
  const columns = (input: StopInput) => ({ name: input.name, area: input.area, address: input.address, services: JSON.stringify(input.services), schedule: JSON.stringify(input.schedule) });
  const store: MobileUnitStore = {
    async stops() {
      const rows = await db.selectFrom('mobile_stops').select(STOP_COLUMNS).where('deleted_at', 'is', null).orderBy('name').orderBy('id').execute();
      return rows.map(toStop);
    },
    async stop(id) {
      const row = await db.selectFrom('mobile_stops').select(STOP_COLUMNS).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return row && toStop(row);
    },
    async createStop(input, at) {
      const row = await db
        .insertInto('mobile_stops')
        .values({ ...columns(input), created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, ...input };
    },
    async updateStop(id, input, at) {
      const result = await db.updateTable('mobile_stops').set({ ...columns(input), updated_at: at }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return result.numUpdatedRows > 0n ? { id, ...input } : undefined;
    },
    async deleteStop(id, at) {
      const result = await db.updateTable('mobile_stops').set({ deleted_at: at, updated_at: at }).where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
    async exceptions(fromDate) {
      let query = db
        .selectFrom('mobile_exceptions as e')
        .innerJoin('mobile_stops as s', 's.id', 'e.stop_id')
        .select(['e.id', 'e.stop_id', 'e.date', 'e.kind', 'e.note'])
        .where('s.deleted_at', 'is', null);
      if (fromDate !== undefined) query = query.where('e.date', '>=', fromDate);
      const rows = await query.orderBy('e.date').orderBy('e.id').execute();
      return rows.map(toException);
    },
    async addException(input, at) {
      const row = await db
        .insertInto('mobile_exceptions')
        .values({ stop_id: input.stopId, date: input.date, kind: input.kind, note: input.note, created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { id: row.id, ...input };
    },
    async deleteException(id) {
      const result = await db.deleteFrom('mobile_exceptions').where('id', '=', id).executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async load(fromDate) {
      const [stops, exceptions] = await Promise.all([store.stops(), store.exceptions(fromDate)]);
      return { stops, exceptions };
    },
  };
  return store;
}
