/**
 * The on-call rota as edited in the dashboard: slots of weekdays and times, each naming a
 * staff account. The emergency alerts read it as an {@link OnCallRota} of aliases, in the
 * organisation's timezone at the moment of asking.
 */
import { onCallAt, parseWorkingHours, type OnCallRota } from './hours.ts';
import type { Weekday } from './mobile-schedule.ts';

/** One slot: these weekdays from `start` to `end` (local `HH:MM`; `end` may be `24:00`). */
export interface RotaSlot {
  weekdays: Weekday[];
  start: string;
  end: string;
  accountId: number;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * A slot in working-hours syntax. A slot that ends at or before it starts runs overnight:
 * `fri 22:00-08:00` is Friday 22:00-24:00 and Saturday 00:00-08:00.
 *
 * @example slotHours({ weekdays: ['sun'], start: '22:00', end: '08:00', accountId: 1 }) // 'sun 22:00-24:00; mon 00:00-08:00'
 */
export function slotHours(slot: Omit<RotaSlot, 'accountId'>): string {
  const overnight = slot.end !== '24:00' && slot.end <= slot.start;
  return slot.weekdays
    .flatMap((day) => {
      if (!overnight) return [`${day} ${slot.start}-${slot.end}`];
      const next = DAYS[(DAYS.indexOf(day) + 1) % DAYS.length] ?? 'mon';
      return [`${day} ${slot.start}-24:00`, ...(slot.end === '00:00' ? [] : [`${next} 00:00-${slot.end}`])];
    })
    .join('; ');
}

/**
 * The slots as the emergency engine reads them, by alias. Slots of accounts without an
 * alias are left out: alerts find on-call staff by alias.
 */
export function toOnCallRota(slots: readonly RotaSlot[], aliasOf: (accountId: number) => string | null | undefined, timezone: string): OnCallRota {
  return {
    slots: slots.flatMap((slot) => {
      const alias = aliasOf(slot.accountId);
      return alias ? [{ alias, hours: parseWorkingHours(slotHours(slot), timezone) }] : [];
    }),
  };
}

/** What the rota holder reads at refresh: the saved slots (undefined if never saved) and aliases. */
export interface SavedRota {
  slots: RotaSlot[] | undefined;
  aliases: ReadonlyMap<number, string | null>;
}

/** The live rota the emergency alerts and the dashboard read. */
export interface OnCallRotaHolder {
  /** Re-reads the saved rota and staff aliases (at start, after a save or an alias change). */
  refresh(): Promise<void>;
  /** The saved slots; undefined when no rota was ever saved (the configured one applies). */
  slots(): RotaSlot[] | undefined;
  /** The rota in force: the saved one, else the configured ON_CALL_ROTA, else undefined. */
  current(): OnCallRota | undefined;
  /**
   * Aliases on call at `at`.
   *
   * @example emergency = { ..., onCallNow: (at) => rota.onCallNow(at) }
   */
  onCallNow(at: number): string[];
}

/**
 * Builds the holder over a loader (the saved `org.rota` and the accounts' aliases), the
 * configured fallback, and the organisation's timezone, read at each call so a timezone
 * change moves the rota with it.
 */
export function createOnCallRota(deps: { load: () => Promise<SavedRota>; timezone: () => string; fallback?: OnCallRota | undefined }): OnCallRotaHolder {
  let saved: SavedRota = { slots: undefined, aliases: new Map() };
  let compiled: { zone: string; rota: OnCallRota } | undefined;
  const current = (): OnCallRota | undefined => {
    if (!saved.slots) return deps.fallback;
    const zone = deps.timezone();
    if (compiled?.zone !== zone) compiled = { zone, rota: toOnCallRota(saved.slots, (id) => saved.aliases.get(id), zone) };
    return compiled.rota;
  };
  return {
    async refresh() {
      saved = await deps.load();
      compiled = undefined;
    },
    slots() {
      return saved.slots;
    },
    current,
    onCallNow(at) {
      const rota = current();
      return rota ? onCallAt(rota, at) : [];
    },
  };
}
