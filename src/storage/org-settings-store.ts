import type { Kysely } from 'kysely';
import { WEEKDAYS } from '../core/mobile-schedule.ts';
import type { RotaSlot, SavedRota } from '../core/on-call-rota.ts';
import type { AccountStore } from '../core/accounts/ports.ts';
import type { Database } from './schema.ts';
import type { OrgSettingsStore } from '../core/settings/ports.ts';

/** Prefix of the organisation's settings rows; other rows (the staff group link) are not theirs. */
export const ORG_PREFIX = 'org.';
/** The settings row that holds the on-call rota as JSON. */
export const ROTA_KEY = `${ORG_PREFIX}rota`;

function parseSlots(json: string): RotaSlot[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { weekdays, start, end, accountId } = item as Record<string, unknown>;
    const days = Array.isArray(weekdays) ? WEEKDAYS.filter((d) => weekdays.includes(d)) : [];
    return days.length > 0 && typeof start === 'string' && typeof end === 'string' && typeof accountId === 'number' ? [{ weekdays: days, start, end, accountId }] : [];
  });
}

/** Builds the store over a database. */
export function createOrgSettingsStore(db: Kysely<Database>): OrgSettingsStore {
  const store: OrgSettingsStore = {
    async read() {
      const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'like', `${ORG_PREFIX}%`).execute();
      return Object.fromEntries(rows.filter((r) => r.key.startsWith(ORG_PREFIX)).map((r) => [r.key.slice(ORG_PREFIX.length), r.value]));
    },
    async write(values, at) {
      const entries = Object.entries(values);
      if (entries.length === 0) return;
      await db.transaction().execute(async (trx) => {
        for (const [name, value] of entries) {
          await trx
            .insertInto('settings')
            .values({ key: `${ORG_PREFIX}${name}`, value, updated_at: at })
            .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: at }))
            .execute();
        }
      });
    },
    async readRota() {
      const row = await db.selectFrom('settings').select('value').where('key', '=', ROTA_KEY).executeTakeFirst();
      return row ? parseSlots(row.value) : undefined;
    },
    async writeRota(slots, at) {
      await store.write({ rota: JSON.stringify(slots.map((s) => ({ weekdays: s.weekdays, start: s.start, end: s.end, accountId: s.accountId }))) }, at);
    },
  };
  return store;
}

/**
 * The saved rota with the aliases of the accounts it names (disabled accounts have none, so
 * they are not alerted): the loader for `createOnCallRota`.
 *
 * @example createOnCallRota({ load: () => loadSavedRota(orgStore, accounts), timezone: () => org.current.timezone, fallback: config.rota })
 */
export async function loadSavedRota(store: Pick<OrgSettingsStore, 'readRota'>, accounts: Pick<AccountStore, 'list'>): Promise<SavedRota> {
  const [slots, list] = await Promise.all([store.readRota(), accounts.list()]);
  return { slots, aliases: new Map(list.map((a) => [a.id, a.disabled ? null : a.alias])) };
}
