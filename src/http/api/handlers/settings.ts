import { AppError } from '../../../core/app-error.ts';
import type { OnCallRotaHolder, RotaSlot } from '../../../core/on-call-rota.ts';
import { checkOrgSettings, FREE_TEXT_SETTINGS, ORG_SETTING_NAMES, toStored, type OrgSettingName, type OrgSettings, type OrgSettingsValues } from '../../../core/org-settings.ts';
import type { AccountStore, SessionRecord } from '../../../core/accounts/ports.ts';
import type { OrgSettingsStore } from '../../../core/settings/ports.ts';
import type { Rota, Settings } from '../contract.ts';
import type { Handlers } from '../router.ts';
import type { z } from 'zod';

/** The staff group and the bot as the settings page shows them. */
export interface SettingsStatus {
  staffGroupLinked: boolean;
  bot: { username: string; running: boolean; telegram: string; mode: string };
}

/** What the settings and rota endpoints need. */
export interface SettingsHandlerDeps {
  now: () => number;
  /** The live settings the bot reads; a save applies to it at once. */
  org: OrgSettings;
  store: OrgSettingsStore;
  /** The live rota the emergency alerts read; refreshed after a save. */
  rota: OnCallRotaHolder;
  accounts: Pick<AccountStore, 'list' | 'audit'>;
  /** Whether the staff group is linked, and the bot's state, now. */
  status: () => SettingsStatus;
}

type SettingsRoutes = 'settings' | 'saveSettings' | 'rota' | 'saveRota';
type RotaView = z.input<typeof Rota>;

/** Roles that work with cases, so may be on call. */
const ON_CALL_ROLES: ReadonlySet<string> = new Set(['worker', 'doctor', 'supervisor', 'admin']);

function same(a: OrgSettingsValues[OrgSettingName], b: OrgSettingsValues[OrgSettingName]): boolean {
  return Array.isArray(a) && Array.isArray(b) ? a.join(',') === b.join(',') : a === b;
}

function actor(session: SessionRecord) {
  return { actorAccountId: session.account.id, actorRole: session.account.role };
}

/** Organisation settings and the on-call rota. */
export function settingsHandlers(deps: SettingsHandlerDeps): Pick<Handlers, SettingsRoutes> {
  const { now, org, store, rota, accounts } = deps;

  const view = (): Settings => {
    const status = deps.status();
    return { ...org.current, languages: [...org.current.languages], staffGroup: { linked: status.staffGroupLinked }, bot: { ...status.bot } };
  };

  const rotaView = async (): Promise<RotaView> => {
    const list = await accounts.list();
    const alias = new Map(list.map((a) => [a.id, a.alias]));
    const slots = (rota.slots() ?? []).map((slot) => ({ ...slot, weekdays: [...slot.weekdays], alias: alias.get(slot.accountId) ?? null }));
    return { slots, onCallNow: rota.onCallNow(now()) };
  };

  return {
    async settings() {
      return view();
    },

    async saveSettings({ body, session }) {
      const before = org.current;
      const next: OrgSettingsValues = { ...before, languages: [...before.languages] };
      for (const name of ORG_SETTING_NAMES) {
        const value = body[name];
        if (value !== undefined) Object.assign(next, { [name]: value });
      }
      const checked = checkOrgSettings(next);
      if (checked.problems.length > 0) {
        const issues = checked.problems.map((p) => ({ path: `body.${p.path}`, message: p.message }));
        throw new AppError('unprocessable', 'invalid-settings', `Check these settings: ${checked.problems.map((p) => p.path).join(', ')}.`, { issues });
      }
      const changed = ORG_SETTING_NAMES.filter((name) => !same(before[name], next[name]));
      if (changed.length === 0) return view();
      const at = now();
      await store.write(toStored(Object.fromEntries(changed.map((name) => [name, next[name]]))), at);
      org.apply(next);
      // Which settings changed, and the new value of those that are not free text.
      const detail: Record<string, string | number> = { changed: changed.join(',') };
      for (const name of changed) {
        if (FREE_TEXT_SETTINGS.has(name)) continue;
        const value = next[name];
        detail[name] = Array.isArray(value) ? value.join(',') : value;
      }
      await accounts.audit({ at, ...actor(session), action: 'settings.change', target: 'settings', detail });
      return view();
    },

    async rota() {
      return rotaView();
    },

    async saveRota({ body, session }) {
      const list = await accounts.list();
      const byId = new Map(list.map((a) => [a.id, a]));
      const issues = body.slots.flatMap((slot, i) => {
        const account = byId.get(slot.accountId);
        if (!account) return [{ path: `body.slots.${i}.accountId`, message: 'no such staff account' }];
        if (account.disabled) return [{ path: `body.slots.${i}.accountId`, message: 'this account is disabled' }];
        if (!ON_CALL_ROLES.has(account.role)) return [{ path: `body.slots.${i}.accountId`, message: 'this role does not work with cases' }];
        return [];
      });
      if (issues.length > 0) throw new AppError('unprocessable', 'invalid-rota', 'Some rota slots name staff who cannot be on call.', { issues });
      const slots: RotaSlot[] = body.slots.map((s) => ({ weekdays: [...new Set(s.weekdays)], start: s.start, end: s.end, accountId: s.accountId }));
      const at = now();
      await store.writeRota(slots, at);
      await rota.refresh();
      const withoutAlias = slots.filter((s) => !byId.get(s.accountId)?.alias).length;
      await accounts.audit({ at, ...actor(session), action: 'rota.change', target: 'rota', detail: { slots: slots.length, accounts: [...new Set(slots.map((s) => s.accountId))].join(','), withoutAlias } });
      return rotaView();
    },
  };
}
