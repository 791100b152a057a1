import { describe, expect, it } from 'vitest';
import { formatZoned, lastOccurrence, parseWeeklySlot, zonedTime } from './local-time.ts';

describe('channel local time', () => {
  it('reads a wall-clock time in the organisation timezone', () => {
    expect(zonedTime('Europe/Moscow', '2026-12-01', '18:00')).toBe(Date.parse('2026-12-01T15:00:00Z'));
    expect(zonedTime('Europe/Berlin', '2026-07-01', '09:30')).toBe(Date.parse('2026-07-01T07:30:00Z'));
    expect(zonedTime('Europe/Moscow', '2026-02-30', '18:00')).toBeUndefined();
    expect(zonedTime('Europe/Moscow', '2026-12-01', '25:00')).toBeUndefined();
    expect(formatZoned('Europe/Moscow', Date.parse('2026-12-01T15:00:00Z'))).toBe('2026-12-01 18:00');
  });

  it('finds the last weekly occurrence', () => {
    const slot = parseWeeklySlot('mon 09:00');
    expect(slot).toEqual({ weekday: 'mon', time: '09:00' });
    if (!slot) return;
    // Wednesday 2026-12-02 12:00 Moscow → Monday 2026-11-30 09:00 Moscow.
    expect(lastOccurrence(slot, 'Europe/Moscow', Date.parse('2026-12-02T09:00:00Z'))).toEqual({ at: Date.parse('2026-11-30T06:00:00Z'), date: '2026-11-30' });
    // Monday 08:00 is before this week's slot: the previous Monday.
    expect(lastOccurrence(slot, 'Europe/Moscow', Date.parse('2026-11-30T05:00:00Z'))?.date).toBe('2026-11-23');
    expect(parseWeeklySlot('monday 9')).toBeUndefined();
  });
});
