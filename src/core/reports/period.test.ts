import { describe, expect, it } from 'vitest';
import { suppress } from './build.ts';
import { csvField, writeCsv } from './csv.ts';
import { bucketsOf, localDates, parsePeriod, ReportInputError, startOfDay } from './period.ts';

describe('report periods', () => {
  it('turns local days into instants, across daylight-saving changes', () => {
    expect(new Date(startOfDay('2026-03-29', 'Europe/Berlin')).toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(new Date(startOfDay('2026-03-30', 'Europe/Berlin')).toISOString()).toBe('2026-03-29T22:00:00.000Z');
    const p = parsePeriod('2026-01-01', '2026-01-31', 'Europe/Moscow');
    expect(p).toMatchObject({ days: 31, start: Date.parse('2026-01-01T00:00:00+03:00'), end: Date.parse('2026-02-01T00:00:00+03:00') });
    expect(p.previous).toMatchObject({ from: '2025-12-01', to: '2025-12-31', end: p.start });
    expect(localDates(p)(Date.parse('2026-01-10T23:30:00+03:00'))).toBe('2026-01-10');
  });

  it('refuses dates that are not real, reversed periods and unknown zones with a message', () => {
    expect(() => parsePeriod('2026-02-30', '2026-03-01', 'UTC')).toThrow(/not a real date/);
    expect(() => parsePeriod('01.02.2026', '2026-03-01', 'UTC')).toThrow(/YYYY-MM-DD/);
    expect(() => parsePeriod('2026-03-02', '2026-03-01', 'UTC')).toThrow(ReportInputError);
    expect(() => parsePeriod('2026-03-01', '2026-03-01', 'Mars/Olympus')).toThrow(/timezone/);
  });

  it('splits a period into Monday weeks and months, the first partial', () => {
    const p = parsePeriod('2026-01-01', '2026-02-10', 'UTC');
    expect(bucketsOf(p, 'month').labels).toEqual(['2026-01', '2026-02']);
    expect(bucketsOf(p, 'week').labels.slice(0, 3)).toEqual(['2026-01-01', '2026-01-05', '2026-01-12']);
    expect(bucketsOf(p, 'week').starts[1]).toBe(Date.parse('2026-01-05T00:00:00Z'));
  });
});

describe('small counts and CSV', () => {
  it('shows 1 to 4 as "<5", keeps zero and larger counts', () => {
    expect([0, 1, 4, 5, 12].map(suppress)).toEqual([0, '<5', '<5', 5, 12]);
  });

  it('quotes fields and defuses spreadsheet formulas', () => {
    expect(csvField('a, "b"')).toBe('"a, ""b"""');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(-3)).toBe('-3');
    expect(writeCsv({ name: 't', columns: [{ name: 'need', en: '', ru: '' }], rows: [['line\nbreak']] })).toBe('\uFEFFneed\r\n"line\nbreak"\r\n');
  });
});
