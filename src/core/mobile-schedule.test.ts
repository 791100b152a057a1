import { describe, expect, it } from 'vitest';
import { createTranslator } from '../i18n.ts';
import { createMobileSchedule, renderSchedule, type MobileUnitData } from './mobile-schedule.ts';

const t = createTranslator();
// 2026-06-01 is a Monday; 10:00 UTC is 13:00 in Moscow.
const MONDAY = Date.UTC(2026, 5, 1, 10, 0);

const data: MobileUnitData = {
  stops: [
    { id: 1, name: 'Central station', area: 'Centre', address: 'Vokzalnaya 1', services: ['syringes', 'naloxone', 'hiv_test'], schedule: [{ weekday: 'wed', start: '18:00', end: '21:00' }, { weekday: 'mon', start: '18:00', end: '21:00' }] },
    { id: 2, name: 'Market', area: '', address: '', services: [], schedule: [] },
  ],
  exceptions: [
    { id: 1, stopId: 1, date: '2026-06-03', kind: 'cancelled', note: 'bus repair' },
    { id: 2, stopId: 2, date: '2026-06-07', kind: 'changed', note: '' },
    { id: 3, stopId: 1, date: '2026-06-08', kind: 'cancelled', note: 'too far ahead' },
    { id: 4, stopId: 1, date: '2026-05-31', kind: 'cancelled', note: 'already past' },
    { id: 5, stopId: 99, date: '2026-06-02', kind: 'cancelled', note: 'a removed stop' },
  ],
};

describe('mobile-unit schedule', () => {
  it('lists stops with times in weekday order, services, and the changes of the next seven days', () => {
    const en = renderSchedule(t, 'en', data, 'Europe/Moscow', MONDAY);
    expect(en).toBe(
      [
        '📍 Central station: Centre, Vokzalnaya 1\nMon 18:00–21:00, Wed 18:00–21:00\nServices: syringes and needles, naloxone, HIV test',
        'Market\ntimes to be announced',
        'Changes in the coming days:\n❌ Wed 03.06, Central station: cancelled: bus repair\n⚠️ Sun 07.06, Market: changed',
      ].join('\n\n'),
    );
    const ru = renderSchedule(t, 'ru', data, 'Europe/Moscow', MONDAY);
    expect(ru).toContain('Пн 18:00–21:00, Ср 18:00–21:00');
    expect(ru).toContain('❌ Ср 03.06, Central station: отменено: bus repair');
    expect(ru).not.toMatch(/too far|already past|removed stop/);
  });

  it('has nothing to say without stops, so the bot falls back to the configured text', async () => {
    expect(renderSchedule(t, 'en', { stops: [], exceptions: [] }, 'UTC', MONDAY)).toBeUndefined();
    let from = '';
    const schedule = createMobileSchedule({
      load: async (fromDate) => {
        from = fromDate;
        return data;
      },
      t,
      timezone: () => 'Europe/Moscow',
      now: () => MONDAY,
    });
    expect(schedule.scheduleText('en', MONDAY)).toBeUndefined();
    await schedule.refresh();
    expect(from).toBe('2026-05-31');
    expect(schedule.scheduleText('en', MONDAY)).toContain('Central station');
  });
});
