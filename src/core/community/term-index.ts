import { normalizeTerm, type NormalizedText } from './normalize.ts';

/** One word of a term: a stem (prefix) or, with `=`, a whole word. */
interface TermWord {
  text: string;
  exact: boolean;
}

interface Term<L extends string> {
  list: L;
  words: TermWord[];
  /** Also match a Latin-only word read as Cyrillic look-alikes ("cyka"). */
  lookAlike: boolean;
  /** The last token this term was collected for (instead of a set per token). */
  seen: number;
}

/** Where a term was found: tokens `start` to `end` (exclusive). */
export interface Span {
  start: number;
  end: number;
}

/** Spans found per list, in token order. */
export type Hits<L extends string> = Record<L, Span[]>;

/** A node of the prefix trie: terms whose first word is a stem ending here, and the next letters. */
interface TrieNode<L extends string> {
  stems: Term<L>[];
  /** Children by character code. */
  next: Map<number, TrieNode<L>>;
}

/**
 * Transliterated readings match only words this long: shorter Russian words are too often
 * English ones read aloud ("ty" → "ты", "ne" → "не").
 */
const MIN_TRANSLIT = 4;

/** A token matches a word; `*` in the token stands for any one letter ("с*ка"). */
function wordMatches(token: string, word: TermWord): boolean {
  if (token === '') return false;
  if (!token.includes('*')) return word.exact ? token === word.text : token.startsWith(word.text);
  if (word.exact ? token.length !== word.text.length : token.length < word.text.length) return false;
  for (let i = 0; i < word.text.length; i++) if (token[i] !== '*' && token[i] !== word.text[i]) return false;
  return true;
}

/**
 * Term lists compiled into one index: a message is matched against every list at once, with
 * one walk down a letter trie per token instead of a scan over every term.
 */
export interface TermIndex<L extends string> {
  /** Every list's spans in the text. */
  find(text: NormalizedText): Hits<L>;
}

/**
 * Compiles named term lists (see moderation-rules.ts for the term syntax). Every list matches
 * transliterated Russian ("prodam") for words of four letters or more; only the lists in
 * `lookAlike` match Latin-only words read as Cyrillic look-alikes ("cyka" → "сука"): for the
 * others that reading mostly turns English words into Russian ones ("met" → "мет").
 */
export function compileTermIndex<L extends string>(lists: Readonly<Record<L, readonly string[]>>, lookAlike: ReadonlySet<L> = new Set()): TermIndex<L> {
  const names = Object.keys(lists) as L[];
  const exact = new Map<string, Term<L>[]>();
  const root: TrieNode<L> = { stems: [], next: new Map() };
  const all: Term<L>[] = [];
  for (const list of names) {
    for (const raw of lists[list]) {
      const normal = normalizeTerm(raw);
      if (normal === '') continue;
      const words = normal.split(' ').map((w) => (w.startsWith('=') ? { text: w.slice(1), exact: true } : { text: w, exact: false }));
      const first = words[0];
      if (!first || first.text === '') continue;
      const term = { list, words, lookAlike: lookAlike.has(list), seen: -1 };
      all.push(term);
      if (first.exact) {
        const bucket = exact.get(first.text);
        if (bucket) bucket.push(term);
        else exact.set(first.text, [term]);
        continue;
      }
      let node = root;
      for (let k = 0; k < first.text.length; k++) {
        const code = first.text.charCodeAt(k);
        let child = node.next.get(code);
        if (!child) {
          child = { stems: [], next: new Map() };
          node.next.set(code, child);
        }
        node = child;
      }
      node.stems.push(term);
    }
  }

  let stamp = 0;
  const take = (term: Term<L>, into: Term<L>[]) => {
    if (term.seen === stamp) return;
    term.seen = stamp;
    into.push(term);
  };
  const collect = (token: string, into: Term<L>[]) => {
    if (token === '') return;
    const whole = exact.get(token);
    if (whole) for (const t of whole) take(t, into);
    let node: TrieNode<L> | undefined = root;
    for (let k = 0; k < token.length && node; k++) {
      node = node.next.get(token.charCodeAt(k));
      if (node) for (const t of node.stems) take(t, into);
    }
  };

  return {
    find(text) {
      const hits = {} as Hits<L>;
      for (const n of names) hits[n] = [];
      const { tokens, cyrillic, translit } = text;
      const found: Term<L>[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i] ?? '';
        found.length = 0;
        stamp++;
        if (token.includes('*')) found.push(...all);
        else {
          collect(token, found);
          collect(cyrillic[i] ?? '', found);
          collect(translit[i] ?? '', found);
        }
        for (const term of found) {
          let ok = true;
          for (let j = 0; j < term.words.length && ok; j++) {
            const word = term.words[j];
            if (!word) break;
            ok =
              wordMatches(tokens[i + j] ?? '', word) ||
              (term.lookAlike && wordMatches(cyrillic[i + j] ?? '', word)) ||
              (word.text.length >= MIN_TRANSLIT && wordMatches(translit[i + j] ?? '', word));
          }
          if (!ok) continue;
          const spans = hits[term.list];
          const end = i + term.words.length;
          if (!spans.some((s) => s.start === i && s.end === end)) spans.push({ start: i, end });
        }
      }
      return hits;
    },
  };
}
