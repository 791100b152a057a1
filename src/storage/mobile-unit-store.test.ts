import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createMobileUnitStore } from './mobile-unit-store.ts';

for (const dialect of DIALECTS) {
  describe(`mobile units on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('keeps stops with their schedule and services, removes them softly, and dates exceptions', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createMobileUnitStore(t.db.kysely);
      const station = await store.createStop({ name: 'Station', area: 'Centre', address: 'Main 1', services: ['syringes', 'naloxone'], schedule: [{ weekday: 'mon', start: '18:00', end: '21:00' }] }, 1);
      const market = await store.createStop({ name: 'Market', area: '', address: '', services: [], schedule: [] }, 2);
      expect(await store.stop(station.id)).toEqual(station);
      const changed = await store.updateStop(market.id, { name: 'Market', area: 'North', address: '', services: ['condoms'], schedule: [{ weekday: 'fri', start: '10:00', end: '12:00' }] }, 3);
      expect(await store.stops()).toEqual([changed, station]);
      expect(await store.updateStop(9999, { name: 'x', area: '', address: '', services: [], schedule: [] }, 3)).toBeUndefined();

      const cancelled = await store.addException({ stopId: station.id, date: '2026-06-03', kind: 'cancelled', note: 'repair' }, 4);
      const early = await store.addException({ stopId: market.id, date: '2026-05-01', kind: 'changed', note: '' }, 5);
      expect(await store.exceptions()).toEqual([early, cancelled]);
      expect(await store.exceptions('2026-06-01')).toEqual([cancelled]);

      expect(await store.deleteStop(station.id, 6)).toBe(true);
      expect(await store.deleteStop(station.id, 7)).toBe(false);
      expect(await store.stop(station.id)).toBeUndefined();
      expect(await store.updateStop(station.id, { name: 'x', area: '', address: '', services: [], schedule: [] }, 8)).toBeUndefined();
      const row = await t.db.kysely.selectFrom('mobile_stops').select(['name', 'deleted_at']).where('id', '=', station.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ name: 'Station', deleted_at: 6 });
      expect(await store.load()).toEqual({ stops: [changed], exceptions: [early] });

      expect(await store.deleteException(early.id)).toBe(true);
      expect(await store.deleteException(early.id)).toBe(false);
      expect(await store.exceptions()).toEqual([]);
    });
  });
}
