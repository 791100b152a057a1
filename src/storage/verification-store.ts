import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** What kind of content a verification is about: shipped guides and articles, and reply snippets. */
export type ContentKind = 'guide' | 'article' | 'snippet';

/** A verification in force. */
export interface Verification {
  version: string;
  byRole: string;
  at: number;
  reviewAt: number;
}

/**
 * Doctors' verifications, read into memory so the emergency hot path never waits on a
 * query: `refresh()` reloads them (at start, after a verification, and now and then).
 */
export interface VerificationStore {
  /** Records that `role` verified this version now; valid until `reviewAt`. */
  verify(input: { kind: ContentKind; id: string; lang: string; version: string; role: string; at: number; reviewAt: number }): Promise<void>;
  refresh(): Promise<void>;
  /** The verification in force for exactly this version at `at`, if any. */
  current(kind: ContentKind, id: string, lang: string, version: string, at: number): Verification | undefined;
  /** Every latest verification (for `netreach content status`). */
  all(): Array<{ kind: ContentKind; id: string; lang: string } & Verification>;
  /** The latest verification of this item whatever its version or review date (as of the last refresh). */
  latest(kind: ContentKind, id: string, lang: string): Verification | undefined;
  /** Every verification of this item, oldest first, read from the database. */
  history(kind: ContentKind, id: string, lang: string): Promise<Verification[]>;
}

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
