/**
 * The mobile units' schedule as clients read it: every stop with its weekly times and
 * services, then the cancellations and changes of the coming week. Kept in memory so the
 * bot answers "where is the bus today?" without a query; `refresh()` after every edit.
 */
import type { Translate } from './ports.ts';
import type { Language } from './types.ts';

/** Days of the week, Monday first (as in working hours). */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
/** One of {@link WEEKDAYS}. */
export type Weekday = (typeof WEEKDAYS)[number];

/** When a mobile unit stands at a stop: a weekday and local times `HH:MM`. */
export interface StopTime {
  weekday: Weekday;
  start: string;
  end: string;
}

/** A place where a mobile unit stops, with what it offers there. */
export interface MobileStop {
  id: number;
  name: string;
  area: string;
  address: string;
  /** Service codes (`syringes`, `naloxone`, `hiv_test`, …). */
  services: string[];
  schedule: StopTime[];
}

/** A stop cancelled or changed on one date (YYYY-MM-DD in the organisation's timezone). */
export interface MobileException {
  id: number;
  stopId: number;
  date: string;
  kind: 'cancelled' | 'changed';
  note: string;
}

/** What the schedule is rendered from. */
export interface MobileUnitData {
  stops: MobileStop[];
  exceptions: MobileException[];
}

/** Longest schedule text; the rest is cut (an article must stay one Telegram message). */
export const MAX_SCHEDULE_LENGTH = 1_500;
const DAY_MS = 24 * 3_600_000;

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** Local date and weekday of `at` in `timezone`. */
export function localDay(timezone: string, at: number): { date: string; weekday: Weekday } {
  let format = dayFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(at)).map((p) => [p.type, p.value]));
  const weekday = WEEKDAYS.find((d) => d === String(parts.weekday).toLowerCase().slice(0, 3)) ?? 'mon';
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday };
}

/** A service code in the reader's language; an unknown code as it is. */
function serviceName(t: Translate, lang: Language, code: string): string {
  try {
    return t(lang, `mobile-service-${code.replaceAll('_', '-')}`);
  } catch {
    return code;
  }
}

/**
 * The schedule as plain text in `lang`, with the exceptions of the seven days from `at`;
 * undefined when there are no stops (the bot then uses the configured text, if any).
 *
 * @example renderSchedule(t, 'ru', data, 'Europe/Moscow', Date.now())
 */
export function renderSchedule(t: Translate, lang: Language, data: MobileUnitData, timezone: string, at: number): string | undefined {
  if (data.stops.length === 0) return undefined;
  const blocks: string[] = [];
  for (const stop of data.stops) {
    const place = [stop.area, stop.address].filter((s) => s !== '').join(', ');
    const lines = [place === '' ? stop.name : t(lang, 'mobile-schedule-stop', { name: stop.name, place })];
    const times = [...stop.schedule].sort((a, b) => WEEKDAYS.indexOf(a.weekday) - WEEKDAYS.indexOf(b.weekday) || a.start.localeCompare(b.start));
    lines.push(
      times.length === 0
        ? t(lang, 'mobile-schedule-no-times')
        : times.map((time) => t(lang, 'mobile-schedule-time', { day: t(lang, `mobile-weekday-${time.weekday}`), start: time.start, end: time.end })).join(', '),
    );
    if (stop.services.length > 0) lines.push(t(lang, 'mobile-schedule-services', { services: stop.services.map((s) => serviceName(t, lang, s)).join(', ') }));
    blocks.push(lines.join('\n'));
  }
  const names = new Map(data.stops.map((s) => [s.id, s.name]));
  const days = Array.from({ length: 7 }, (_, i) => localDay(timezone, at + i * DAY_MS));
  const upcoming = data.exceptions
    .filter((e) => names.has(e.stopId) && days.some((d) => d.date === e.date))
    .sort((a, b) => a.date.localeCompare(b.date) || a.id - b.id)
    .map((e) => {
      const day = days.find((d) => d.date === e.date);
      const args = { day: day ? t(lang, `mobile-weekday-${day.weekday}`) : '', date: `${e.date.slice(8, 10)}.${e.date.slice(5, 7)}`, stop: names.get(e.stopId) ?? '' };
      const line = t(lang, e.kind === 'cancelled' ? 'mobile-exception-cancelled' : 'mobile-exception-changed', args);
      return e.note === '' ? line : `${line}: ${e.note}`;
    });
  if (upcoming.length > 0) blocks.push([t(lang, 'mobile-schedule-exceptions'), ...upcoming].join('\n'));
  const text = blocks.join('\n\n');
  const chars = [...text];
  return chars.length <= MAX_SCHEDULE_LENGTH ? text : `${chars.slice(0, MAX_SCHEDULE_LENGTH - 1).join('')}…`;
}

/** The live schedule the bot reads. */
export interface MobileSchedule {
  /** Re-reads stops and exceptions (at start and after every edit). */
  refresh(): Promise<void>;
  /**
   * The schedule in `lang` as of `at`, or undefined when there are no stops yet.
   *
   * @example
   * selfHelpSource(t, { ..., schedule: (lang) => mobile.scheduleText(lang, now()) ?? config.mobileUnitSchedule })
   */
  scheduleText(lang: Language, at: number): string | undefined;
}

/**
 * Builds the in-memory schedule over a loader (the mobile-unit store's `load`) and the
 * organisation's timezone, read at each call so a settings change applies at once.
 *
 * @example
 * const mobile = createMobileSchedule({ load: (from) => mobileStore.load(from), t, timezone: () => org.current.timezone, now });
 * await mobile.refresh();
 */
export function createMobileSchedule(deps: { load: (fromDate: string) => Promise<MobileUnitData>; t: Translate; timezone: () => string; now: () => number }): MobileSchedule {
  let data: MobileUnitData = { stops: [], exceptions: [] };
  return {
    async refresh() {
      // From yesterday on: past exceptions are never shown, and a refresh a day keeps it so.
      data = await deps.load(localDay(deps.timezone(), deps.now() - DAY_MS).date);
    },
    scheduleText(lang, at) {
      return renderSchedule(deps.t, lang, data, deps.timezone(), at);
    },
  };
}
