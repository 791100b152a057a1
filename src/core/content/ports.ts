/**
 * Ports: doctors' verifications of medical content, and the reply snippets of the knowledge base. Core declares them; storage implements them.
 * @module
 */
import type { Language } from '../types.ts';

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

/** One version of a reply snippet in one language. */
export interface SnippetVersion {
  id: string;
  lang: Language;
  /** {@link snippetVersion} of the title and body: the same text always has the same version. */
  version: string;
  title: string;
  body: string;
  createdByRole: string;
  createdAt: number;
}

/** Reply snippets with their versions: every edit is a new row, the newest per id and language is current. */
export interface ContentStore {
  /**
   * Saves a snippet's text as its new current version. Saving the text it already has adds
   * nothing (`created: false`), so a double click does not make a version.
   */
  saveSnippet(input: { id: string; lang: Language; title: string; body: string; role: string; at: number }): Promise<{ snippet: SnippetVersion; created: boolean }>;
  /** The current version of every snippet in every language, by id then language. */
  currentSnippets(): Promise<SnippetVersion[]>;
  /** The current version of one snippet, if it exists. */
  currentSnippet(id: string, lang: Language): Promise<SnippetVersion | undefined>;
  /** Every version of one snippet, oldest first. */
  snippetVersions(id: string, lang: Language): Promise<SnippetVersion[]>;
}
