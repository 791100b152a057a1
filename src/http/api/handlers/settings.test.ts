import { Context } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../../test/support/databases.ts';
import { AppError } from '../../../core/app-error.ts';
import { isOpen, parseOnCallRota, parseWorkingHours } from '../../../core/hours.ts';
import { createOnCallRota } from '../../../core/on-call-rota.ts';
import { createOrgSettings, orgSettingsDefaults } from '../../../core/org-settings.ts';
import { createKeyring } from '../../../core/crypto/keyring.ts';
import { createAccountStore } from '../../../storage/account-store.ts';
import type { SessionRecord } from '../../../core/accounts/ports.ts';
import { createOrgSettingsStore, loadSavedRota } from '../../../storage/org-settings-store.ts';
import { settingsHandlers } from './settings.ts';

const keys = createKeyring('test-master-secret-that-is-long-enough-0123456789');
// 2026-06-01 is a Monday; 12:00 UTC is 15:00 in Moscow and 08:00 in New York.
const MONDAY_NOON_UTC = Date.UTC(2026, 5, 1, 12, 0);

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

for (const dialect of DIALECTS) {
  describe(`settings and rota API on ${dialect}`, () => {
    let db: TestDatabase | undefined;
    beforeAll(async () => {
      db = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await db?.cleanup();
    });

    async function setup(t: TestDatabase) {
      const accounts = createAccountStore(t.db.kysely, keys);
      const store = createOrgSettingsStore(t.db.kysely);
      const configHours = parseWorkingHours('mon-fri 10:00-19:00', 'Europe/Moscow');
      const org = createOrgSettings({ defaults: orgSettingsDefaults({ hours: configHours, emergencyNumbers: '103, 112', orgContacts: 'Office' }), hours: configHours, load: () => store.read() });
      await org.refresh();
      const rota = createOnCallRota({ load: () => loadSavedRota(store, accounts), timezone: () => org.current.timezone, fallback: parseOnCallRota('mon-sun 00:00-24:00=Config', 'Europe/Moscow') });
      await rota.refresh();
      const handlers = settingsHandlers({
        now: () => MONDAY_NOON_UTC,
        org,
        store,
        rota,
        accounts,
        status: () => ({ staffGroupLinked: true, bot: { username: 'netreach_bot', running: true, telegram: 'ok', mode: 'polling' } }),
      });
      const session = async (role: string, login: string, alias: string | null = login): Promise<SessionRecord> => {
        const id = await accounts.create({ login, role, alias, specialisations: [], language: 'en', setupTokenHash: `setup-${login}`, setupExpiresAt: 1, at: 1 });
        const account = await accounts.byId(id);
        if (!account) throw new Error('account missing');
        return { tokenHash: `token-${login}`, csrfToken: 'csrf', createdAt: 1, lastSeenAt: 1, expiresAt: 2, account };
      };
      const c = new Context(new Request('http://netreach.test/api'));
      const audit = async () => t.db.kysely.selectFrom('audit_log').select(['action', 'target', 'detail', 'actor_role']).orderBy('id').execute();
      return { handlers, org, store, rota, accounts, configHours, session, c, audit };
    }

    it('shows the effective settings, refuses bad ones by field, and applies a save live and durably', async (ctx) => {
      if (!db) return ctx.skip();
      const { handlers, org, store, configHours, session, c, audit } = await setup(db);
      const admin = await session('admin', 'admin');
      const shown = await handlers.settings({ params: undefined, query: undefined, body: undefined, session: admin, c });
      expect(shown).toMatchObject({ timezone: 'Europe/Moscow', workingHours: 'mon-fri 10:00-19:00', emergencyNumbers: '103, 112', orgContacts: 'Office', staffGroup: { linked: true }, bot: { username: 'netreach_bot' } });

      const bad = await rejection(handlers.saveSettings({ params: undefined, query: undefined, body: { timezone: 'Moon/Base', workingHours: 'always' }, session: admin, c }));
      expect(bad.kind).toBe('unprocessable');
      expect(bad.extra.issues?.map((i) => i.path).sort()).toEqual(['body.timezone', 'body.workingHours']);
      const badHoliday = await rejection(handlers.saveSettings({ params: undefined, query: undefined, body: { holidays: '31.12.2026' }, session: admin, c }));
      expect(badHoliday.extra.issues?.map((i) => i.path)).toEqual(['body.holidays']);
      expect(await store.read()).toEqual({});

      expect(isOpen(configHours, MONDAY_NOON_UTC)).toBe(true);
      const saved = await handlers.saveSettings({
        params: undefined,
        query: undefined,
        body: { timezone: 'America/New_York', workingHours: 'mon-fri 09:00-17:00', emergencyNumbers: '911', orgContacts: 'Secret drop-in address', orgName: 'Harm Reduction NY', languages: ['en'] },
        session: admin,
        c,
      });
      expect(saved).toMatchObject({ timezone: 'America/New_York', emergencyNumbers: '911', languages: ['en'] });
      // The object the bot holds changed in place: 08:00 in New York is closed.
      expect(isOpen(configHours, MONDAY_NOON_UTC)).toBe(false);
      expect(org.numbers.ambulance).toBe('911');
      expect(org.orgContacts()).toBe('Secret drop-in address');
      const entry = (await audit()).at(-1);
      expect(entry).toMatchObject({ action: 'settings.change', target: 'settings', actor_role: 'admin' });
      const detail = JSON.parse(entry?.detail ?? '{}') as Record<string, unknown>;
      expect(detail).toEqual({ changed: 'orgName,timezone,workingHours,emergencyNumbers,orgContacts,languages', timezone: 'America/New_York', workingHours: 'mon-fri 09:00-17:00', emergencyNumbers: '911', languages: 'en' });
      expect(entry?.detail).not.toMatch(/Secret|Harm Reduction/);

      // Saving the same again changes and audits nothing; a restart reads the saved values.
      const entries = (await audit()).length;
      await handlers.saveSettings({ params: undefined, query: undefined, body: { timezone: 'America/New_York' }, session: admin, c });
      expect(await audit()).toHaveLength(entries);
      const restarted = await setup(db);
      expect(restarted.org.current).toMatchObject({ timezone: 'America/New_York', orgName: 'Harm Reduction NY', orgContacts: 'Secret drop-in address' });
      expect(restarted.configHours.timezone).toBe('America/New_York');
    });

    it('replaces the rota with existing on-call staff, shows aliases and who is on call now', async (ctx) => {
      if (!db) return ctx.skip();
      const { handlers, rota, accounts, session, c, audit } = await setup(db);
      const supervisor = await session('supervisor', 'boss', 'Boss');
      const sasha = await session('worker', 'sasha', 'Sasha');
      const noAlias = await session('worker', 'quiet', null);
      const researcher = await session('researcher', 'numbers');
      const disabled = await session('worker', 'left', 'Left');
      await accounts.update(disabled.account.id, { disabled: true });

      // The settings test moved the organisation to New York: Monday 08:00 there.
      const before = await handlers.rota({ params: undefined, query: undefined, body: undefined, session: sasha, c });
      expect(before).toEqual({ slots: [], onCallNow: ['Config'] });

      const slot = (accountId: number) => ({ weekdays: ['mon' as const], start: '06:00', end: '10:00', accountId });
      const refused = await rejection(handlers.saveRota({ params: undefined, query: undefined, body: { slots: [slot(sasha.account.id), slot(99_999), slot(researcher.account.id), slot(disabled.account.id)] }, session: supervisor, c }));
      expect(refused.kind).toBe('unprocessable');
      expect(refused.extra.issues?.map((i) => i.path)).toEqual(['body.slots.1.accountId', 'body.slots.2.accountId', 'body.slots.3.accountId']);

      const saved = await handlers.saveRota({
        params: undefined,
        query: undefined,
        body: { slots: [slot(sasha.account.id), { weekdays: ['tue', 'wed'], start: '19:00', end: '24:00', accountId: supervisor.account.id }, slot(noAlias.account.id)] },
        session: supervisor,
        c,
      });
      expect(saved).toEqual({
        slots: [
          { ...slot(sasha.account.id), alias: 'Sasha' },
          { weekdays: ['tue', 'wed'], start: '19:00', end: '24:00', accountId: supervisor.account.id, alias: 'Boss' },
          { ...slot(noAlias.account.id), alias: null },
        ],
        onCallNow: ['Sasha'],
      });
      // The emergency alerts read the same holder.
      expect(rota.onCallNow(MONDAY_NOON_UTC)).toEqual(['Sasha']);
      expect(rota.current()?.slots.map((s) => s.alias)).toEqual(['Sasha', 'Boss']);
      const entry = (await audit()).at(-1);
      expect(entry).toMatchObject({ action: 'rota.change', target: 'rota', actor_role: 'supervisor' });
      expect(JSON.parse(entry?.detail ?? '{}')).toEqual({ slots: 3, accounts: [sasha, supervisor, noAlias].map((s) => s.account.id).join(','), withoutAlias: 1 });
    });
  });
}
