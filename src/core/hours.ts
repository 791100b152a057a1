/**
 * Working hours of an organisation: opening hours per weekday in its timezone, and
 * holidays. Outside them, new cases get an automatic answer saying when a worker will reply.
 */
export interface WorkingHours {
  timezone: string;
  /** Index 0 = Monday … 6 = Sunday; each a list of [open, close) in minutes after midnight. */
  week: Array<Array<[number, number]>>;
  /** Dates (YYYY-MM-DD, in the organisation's timezone) when nobody works. */
  holidays: Set<string>;
}

/** A WORKING_HOURS value could not be read. */
export class HoursError extends Error {
  override name = 'HoursError';
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function minutes(hhmm: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  const h = Number(m?.[1]);
  const min = Number(m?.[2]);
  if (!m || h > 24 || min > 59 || (h === 24 && min > 0)) throw new HoursError(`"${hhmm}" is not a time like 09:30`);
  return h * 60 + min;
}

/**
 * Reads hours such as `mon-fri 10:00-19:00; sat 12:00-16:00` (days or day ranges, then one
 * or more time ranges separated by commas; days not named are closed). Day groups are
 * separated by `;` or by a comma before the next day name (`mon-fri 10:00-19:00, sat 12:00-16:00`),
 * which is how people write it.
 *
 * @example parseWorkingHours('mon-fri 10:00-19:00', 'Europe/Moscow', ['2026-12-31'])
 */
export function parseWorkingHours(spec: string, timezone: string, holidays: readonly string[] = []): WorkingHours {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone });
  } catch {
    throw new HoursError(`unknown timezone "${timezone}"`);
  }
  const week: Array<Array<[number, number]>> = DAYS.map(() => []);
  for (const part of spec.split(/;|,(?=\s*[a-z]{3}(?:-[a-z]{3})?\s)/i).map((p) => p.trim().toLowerCase()).filter(Boolean)) {
    const m = /^([a-z]{3})(?:-([a-z]{3}))?\s+(.+)$/.exec(part);
    const from = DAYS.indexOf((m?.[1] ?? '') as (typeof DAYS)[number]);
    const to = m?.[2] ? DAYS.indexOf(m[2] as (typeof DAYS)[number]) : from;
    if (!m || from < 0 || to < 0 || to < from) throw new HoursError(`"${part}" should look like "mon-fri 10:00-19:00"`);
    for (const range of (m[3] ?? '').split(',').map((r) => r.trim())) {
      const [open, close] = range.split('-').map((x) => minutes(x.trim()));
      if (open === undefined || close === undefined || close <= open) throw new HoursError(`"${range}" should look like "10:00-19:00"`);
      for (let d = from; d <= to; d++) week[d]?.push([open, close]);
    }
  }
  for (const day of holidays) if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new HoursError(`holiday "${day}" should look like 2026-12-31`);
  return { timezone, week, holidays: new Set(holidays) };
}

// Building an Intl.DateTimeFormat costs far more than using one: keep one per timezone.
const formats = new Map<string, Intl.DateTimeFormat>();
function formatFor(timezone: string): Intl.DateTimeFormat {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formats.set(timezone, format);
  }
  return format;
}

/** Day, date and minute of `at` in the organisation's timezone. */
function local(hours: WorkingHours, at: number): { day: number; date: string; minute: number } {
  const parts = Object.fromEntries(formatFor(hours.timezone).formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const day = DAYS.indexOf(String(parts.weekday).toLowerCase().slice(0, 3) as (typeof DAYS)[number]);
  return { day, date: `${parts.year}-${parts.month}-${parts.day}`, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** True when workers are at work at `at`. */
export function isOpen(hours: WorkingHours, at: number): boolean {
  const { day, date, minute } = local(hours, at);
  if (hours.holidays.has(date)) return false;
  return (hours.week[day] ?? []).some(([open, close]) => minute >= open && minute < close);
}

/** Names the open period `at` falls in (its local date and opening minute); undefined when closed. */
export function openingKeyAt(hours: WorkingHours, at: number): string | undefined {
  const { day, date, minute } = local(hours, at);
  if (hours.holidays.has(date)) return undefined;
  const range = (hours.week[day] ?? []).find(([open, close]) => minute >= open && minute < close);
  return range ? `${date}@${range[0]}` : undefined;
}

const QUARTER = 15 * 60_000;
const lastOpening = new WeakMap<WorkingHours, { bucket: number; next: number | undefined }>();

/** The next moment (ms) the organisation opens after `at`, within two weeks; undefined if never. */
export function nextOpening(hours: WorkingHours, at: number): number | undefined {
  // Step through the next two weeks a quarter of an hour at a time: simple, exact enough for
  // "from 10:00 tomorrow", and remembered per quarter hour, so a busy night computes it once.
  const bucket = Math.ceil(at / QUARTER);
  const cached = lastOpening.get(hours);
  if (cached?.bucket === bucket) return cached.next;
  let next: number | undefined;
  for (let t = bucket * QUARTER; t < at + 14 * 24 * 3_600_000; t += QUARTER) {
    if (isOpen(hours, t)) {
      next = t;
      break;
    }
  }
  lastOpening.set(hours, { bucket, next });
  return next;
}

/** "Monday 10:00"-style text for a moment, in the organisation's timezone and a language. */
export function describeMoment(hours: WorkingHours, at: number, language: 'ru' | 'en'): string {
  const key = `${hours.timezone}\u0000${language}`;
  let format = momentFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language === 'ru' ? 'ru-RU' : 'en-GB', { timeZone: hours.timezone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    momentFormats.set(key, format);
  }
  return format.format(new Date(at));
}
const momentFormats = new Map<string, Intl.DateTimeFormat>();

/** Who is on call when: aliases per weekday time ranges, in the organisation's timezone. */
export interface OnCallRota {
  slots: Array<{ alias: string; hours: WorkingHours }>;
}

/**
 * Reads a rota such as `mon-fri 19:00-24:00,00:00-10:00=Sasha; sat-sun 00:00-24:00=Dima`:
 * each part is working-hours syntax, then `=` and a worker's alias (as set with /alias).
 */
export function parseOnCallRota(spec: string, timezone: string): OnCallRota {
  const slots: OnCallRota['slots'] = [];
  for (const part of spec.split(';').map((p) => p.trim()).filter(Boolean)) {
    const at = part.lastIndexOf('=');
    const alias = part.slice(at + 1).trim();
    if (at <= 0 || alias === '') throw new HoursError(`"${part}" should look like "mon-fri 19:00-24:00=Sasha"`);
    slots.push({ alias, hours: parseWorkingHours(part.slice(0, at), timezone) });
  }
  return { slots };
}

/** Aliases on call at `at` (case-insensitive match against staff aliases is the caller's). */
export function onCallAt(rota: OnCallRota, at: number): string[] {
  return rota.slots.filter((slot) => isOpen(slot.hours, at)).map((slot) => slot.alias);
}
