import { describe, expect, it } from 'vitest';
import { describeMoment, HoursError, isOpen, nextOpening, onCallAt, parseOnCallRota, parseWorkingHours } from './hours.ts';

// 2026-11-23 is a Monday. Moscow is UTC+3 all year.
const msk = (iso: string) => Date.parse(`${iso}+03:00`);

describe('working hours', () => {
  const hours = parseWorkingHours('mon-fri 10:00-19:00; sat 12:00-14:00, 15:00-16:00', 'Europe/Moscow', ['2026-12-31']);

  it('knows when workers are at work, in the organisation’s timezone', () => {
    expect(isOpen(hours, msk('2026-11-23T10:00:00'))).toBe(true);
    expect(isOpen(hours, msk('2026-11-23T09:59:00'))).toBe(false);
    expect(isOpen(hours, msk('2026-11-23T19:00:00'))).toBe(false);
    expect(isOpen(hours, msk('2026-11-28T14:30:00'))).toBe(false);
    expect(isOpen(hours, msk('2026-11-28T15:30:00'))).toBe(true);
    expect(isOpen(hours, msk('2026-11-29T12:00:00'))).toBe(false);
    expect(isOpen(hours, msk('2026-12-31T12:00:00'))).toBe(false);
  });

  it('finds the next opening: a night, a weekend, a holiday', () => {
    expect(nextOpening(hours, msk('2026-11-23T23:10:00'))).toBe(msk('2026-11-24T10:00:00'));
    expect(nextOpening(hours, msk('2026-11-29T03:00:00'))).toBe(msk('2026-11-30T10:00:00'));
    expect(nextOpening(hours, msk('2026-12-30T20:00:00'))).toBe(msk('2027-01-01T10:00:00'));
    expect(nextOpening(parseWorkingHours('', 'UTC'), 0)).toBeUndefined();
  });

  it('says the moment in words in each language', () => {
    expect(describeMoment(hours, msk('2026-11-24T10:00:00'), 'en')).toMatch(/Tuesday.*10:00/);
    expect(describeMoment(hours, msk('2026-11-24T10:00:00'), 'ru')).toMatch(/вторник.*10:00/);
  });

  it('reads day groups separated by a comma, as the settings hint writes them, like the same with ";"', () => {
    const comma = parseWorkingHours('mon-fri 10:00-19:00, sat 12:00-14:00, 15:00-16:00', 'Europe/Moscow');
    const semicolon = parseWorkingHours('mon-fri 10:00-19:00; sat 12:00-14:00, 15:00-16:00', 'Europe/Moscow');
    expect(comma.week).toEqual(semicolon.week);
    expect(isOpen(comma, msk('2026-11-28T15:30:00'))).toBe(true);
    expect(isOpen(comma, msk('2026-11-28T14:30:00'))).toBe(false);
  });

  it.each(['mon-fri', 'mon-fri 10-19', 'fri-mon 10:00-11:00', 'xyz 10:00-11:00', 'mon 11:00-10:00', 'mon 25:00-26:00'])('rejects "%s"', (spec) => {
    expect(() => parseWorkingHours(spec, 'Europe/Moscow')).toThrow(HoursError);
  });

  it('rejects an unknown timezone and a malformed holiday', () => {
    expect(() => parseWorkingHours('mon 10:00-11:00', 'Mars/Olympus')).toThrow(/timezone/);
    expect(() => parseWorkingHours('mon 10:00-11:00', 'UTC', ['31.12.2026'])).toThrow(/holiday/);
  });
});

describe('on-call rota', () => {
  const rota = parseOnCallRota('mon-fri 19:00-24:00,00:00-10:00=Sasha; sat-sun 00:00-24:00=Dima; mon 08:00-12:00=Lena', 'Europe/Moscow');

  it('names who is on call at a moment', () => {
    expect(onCallAt(rota, msk('2026-11-23T23:00:00'))).toEqual(['Sasha']);
    expect(onCallAt(rota, msk('2026-11-23T09:00:00'))).toEqual(['Sasha', 'Lena']);
    expect(onCallAt(rota, msk('2026-11-23T13:00:00'))).toEqual([]);
    expect(onCallAt(rota, msk('2026-11-29T13:00:00'))).toEqual(['Dima']);
  });

  it('rejects a slot without an alias', () => {
    expect(() => parseOnCallRota('mon-fri 19:00-24:00', 'Europe/Moscow')).toThrow(HoursError);
  });
});
