/**
 * Report periods: whole days in the organisation's timezone, both ends included, turned
 * into half-open millisecond ranges `[start, end)` that the report queries filter on, and
 * the week or month buckets the analytics draw over time.
 */

/** A period a report cannot be made for; the message is safe to show (API 400, CLI exit 2). */
export class ReportInputError extends Error {
  override name = 'ReportInputError';
}

/** A half-open range of instants, `[start, end)`, in milliseconds since the epoch. */
export interface TimeRange {
  start: number;
  end: number;
}

/** A checked period: the dates as given, the instants they cover, and the previous period of the same length. */
export interface ReportPeriod extends TimeRange {
  from: string;
  to: string;
  timezone: string;
  /** Number of days, both ends included. */
  days: number;
  previous: TimeRange & { from: string; to: string };
}

/** Longest period a report covers (ten years). */
export const MAX_PERIOD_DAYS = 3660;
const DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(date: string, name: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) throw new ReportInputError(`${name}: "${date}" is not a date as YYYY-MM-DD`);
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(utc).toISOString().slice(0, 10) !== date) throw new ReportInputError(`${name}: ${date} is not a real date`);
  return utc / DAY;
}

function dateOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

const formats = new Map<string, Intl.DateTimeFormat>();
function offsetAt(timezone: string, at: number): number {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    formats.set(timezone, format);
  }
  const p = Object.fromEntries(format.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant a day starts (local midnight) in `timezone`.
 *
 * @example startOfDay('2026-03-29', 'Europe/Berlin') // 2026-03-28T23:00:00Z
 */
export function startOfDay(date: string, timezone: string): number {
  const utcMidnight = dayNumber(date, 'date') * DAY;
  const guess = utcMidnight - offsetAt(timezone, utcMidnight);
  // Across a DST change the offset at the guess may differ from the one at UTC midnight.
  return utcMidnight - offsetAt(timezone, guess);
}

/** True when `zone` is an IANA zone this Node knows. */
function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone !== '';
  } catch {
    return false;
  }
}

/**
 * Checks a period given as two dates and converts it to instants in the organisation's
 * timezone. Throws {@link ReportInputError} with a message fit for a user.
 *
 * @example parsePeriod('2026-01-01', '2026-01-31', 'Europe/Moscow').days // 31
 */
export function parsePeriod(from: string, to: string, timezone: string): ReportPeriod {
  if (!knownZone(timezone)) throw new ReportInputError(`unknown timezone "${timezone}"`);
  const first = dayNumber(from, 'from');
  const last = dayNumber(to, 'to');
  if (first > last) throw new ReportInputError(`from (${from}) is after to (${to})`);
  const days = last - first + 1;
  if (days > MAX_PERIOD_DAYS) throw new ReportInputError(`the period is longer than ${MAX_PERIOD_DAYS} days`);
  const previousFrom = dateOf(first - days);
  const previousTo = dateOf(first - 1);
  return {
    from,
    to,
    timezone,
    days,
    start: startOfDay(from, timezone),
    end: startOfDay(dateOf(last + 1), timezone),
    previous: { from: previousFrom, to: previousTo, start: startOfDay(previousFrom, timezone), end: startOfDay(from, timezone) },
  };
}

/** Buckets of a period over time: each starts at an instant and is named by its first day (week) or month. */
export interface Buckets {
  labels: string[];
  /** Start of each bucket; the first is the period's start. */
  starts: number[];
}

/**
 * Week (starting Monday) or month buckets covering the period; the first and last may be
 * partial. Labels: the Monday `YYYY-MM-DD` (or the period's first day) for weeks, `YYYY-MM` for months.
 */
export function bucketsOf(period: ReportPeriod, bucket: 'week' | 'month'): Buckets {
  const labels: string[] = [];
  const starts: number[] = [];
  const first = dayNumber(period.from, 'from');
  const last = dayNumber(period.to, 'to');
  for (let day = first; day <= last; day++) {
    const date = dateOf(day);
    // 1970-01-01 was a Thursday: (day + 3) % 7 === 0 on Mondays.
    const begins = day === first || (bucket === 'week' ? (day + 3) % 7 === 0 : date.endsWith('-01'));
    if (!begins) continue;
    labels.push(bucket === 'week' ? date : date.slice(0, 7));
    starts.push(day === first ? period.start : startOfDay(date, period.timezone));
  }
  return { labels, starts };
}

/**
 * Local dates of instants inside a period, found by binary search over its day starts (an
 * Intl call per row would cost more than the query).
 */
export function localDates(period: ReportPeriod): (at: number) => string {
  const first = dayNumber(period.from, 'from');
  const starts: number[] = [];
  const dates: string[] = [];
  for (let d = 0; d < period.days; d++) {
    dates.push(dateOf(first + d));
    starts.push(d === 0 ? period.start : startOfDay(dates[d] ?? '', period.timezone));
  }
  return (at) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? Infinity) <= at) lo = mid;
      else hi = mid - 1;
    }
    return dates[lo] ?? dateOf(first + lo);
  };
}
