/**
 * Compiled term patterns and a fast matcher over token lists. A pattern is one or more
 * words; a word ending in `*` matches by prefix ("передоз*" matches "передозняк"). Words of
 * five letters or more (prefixes of four or more) also match by consonant skeleton, which
 * absorbs most one-vowel typos ("дышет", "ne dishit").
 */
import { skeleton, tokenize } from './normalize.ts';

/** One word of a pattern. */
interface WordPattern {
  text: string;
  prefix: boolean;
  /** Skeleton for typo-tolerant matching, or null when the word is too short for it. */
  skel: string | null;
}

/** A compiled term: the words to match, and what a match means. */
export interface CompiledTerm {
  /** Distinct per compiled term, so a term counts once per message. */
  id: number;
  /** What a match stands for, e.g. `need:overdose`, `urgent:suicide`, `ctx:past`. */
  tag: string;
  /** Weight of a match (need terms); 1 for cues. */
  weight: number;
  words: WordPattern[];
}

/** One match of a term in a message. */
export interface TermHit {
  term: CompiledTerm;
  /** Index of the first and last matched token. */
  start: number;
  end: number;
  /** 1 for an exact match, less when a word matched only by skeleton. */
  strength: number;
}

/** A message prepared for matching: tokens and their skeletons. */
export interface PreparedTokens {
  tokens: string[];
  skeletons: string[];
}

const NEGATIONS = new Set(['не', 'ни', 'нет', 'not', 'no', 'cant', 'wont', 'isnt', 'dont', 'doesnt', 'never']);
const FUZZY_STRENGTH = 0.75;
/** Shortest word matched with typos, per language: short English words are too alike. */
const MIN_FUZZY_WORD = { ru: 5, en: 6 } as const;
const MIN_SKELETON = 3;

function compileWord(raw: string, minFuzzyWord: number): WordPattern[] {
  const prefix = raw.endsWith('*');
  const words = tokenize(prefix ? raw.slice(0, -1) : raw).tokens;
  return words.map((text, i) => {
    const isPrefix = prefix && i === words.length - 1;
    const skel = skeleton(text);
    const fuzzy = text.length >= (isPrefix ? minFuzzyWord - 1 : minFuzzyWord) && skel.length >= MIN_SKELETON;
    return { text, prefix: isPrefix, skel: fuzzy ? skel : null };
  });
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Levenshtein distance of two short strings, or `limit + 1` as soon as it exceeds `limit`. */
export function boundedDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length] ?? limit + 1;
}

/** Typos allowed in a word of this length. */
const typoLimit = (length: number): number => (length >= 8 ? 2 : 1);

/**
 * Strength of one word match: 1 exact, FUZZY_STRENGTH for a near miss (same consonant
 * skeleton and at most one or two typos), 0 none.
 */
function matchWord(word: WordPattern, token: string, skel: string): number {
  if (word.prefix ? token.startsWith(word.text) : token === word.text) return 1;
  if (word.skel === null || !(word.prefix ? skel.startsWith(word.skel) : skel === word.skel)) return 0;
  const limit = typoLimit(word.text.length);
  if (!word.prefix) return boundedDistance(word.text, token, limit) <= limit ? FUZZY_STRENGTH : 0;
  for (let len = word.text.length - limit; len <= word.text.length + limit; len++) {
    if (len > 0 && len <= token.length && boundedDistance(word.text, token.slice(0, len), limit) <= limit) return FUZZY_STRENGTH;
  }
  return 0;
}

/**
 * An index of compiled terms for one language, keyed by each term's first word so that a
 * message of n tokens costs about n * (word length) map look-ups.
 */
export class TermIndex {
  private readonly exact = new Map<string, CompiledTerm[]>();
  private readonly prefixes = new Map<string, CompiledTerm[]>();
  private readonly skelExact = new Map<string, CompiledTerm[]>();
  private readonly skelPrefixes = new Map<string, CompiledTerm[]>();
  private readonly vocabulary = new Set<string>();
  private readonly vocabularyPrefixes = new Set<string>();
  private minPrefix = Number.POSITIVE_INFINITY;
  private maxPrefix = 0;
  private minSkelPrefix = Number.POSITIVE_INFINITY;
  private maxSkelPrefix = 0;
  private nextId = 0;
  private readonly minFuzzyWord: number;

  /** An empty index; `lang` sets how long a word must be to be matched with typos. */
  constructor(lang: 'ru' | 'en') {
    this.minFuzzyWord = MIN_FUZZY_WORD[lang];
  }

  /**
   * Adds a pattern such as "не дыш*" with a tag and weight; returns false if it is empty.
   * With `exactOnly` no typos are allowed (context cues are short function words).
   */
  add(pattern: string, tag: string, weight = 1, exactOnly = false): boolean {
    const minFuzzy = exactOnly ? Number.POSITIVE_INFINITY : this.minFuzzyWord;
    const words = pattern.trim().split(/\s+/).flatMap((raw) => compileWord(raw, minFuzzy));
    const first = words[0];
    if (first === undefined) return false;
    const term: CompiledTerm = { id: this.nextId++, tag, weight, words };
    for (const w of words) (w.prefix ? this.vocabularyPrefixes : this.vocabulary).add(w.text);
    if (first.prefix) {
      push(this.prefixes, first.text, term);
      this.minPrefix = Math.min(this.minPrefix, first.text.length);
      this.maxPrefix = Math.max(this.maxPrefix, first.text.length);
      if (first.skel !== null) {
        push(this.skelPrefixes, first.skel, term);
        this.minSkelPrefix = Math.min(this.minSkelPrefix, first.skel.length);
        this.maxSkelPrefix = Math.max(this.maxSkelPrefix, first.skel.length);
      }
    } else {
      push(this.exact, first.text, term);
      if (first.skel !== null) push(this.skelExact, first.skel, term);
    }
    return true;
  }

  /** True when some pattern word matches the token exactly or by prefix (language guessing). */
  knows(token: string): boolean {
    if (this.vocabulary.has(token)) return true;
    const max = Math.min(token.length, this.maxPrefix);
    for (let len = this.minPrefix; len <= max; len++) if (this.vocabularyPrefixes.has(token.slice(0, len))) return true;
    return false;
  }

  /** All matches of all terms in the message, in order of their first token. */
  match(prepared: PreparedTokens): TermHit[] {
    const { tokens, skeletons } = prepared;
    const hits: TermHit[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] ?? '';
      const skel = skeletons[i] ?? '';
      seen.clear();
      this.tryTerms(this.exact.get(token), prepared, i, seen, hits);
      const maxP = Math.min(token.length, this.maxPrefix);
      for (let len = this.minPrefix; len <= maxP; len++) this.tryTerms(this.prefixes.get(token.slice(0, len)), prepared, i, seen, hits);
      if (skel.length >= MIN_SKELETON) {
        this.tryTerms(this.skelExact.get(skel), prepared, i, seen, hits);
        const maxS = Math.min(skel.length, this.maxSkelPrefix);
        for (let len = this.minSkelPrefix; len <= maxS; len++) this.tryTerms(this.skelPrefixes.get(skel.slice(0, len)), prepared, i, seen, hits);
      }
    }
    return hits;
  }

  /** Tries candidate terms whose first word may match the token at `start`. */
  private tryTerms(terms: CompiledTerm[] | undefined, prepared: PreparedTokens, start: number, seen: Set<number>, hits: TermHit[]): void {
    if (terms === undefined) return;
    const token = prepared.tokens[start] ?? '';
    const skel = prepared.skeletons[start] ?? '';
    for (const term of terms) {
      if (seen.has(term.id)) continue;
      seen.add(term.id);
      const first = term.words[0];
      if (first === undefined) continue;
      const hit = this.extend(term, prepared, start, matchWord(first, token, skel));
      if (hit !== null) hits.push(hit);
    }
  }

  /** Matches the rest of a term after its first word matched at `start`, allowing small gaps. */
  private extend(term: CompiledTerm, prepared: PreparedTokens, start: number, firstStrength: number): TermHit | null {
    if (firstStrength === 0) return null;
    let strength = firstStrength;
    let pos = start;
    for (let w = 1; w < term.words.length; w++) {
      const word = term.words[w] as WordPattern;
      const prevWord = term.words[w - 1] as WordPattern;
      const maxGap = NEGATIONS.has(prevWord.text) ? 1 : 2;
      let found = -1;
      for (let j = pos + 1; j <= pos + 1 + maxGap && j < prepared.tokens.length; j++) {
        const s = matchWord(word, prepared.tokens[j] ?? '', prepared.skeletons[j] ?? '');
        if (s > 0) {
          found = j;
          strength = Math.min(strength, s);
          break;
        }
      }
      if (found < 0) return null;
      pos = found;
    }
    return { term, start, end: pos, strength };
  }
}
