import { describe, expect, it } from 'vitest';
import { parseOnCallRota } from './hours.ts';
import { createOnCallRota, slotHours } from './on-call-rota.ts';

// 2026-06-01 is a Monday.
const at = (day: number, hour: number, minute = 0) => Date.UTC(2026, 5, day, hour, minute);

describe('on-call rota', () => {
  it('runs a slot that ends before it starts overnight', () => {
    expect(slotHours({ weekdays: ['mon', 'sun'], start: '10:00', end: '19:00' })).toBe('mon 10:00-19:00; sun 10:00-19:00');
    expect(slotHours({ weekdays: ['sun'], start: '22:00', end: '08:00' })).toBe('sun 22:00-24:00; mon 00:00-08:00');
    expect(slotHours({ weekdays: ['fri'], start: '18:00', end: '24:00' })).toBe('fri 18:00-24:00');
  });

  it('uses the saved rota with current aliases, the configured one until a rota is saved, and follows the timezone', async () => {
    let zone = 'UTC';
    let saved: Awaited<ReturnType<Parameters<typeof createOnCallRota>[0]['load']>> = { slots: undefined, aliases: new Map() };
    const rota = createOnCallRota({ load: async () => saved, timezone: () => zone, fallback: parseOnCallRota('mon-sun 00:00-24:00=Config', 'UTC') });
    await rota.refresh();
    expect(rota.slots()).toBeUndefined();
    expect(rota.onCallNow(at(1, 12))).toEqual(['Config']);

    saved = {
      slots: [
        { weekdays: ['mon'], start: '09:00', end: '18:00', accountId: 1 },
        { weekdays: ['sun'], start: '22:00', end: '08:00', accountId: 2 },
        { weekdays: ['mon'], start: '00:00', end: '24:00', accountId: 3 },
      ],
      aliases: new Map([
        [1, 'Sasha'],
        [2, 'Dima'],
        [3, null],
      ]),
    };
    await rota.refresh();
    expect(rota.onCallNow(at(1, 12))).toEqual(['Sasha']);
    expect(rota.onCallNow(at(1, 7))).toEqual(['Dima']);
    expect(rota.onCallNow(at(1, 20))).toEqual([]);
    zone = 'Asia/Tokyo'; // UTC+9: 03:00 UTC is noon there
    expect(rota.onCallNow(at(1, 3))).toEqual(['Sasha']);

    saved = { slots: [], aliases: new Map() };
    await rota.refresh();
    expect(rota.onCallNow(at(1, 12))).toEqual([]);
    expect(rota.current()).toEqual({ slots: [] });
  });
});
