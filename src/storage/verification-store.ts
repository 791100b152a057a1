import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { ContentKind, Verification, VerificationStore } from '../core/content/ports.ts';

/** Builds the store over a database. */
export function createVerificationStore(db: Kysely<Database>): VerificationStore {
  let latest = new Map<string, { kind: ContentKind; id: string; lang: string } & Verification>();
  const key = (kind: string, id: string, lang: string) => `${kind}\u0000${id}\u0000${lang}`;
  return {
    async verify(input) {
      await db
        .insertInto('content_verifications')
        .values({ kind: input.kind, content_id: input.id, lang: input.lang, version: input.version, verified_by_role: input.role, verified_at: input.at, review_at: input.reviewAt })
        .execute();
    },
    async refresh() {
      const rows = await db.selectFrom('content_verifications').selectAll().orderBy('id').execute();
      const next = new Map<string, { kind: ContentKind; id: string; lang: string } & Verification>();
      for (const r of rows) {
        next.set(key(r.kind, r.content_id, r.lang), { kind: r.kind as ContentKind, id: r.content_id, lang: r.lang, version: r.version, byRole: r.verified_by_role, at: r.verified_at, reviewAt: r.review_at });
      }
      latest = next;
    },
    current(kind, id, lang, version, at) {
      const found = latest.get(key(kind, id, lang));
      // A new version of the text, or a review date passed, means it is not verified (any more).
      return found && found.version === version && found.reviewAt > at ? found : undefined;
    },
    all() {
      return [...latest.values()];
    },
    latest(kind, id, lang) {
      const found = latest.get(key(kind, id, lang));
      return found && { version: found.version, byRole: found.byRole, at: found.at, reviewAt: found.reviewAt };
    },
    async history(kind, id, lang) {
      const rows = await db
        .selectFrom('content_verifications')
        .select(['version', 'verified_by_role', 'verified_at', 'review_at'])
        .where('kind', '=', kind)
        .where('content_id', '=', id)
        .where('lang', '=', lang)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ version: r.version, byRole: r.verified_by_role, at: Number(r.verified_at), reviewAt: Number(r.review_at) }));
    },
  };
}
