import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createVerificationStore } from './verification-store.ts';

for (const dialect of DIALECTS) {
  describe(`content verifications on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('count only for the version a doctor checked, until the review date, the latest one winning', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createVerificationStore(t.db.kysely);
      await store.verify({ kind: 'guide', id: 'overdose', lang: 'ru', version: 'v1', role: 'doctor', at: 100, reviewAt: 1_000 });
      expect(store.current('guide', 'overdose', 'ru', 'v1', 200)).toBeUndefined();
      await store.refresh();
      expect(store.current('guide', 'overdose', 'ru', 'v1', 200)).toEqual({ kind: 'guide', id: 'overdose', lang: 'ru', version: 'v1', byRole: 'doctor', at: 100, reviewAt: 1_000 });
      expect(store.current('guide', 'overdose', 'en', 'v1', 200)).toBeUndefined();
      expect(store.current('guide', 'overdose', 'ru', 'v2', 200)).toBeUndefined();
      expect(store.current('guide', 'overdose', 'ru', 'v1', 1_000)).toBeUndefined();
      await store.verify({ kind: 'guide', id: 'overdose', lang: 'ru', version: 'v2', role: 'supervisor', at: 300, reviewAt: 5_000 });
      await store.refresh();
      expect(store.current('guide', 'overdose', 'ru', 'v1', 400)).toBeUndefined();
      expect(store.current('guide', 'overdose', 'ru', 'v2', 400)?.byRole).toBe('supervisor');
      expect(store.all()).toHaveLength(1);
    });
  });
}
