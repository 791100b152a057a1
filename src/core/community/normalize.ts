/**
 * Text normalisation for moderation: undoes the tricks people use to slip a word past a
 * filter (Latin letters inside Cyrillic words and the reverse, digits for letters, repeated
 * letters, letters spaced or dotted apart, zero-width characters) so that one term list
 * catches them all. Terms go through the same functions, so both sides compare alike.
 */

/** Latin letters and digits that look like (or stand for) Cyrillic ones. */
const TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', k: 'к', m: 'м', n: 'п', o: 'о', p: 'р', r: 'г', t: 'т', u: 'и', x: 'х', y: 'у',
  '3': 'з', '0': 'о', '6': 'б', '4': 'ч', '@': 'а', '1': 'и',
};

/** Digits and symbols that stand for Latin letters (leetspeak). */
const TO_LATIN: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

const CYRILLIC = /[а-яё]/;
const LATIN = /[a-z]/;
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;

/** Collapses runs of the same character ("сууукааа" → "сука"). Terms are collapsed too. */
export function collapseRepeats(word: string): string {
  return word.replace(/(.)\1+/gu, '$1');
}

/**
 * One token in the script it is mostly written in: a word with any Cyrillic letter gets its
 * Latin look-alikes and digits turned Cyrillic; a Latin word gets leetspeak digits turned
 * into letters. Returns the token collapsed.
 */
export function unifyScript(token: string): string {
  if (CYRILLIC.test(token)) {
    return collapseRepeats([...token].map((ch) => TO_CYRILLIC[ch] ?? ch).join('').replace(/ё/g, 'е').replace(/й/g, 'и'));
  }
  if (LATIN.test(token)) return collapseRepeats([...token].map((ch) => TO_LATIN[ch] ?? ch).join(''));
  return token;
}

/**
 * A Latin-only token read as Russian written in look-alike letters ("cyka" → "сука"), or
 * undefined when some letter has no Cyrillic look-alike.
 */
export function asCyrillic(token: string): string | undefined {
  if (!LATIN.test(token) || CYRILLIC.test(token)) return undefined;
  let out = '';
  for (const ch of token) {
    const mapped = TO_CYRILLIC[ch];
    if (mapped === undefined) return undefined;
    out += mapped;
  }
  return collapseRepeats(out);
}

/** What the detector works on: the normalised words and the links found. */
export interface NormalizedText {
  /** Words after script unification and collapsing, in order. */
  tokens: string[];
  /** Cyrillic readings of Latin-only tokens (index-aligned with `tokens`; '' if none). */
  cyrillic: string[];
  /** URLs, t.me links and bare domains found in the text (lower case). */
  links: string[];
  /** Telegram @handles found in the text (lower case, without "@"). */
  handles: string[];
  /** The lower-cased text with invisible characters removed (for number patterns). */
  flat: string;
}

const URL = /\b(?:https?:\/\/|www\.)[^\s]+|\b(?:t|telegram)\.me\/[^\s]+|\b[a-z0-9][a-z0-9-]{1,62}\.(?:onion|com|ru|net|org|xyz|io|me|cc|top|shop|site|online|store|biz|info|link|su|рф|ly|gg|to|pw|club)\b(?:\/[^\s]*)?/giu;
const HANDLE = /(?:^|[^\w@])@([a-z0-9_]{4,32})\b/giu;

/**
 * Normalises a chat message for matching: lower case, NFKC, invisible characters removed,
 * letters spaced apart ("з а к л а д к и", "f.u.c.k") joined, asterisks and dots inside a
 * word dropped, scripts unified and repeats collapsed.
 *
 * @example
 * normalizeForModeration('ты  д е б и л').tokens // ['ты', 'дебил']
 */
export function normalizeForModeration(text: string): NormalizedText {
  const flat = text.normalize('NFKC').toLowerCase().replace(INVISIBLE, '');
  const links = [...flat.matchAll(URL)].map((m) => m[0]);
  const handles = [...flat.matchAll(HANDLE)].map((m) => m[1] ?? '').filter(Boolean);
  let rest = flat.replace(URL, ' ');
  // Letters spaced or dotted apart: four or more single characters in a row become one word.
  rest = rest.replace(/(?:^|(?<=\s))(?:[\p{L}\d@$][\s.\-_*,]+){2,}[\p{L}\d@$](?=\s|$|[!?.,])/gu, (run) => run.replace(/[\s.\-_*,]+/g, ''));
  const raw = rest.split(/[^\p{L}\d@$*]+/u).filter(Boolean);
  const tokens: string[] = [];
  const cyrillic: string[] = [];
  for (const word of raw) {
    // "с*ка", "f*ck": an asterisk stands for a hidden letter; keep it as a wildcard marker.
    const token = unifyScript(word.replace(/^[@$]+|[@$*]+$/g, '').replace(/[.]/g, ''));
    if (token === '') continue;
    tokens.push(token);
    cyrillic.push(asCyrillic(token) ?? '');
  }
  return { tokens, cyrillic, links, handles, flat };
}

/** Normalises a term from a rule list the same way (without the wildcard handling). */
export function normalizeTerm(term: string): string {
  return term
    .normalize('NFKC')
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => (w.startsWith('=') ? `=${unifyScript(w.slice(1))}` : unifyScript(w)))
    .join(' ');
}
