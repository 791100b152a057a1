import { localDay, WEEKDAYS, type Weekday } from '../mobile-schedule.ts';

const DAY_MS = 24 * 3_600_000;
const partsFormats = new Map<string, Intl.DateTimeFormat>();

/** Milliseconds the wall clock of `timezone` is ahead of UTC at `at`. */
function offsetAt(timezone: string, at: number): number {
  let format = partsFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    partsFormats.set(timezone, format);
  }
  const p = Object.fromEntries(format.formatToParts(new Date(at)).map((x) => [x.type, Number(x.value)]));
  const asUtc = Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0, p.second ?? 0);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The moment a wall-clock date and time of `timezone` names, or undefined if either is not
 * a real date or time.
 *
 * @example zonedTime('Europe/Moscow', '2026-12-01', '18:00') // 2026-12-01T15:00:00Z
 */
export function zonedTime(timezone: string, date: string, time: string): number | undefined {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const t = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!d || !t) return undefined;
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const guess = Date.UTC(year, month - 1, day, Number(t[1]), Number(t[2]));
  const check = new Date(guess);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  const first = guess - offsetAt(timezone, guess);
  return guess - offsetAt(timezone, first);
}

/** A weekly moment such as "mon 09:00". */
export interface WeeklySlot {
  weekday: Weekday;
  time: string;
}

/** Parses "mon 09:00"; undefined if it is not one. */
export function parseWeeklySlot(spec: string): WeeklySlot | undefined {
  const m = /^(mon|tue|wed|thu|fri|sat|sun)\s+(([01]\d|2[0-3]):[0-5]\d)$/i.exec(spec.trim());
  const weekday = WEEKDAYS.find((w) => w === m?.[1]?.toLowerCase());
  return weekday && m?.[2] ? { weekday, time: m[2] } : undefined;
}

/** The latest occurrence of a weekly slot at or before `at`, with its local date. */
export function lastOccurrence(slot: WeeklySlot, timezone: string, at: number): { at: number; date: string } | undefined {
  for (let i = 0; i <= 7; i++) {
    const day = localDay(timezone, at - i * DAY_MS);
    if (day.weekday !== slot.weekday) continue;
    const moment = zonedTime(timezone, day.date, slot.time);
    if (moment !== undefined && moment <= at) return { at: moment, date: day.date };
  }
  return undefined;
}

/** A moment as "YYYY-MM-DD HH:MM" on the wall clock of `timezone`. */
export function formatZoned(timezone: string, at: number): string {
  const shifted = new Date(at + offsetAt(timezone, at));
  return shifted.toISOString().slice(0, 16).replace('T', ' ');
}
