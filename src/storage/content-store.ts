import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Language } from '../core/types.ts';
import type { Database } from './schema.ts';
import type { ContentStore, SnippetVersion } from '../core/content/ports.ts';

/**
 * The version of a snippet's text: the first 12 hex digits of SHA-256 over title and body.
 * A doctor's verification names it, so any edit of the text needs a new verification.
 *
 * @example snippetVersion('Naloxone', 'Ask at the bus…') // '3f1c0b6a9e2d'
 */
export function snippetVersion(title: string, body: string): string {
  return createHash('sha256').update(`${title}\u0000${body}`, 'utf8').digest('hex').slice(0, 12);
}

type SnippetRow = { snippet_id: string; lang: string; version: string; title: string; body: string; created_by_role: string; created_at: number };

const toSnippet = (r: SnippetRow): SnippetVersion => ({
  id: r.snippet_id,
  lang: r.lang === 'en' ? 'en' : 'ru',
  version: r.version,
  title: r.title,
  body: r.body,
  createdByRole: r.created_by_role,
  createdAt: Number(r.created_at),
});

const COLUMNS = ['snippet_id', 'lang', 'version', 'title', 'body', 'created_by_role', 'created_at'] as const;

/** Builds the snippet store over a database. */
export function createContentStore(db: Kysely<Database>): ContentStore {
  const current = async (trx: Kysely<Database>, id: string, lang: Language) => {
    const row = await trx.selectFrom('kb_snippets').select(COLUMNS).where('snippet_id', '=', id).where('lang', '=', lang).orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row && toSnippet(row);
  };
  return {
    async saveSnippet(input) {
      const version = snippetVersion(input.title, input.body);
      return db.transaction().execute(async (trx) => {
        const before = await current(trx, input.id, input.lang);
        if (before?.version === version) return { snippet: before, created: false };
        const row = { snippet_id: input.id, lang: input.lang, version, title: input.title, body: input.body, created_by_role: input.role, created_at: input.at };
        await trx.insertInto('kb_snippets').values(row).execute();
        return { snippet: toSnippet(row), created: true };
      });
    },
    async currentSnippets() {
      const rows = await db
        .selectFrom('kb_snippets')
        .select(COLUMNS)
        .where('id', 'in', (eb) => eb.selectFrom('kb_snippets').select((e) => e.fn.max('id').as('id')).groupBy(['snippet_id', 'lang']))
        .orderBy('snippet_id')
        .orderBy('lang')
        .execute();
      return rows.map(toSnippet);
    },
    async currentSnippet(id, lang) {
      return current(db, id, lang);
    },
    async snippetVersions(id, lang) {
      const rows = await db.selectFrom('kb_snippets').select(COLUMNS).where('snippet_id', '=', id).where('lang', '=', lang).orderBy('id').execute();
      return rows.map(toSnippet);
    },
  };
}
