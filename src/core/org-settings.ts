/**
 * The organisation's settings as the running bot reads them: defaults from the environment
 * (config.ts), overridden by what an admin saved in the dashboard (settings rows `org.*`).
 * A change applies at once: the holder mutates the {@link WorkingHours} and numbers objects
 * the bot already holds, and answers contacts through a getter.
 */
import { HoursError, parseWorkingHours, type WorkingHours } from './hours.ts';
import { LANGUAGES, type Language } from './types.ts';

/** Every organisation setting an admin can change. */
export interface OrgSettingsValues {
  orgName: string;
  /** IANA zone, e.g. `Europe/Moscow`. */
  timezone: string;
  /** Working-hours syntax: `mon-fri 10:00-19:00; sat 12:00-16:00`. */
  workingHours: string;
  /** Dates YYYY-MM-DD separated by commas. */
  holidays: string;
  emergencyNumbers: string;
  /** Empty: none (the guides then say to call the ambulance and a worker). */
  crisisHotlines: string;
  /** Empty: none (a closing case gives no contacts). */
  orgContacts: string;
  retentionDays: number;
  languages: Language[];
}

/** Names of the settings, in the order the dashboard shows them. */
export const ORG_SETTING_NAMES = ['orgName', 'timezone', 'workingHours', 'holidays', 'emergencyNumbers', 'crisisHotlines', 'orgContacts', 'retentionDays', 'languages'] as const satisfies ReadonlyArray<keyof OrgSettingsValues>;
/** One of {@link ORG_SETTING_NAMES}. */
export type OrgSettingName = (typeof ORG_SETTING_NAMES)[number];
/** Free text whose value is never written to the audit log (only that it changed). */
export const FREE_TEXT_SETTINGS: ReadonlySet<OrgSettingName> = new Set(['orgName', 'crisisHotlines', 'orgContacts']);

/** Retention of client data when nothing was configured, in days. */
export const DEFAULT_RETENTION_DAYS = 365;
/** The same rule as EMERGENCY_NUMBERS in config.ts: numbers, spaces and `+()-,/`. */
const EMERGENCY_NUMBERS = /^[0-9+()\-\s,/]+$/;

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * Working hours back in the syntax {@link parseWorkingHours} reads, neighbouring days with
 * the same hours joined into a range.
 *
 * @example formatWorkingHours(parseWorkingHours('mon-fri 10:00-19:00', 'UTC')) // 'mon-fri 10:00-19:00'
 */
export function formatWorkingHours(hours: Pick<WorkingHours, 'week'>): string {
  const ranges = DAYS.map((_, i) => (hours.week[i] ?? []).map(([open, close]) => `${hhmm(open)}-${hhmm(close)}`).join(','));
  const parts: string[] = [];
  for (let from = 0; from < DAYS.length; ) {
    let to = from;
    while (to + 1 < DAYS.length && ranges[to + 1] === ranges[from]) to++;
    if (ranges[from] !== '') parts.push(`${DAYS[from]}${to > from ? `-${DAYS[to]}` : ''} ${ranges[from]}`);
    from = to + 1;
  }
  return parts.join('; ');
}

/** Holiday dates from text: separated by commas, spaces or new lines. */
export function parseHolidays(text: string): string[] {
  return text.split(/[\s,;]+/).map((d) => d.trim()).filter(Boolean);
}

/** Defaults from the configuration (environment), before anything was saved. */
export function orgSettingsDefaults(config: { hours: WorkingHours; emergencyNumbers: string; crisisHotlines?: string | undefined; orgContacts?: string | undefined; orgName?: string }): OrgSettingsValues {
  return {
    orgName: config.orgName ?? '',
    timezone: config.hours.timezone,
    workingHours: formatWorkingHours(config.hours),
    holidays: [...config.hours.holidays].sort().join(', '),
    emergencyNumbers: config.emergencyNumbers,
    crisisHotlines: config.crisisHotlines ?? '',
    orgContacts: config.orgContacts ?? '',
    retentionDays: DEFAULT_RETENTION_DAYS,
    languages: [...LANGUAGES],
  };
}

/** A setting that cannot be used: which one and why (shown to the admin). */
export interface SettingProblem {
  path: OrgSettingName;
  message: string;
}

/** True when `zone` is an IANA time zone this Node knows. */
export function isTimeZone(zone: string): boolean {
  if (zone === '') return false;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checks settings; the working hours parsed when they are fine. */
export function checkOrgSettings(values: OrgSettingsValues): { hours: WorkingHours; problems: [] } | { hours: undefined; problems: SettingProblem[] } {
  const problems: SettingProblem[] = [];
  if (!isTimeZone(values.timezone)) problems.push({ path: 'timezone', message: `unknown timezone "${values.timezone}" (expected an IANA zone such as Europe/Moscow)` });
  const zone = problems.length === 0 ? values.timezone : 'UTC';
  const holidays = parseHolidays(values.holidays);
  let hours: WorkingHours | undefined;
  try {
    parseWorkingHours('', zone, holidays);
  } catch (error) {
    problems.push({ path: 'holidays', message: error instanceof HoursError ? error.message : 'unreadable' });
  }
  try {
    hours = parseWorkingHours(values.workingHours, zone, problems.some((p) => p.path === 'holidays') ? [] : holidays);
  } catch (error) {
    problems.push({ path: 'workingHours', message: error instanceof HoursError ? error.message : 'unreadable' });
  }
  if (!EMERGENCY_NUMBERS.test(values.emergencyNumbers)) problems.push({ path: 'emergencyNumbers', message: 'expected phone numbers separated by commas, e.g. "103, 112"' });
  if (values.languages.length === 0) problems.push({ path: 'languages', message: 'at least one language' });
  return problems.length === 0 && hours ? { hours, problems: [] } : { hours: undefined, problems };
}

/** Settings as stored (`org.<name>` rows hold strings): only the names given. */
export function toStored(values: Partial<OrgSettingsValues>): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const name of ORG_SETTING_NAMES) {
    const value = values[name];
    if (value === undefined) continue;
    stored[name] = Array.isArray(value) ? JSON.stringify(value) : String(value);
  }
  return stored;
}

/** Defaults overridden by stored values; a stored value of the wrong shape is ignored. */
export function fromStored(defaults: OrgSettingsValues, stored: Readonly<Record<string, string>>): OrgSettingsValues {
  const values: OrgSettingsValues = { ...defaults, languages: [...defaults.languages] };
  for (const name of ORG_SETTING_NAMES) {
    const raw = stored[name];
    if (raw === undefined) continue;
    if (name === 'retentionDays') {
      const days = Number(raw);
      if (Number.isInteger(days) && days > 0) values.retentionDays = days;
    } else if (name === 'languages') {
      try {
        const parsed: unknown = JSON.parse(raw);
        const languages = Array.isArray(parsed) ? LANGUAGES.filter((l) => parsed.includes(l)) : [];
        if (languages.length > 0) values.languages = languages;
      } catch {
        // A broken row keeps the default.
      }
    } else {
      values[name] = raw;
    }
  }
  return values;
}

/** The live settings the bot, the jobs and the dashboard read. */
export interface OrgSettings {
  /** The settings in force. */
  readonly current: Readonly<OrgSettingsValues>;
  /** Working hours: always this same object, changed in place when settings change. */
  readonly hours: WorkingHours;
  /** The numbers the emergency guides fill in: this same object, changed in place. */
  readonly numbers: { ambulance: string; hotlines: string | null };
  /** The contacts a client gets when a case closes; undefined when none. */
  orgContacts(): string | undefined;
  /**
   * Puts settings in force. Throws {@link HoursError} (changing nothing) when they do not
   * pass {@link checkOrgSettings}; callers check first to tell the admin which field is wrong.
   */
  apply(values: OrgSettingsValues): void;
  /**
   * Re-reads the saved settings (at start, and now and then when several processes share
   * a database). Saved values that no longer pass the checks are skipped; their names are returned.
   */
  refresh(): Promise<OrgSettingName[]>;
}

/**
 * Builds the holder. Pass the configuration's own `hours` object: everything that already
 * holds it (the bot's after-hours answers, the morning digest) then follows changes.
 *
 * @example
 * const org = createOrgSettings({ defaults: orgSettingsDefaults(config), hours: config.hours, load: () => orgStore.read() });
 * await org.refresh();
 */
export function createOrgSettings(deps: { defaults: OrgSettingsValues; hours: WorkingHours; load: () => Promise<Record<string, string>> }): OrgSettings {
  const hours = deps.hours;
  const numbers: { ambulance: string; hotlines: string | null } = { ambulance: deps.defaults.emergencyNumbers, hotlines: deps.defaults.crisisHotlines === '' ? null : deps.defaults.crisisHotlines };
  let current: OrgSettingsValues = { ...deps.defaults, languages: [...deps.defaults.languages] };
  const holder: OrgSettings = {
    get current() {
      return current;
    },
    hours,
    numbers,
    orgContacts() {
      return current.orgContacts === '' ? undefined : current.orgContacts;
    },
    apply(values) {
      const checked = checkOrgSettings(values);
      if (!checked.hours) throw new HoursError(checked.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
      hours.timezone = checked.hours.timezone;
      hours.week = checked.hours.week;
      hours.holidays = checked.hours.holidays;
      numbers.ambulance = values.emergencyNumbers;
      numbers.hotlines = values.crisisHotlines === '' ? null : values.crisisHotlines;
      current = { ...values, languages: [...values.languages] };
    },
    async refresh() {
      const stored = await deps.load();
      let values = fromStored(deps.defaults, stored);
      const { problems } = checkOrgSettings(values);
      const skipped = [...new Set(problems.map((p) => p.path))];
      if (skipped.length > 0) {
        // Fall back to the defaults for what no longer passes (e.g. a zone a newer Node renamed).
        const keep = Object.fromEntries(Object.entries(stored).filter(([name]) => !skipped.some((s) => s === name)));
        values = fromStored(deps.defaults, keep);
        if (checkOrgSettings(values).problems.length > 0) values = deps.defaults;
      }
      holder.apply(values);
      return skipped;
    },
  };
  return holder;
}
