import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createKeyring } from '../core/crypto/keyring.ts';
import { createAccountStore } from './account-store.ts';
import { createOrgSettingsStore, loadSavedRota } from './org-settings-store.ts';
import { createRelayStore } from './relay-store.ts';

const keys = createKeyring('test-master-secret-that-is-long-enough-0123456789');

for (const dialect of DIALECTS) {
  describe(`organisation settings on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('stores org.* settings apart from the others and overwrites them', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createOrgSettingsStore(t.db.kysely);
      await createRelayStore(t.db.kysely, keys).setSetting('staff_chat_id', '-100', 1);
      expect(await store.read()).toEqual({});
      await store.write({ timezone: 'Asia/Almaty', orgName: 'Шаг' }, 2);
      await store.write({ timezone: 'Europe/Moscow' }, 3);
      expect(await store.read()).toEqual({ timezone: 'Europe/Moscow', orgName: 'Шаг' });
      const row = await t.db.kysely.selectFrom('settings').selectAll().where('key', '=', 'org.timezone').executeTakeFirstOrThrow();
      expect(row).toEqual({ key: 'org.timezone', value: 'Europe/Moscow', updated_at: 3 });
    });

    it('keeps the rota as JSON and loads it with the aliases of enabled accounts', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createOrgSettingsStore(t.db.kysely);
      const accounts = createAccountStore(t.db.kysely, keys);
      const sasha = await accounts.create({ login: 'sasha', role: 'worker', alias: 'Sasha', specialisations: [], language: 'ru', setupTokenHash: 'h1', setupExpiresAt: 10, at: 1 });
      const gone = await accounts.create({ login: 'gone', role: 'worker', alias: 'Gone', specialisations: [], language: 'ru', setupTokenHash: 'h2', setupExpiresAt: 10, at: 1 });
      await accounts.update(gone, { disabled: true });
      expect(await store.readRota()).toBeUndefined();
      expect((await loadSavedRota(store, accounts)).slots).toBeUndefined();
      const slots = [
        { weekdays: ['mon' as const, 'tue' as const], start: '19:00', end: '24:00', accountId: sasha },
        { weekdays: ['sat' as const], start: '00:00', end: '24:00', accountId: gone },
      ];
      await store.writeRota(slots, 5);
      expect(await store.readRota()).toEqual(slots);
      const saved = await loadSavedRota(store, accounts);
      expect(saved.slots).toEqual(slots);
      expect(saved.aliases.get(sasha)).toBe('Sasha');
      expect(saved.aliases.get(gone)).toBeNull();
      await store.writeRota([], 6);
      expect(await store.readRota()).toEqual([]);
    });
  });
}
