/**
 * Compiles term sets (defaults plus an organisation's own) into one matcher per language.
 */
import { isNeedCode } from '../codebook.ts';
import { TermIndex } from './term-index.ts';
import type { ContextTerms, TermSet, TriageLang, UrgentTerms } from './types.ts';

/** Tag prefixes of compiled terms. */
export const NEED_TAG = 'need:';
/** Tag prefix of urgent cues, followed by a key of {@link UrgentTerms}. */
export const URGENT_TAG = 'urgent:';
/** Tag prefix of context cues, followed by a key of {@link ContextTerms}. */
export const CONTEXT_TAG = 'ctx:';

const URGENT_KEYS: ReadonlyArray<keyof UrgentTerms> = [
  'overdose', 'overdoseWeak', 'suicide', 'suicideWeak', 'bleeding', 'bleedingWeak', 'blockers',
];
const CONTEXT_KEYS: ReadonlyArray<keyof ContextTerms> = [
  'present', 'presentWeak', 'hypothetical', 'question', 'advance', 'past', 'resolved', 'story',
];

/** One matcher per language. Later term sets add to earlier ones; a repeated need term adds weight. */
export function compileTermSets(sets: readonly TermSet[]): Record<TriageLang, TermIndex> {
  const indexes: Record<TriageLang, TermIndex> = { ru: new TermIndex('ru'), en: new TermIndex('en') };
  for (const set of sets) {
    const index = indexes[set.lang];
    for (const [need, terms] of Object.entries(set.needs ?? {})) {
      if (!isNeedCode(need) || terms === undefined) continue;
      for (const [pattern, weight] of Object.entries(terms)) {
        if (Number.isFinite(weight)) index.add(pattern, NEED_TAG + need, weight);
      }
    }
    for (const key of URGENT_KEYS) for (const pattern of set.urgent?.[key] ?? []) index.add(pattern, URGENT_TAG + key);
    for (const key of CONTEXT_KEYS) for (const pattern of set.context?.[key] ?? []) index.add(pattern, CONTEXT_TAG + key, 1, true);
  }
  return indexes;
}
