import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../test/support/databases.ts';
import { createContentStore, snippetVersion } from './content-store.ts';
import { createVerificationStore } from './verification-store.ts';

for (const dialect of DIALECTS) {
  describe(`snippets on ${dialect}`, () => {
    let t: TestDatabase | undefined;
    beforeAll(async () => {
      t = await openTestDatabase(dialect);
    });
    afterAll(async () => {
      await t?.cleanup();
    });

    it('keeps every version, the newest per id and language current, and the same text once', async (ctx) => {
      if (!t) return ctx.skip();
      const store = createContentStore(t.db.kysely);
      expect(snippetVersion('a', 'b')).toMatch(/^[0-9a-f]{12}$/);
      expect(snippetVersion('a', 'b')).not.toBe(snippetVersion('ab', ''));
      const first = await store.saveSnippet({ id: 'naloxone', lang: 'ru', title: 'Налоксон', body: 'v1', role: 'doctor', at: 10 });
      expect(first).toMatchObject({ created: true, snippet: { id: 'naloxone', lang: 'ru', version: snippetVersion('Налоксон', 'v1'), createdByRole: 'doctor', createdAt: 10 } });
      expect((await store.saveSnippet({ id: 'naloxone', lang: 'ru', title: 'Налоксон', body: 'v1', role: 'admin', at: 11 })).created).toBe(false);
      await store.saveSnippet({ id: 'naloxone', lang: 'en', title: 'Naloxone', body: 'v1', role: 'doctor', at: 12 });
      const second = await store.saveSnippet({ id: 'naloxone', lang: 'ru', title: 'Налоксон', body: 'v2', role: 'supervisor', at: 13 });
      await store.saveSnippet({ id: 'hello', lang: 'ru', title: 'Привет', body: 'Здравствуйте!', role: 'admin', at: 14 });
      expect(await store.currentSnippet('naloxone', 'ru')).toEqual(second.snippet);
      expect(await store.currentSnippet('nothing', 'ru')).toBeUndefined();
      expect((await store.currentSnippets()).map((s) => `${s.id}/${s.lang}/${s.body}`)).toEqual(['hello/ru/Здравствуйте!', 'naloxone/en/v1', 'naloxone/ru/v2']);
      expect((await store.snippetVersions('naloxone', 'ru')).map((s) => s.body)).toEqual(['v1', 'v2']);
    });

    it('verifies snippets like guides and reads the history of an item', async (ctx) => {
      if (!t) return ctx.skip();
      const verifications = createVerificationStore(t.db.kysely);
      await verifications.verify({ kind: 'snippet', id: 'naloxone', lang: 'ru', version: 'aaa', role: 'doctor', at: 100, reviewAt: 1_000 });
      await verifications.verify({ kind: 'snippet', id: 'naloxone', lang: 'ru', version: 'bbb', role: 'doctor', at: 200, reviewAt: 2_000 });
      await verifications.verify({ kind: 'guide', id: 'naloxone', lang: 'ru', version: 'ccc', role: 'doctor', at: 300, reviewAt: 3_000 });
      await verifications.refresh();
      expect(verifications.current('snippet', 'naloxone', 'ru', 'bbb', 500)?.at).toBe(200);
      expect(verifications.current('snippet', 'naloxone', 'ru', 'aaa', 500)).toBeUndefined();
      expect(verifications.latest('snippet', 'naloxone', 'ru')).toEqual({ version: 'bbb', byRole: 'doctor', at: 200, reviewAt: 2_000 });
      expect(verifications.latest('snippet', 'naloxone', 'en')).toBeUndefined();
      expect(await verifications.history('snippet', 'naloxone', 'ru')).toEqual([
        { version: 'aaa', byRole: 'doctor', at: 100, reviewAt: 1_000 },
        { version: 'bbb', byRole: 'doctor', at: 200, reviewAt: 2_000 },
      ]);
    });
  });
}
