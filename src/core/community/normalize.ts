/**
 * Text normalisation for moderation: undoes the tricks people use to slip a word past a
 * filter (Latin letters inside Cyrillic words and the reverse, digits for letters, repeated
 * letters, letters spaced or dotted apart, zero-width characters, links written as
 * "t . me / x" or "hxxp") so that one term list catches them all. Terms go through the same
 * functions, so both sides compare alike.
 */

/** Latin letters and digits that look like (or stand for) Cyrillic ones. */
const TO_CYRILLIC: Readonly<Record<string, string>> = {
  a: 'а', b: 'в', c: 'с', e: 'е', h: 'н', k: 'к', m: 'м', n: 'п', o: 'о', p: 'р', r: 'г', t: 'т', u: 'и', x: 'х', y: 'у',
  '3': 'з', '0': 'о', '6': 'б', '4': 'ч', '@': 'а', '1': 'и',
};

/** Digits and symbols that stand for Latin letters (leetspeak). */
const TO_LATIN: Readonly<Record<string, string>> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's', '!': 'i' };

const CYRILLIC = /[а-яё]/;
/** Characters that may stand for Cyrillic letters inside a Cyrillic word. */
const MIXED = /[abcehkmnoprtuxy3064@1]/;
const LEET = /[013457@$!]/;
const LATIN = /[a-z]/;
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff]/g;

/** Collapses runs of the same character ("сууукааа" → "сука"). Terms are collapsed too. */
export function collapseRepeats(word: string): string {
  for (let i = 1; i < word.length; i++) if (word[i] === word[i - 1]) return word.replace(/(.)\1+/gu, '$1');
  return word;
}

/**
 * One token in the script it is mostly written in: a word with any Cyrillic letter gets its
 * Latin look-alikes and digits turned Cyrillic; a Latin word gets leetspeak digits turned
 * into letters. Returns the token collapsed.
 */
export function unifyScript(token: string): string {
  if (CYRILLIC.test(token)) {
    // Digits stand for letters only inside a word ("3акладки"), not before a unit ("3к", "2г").
    const digitsAreLetters = /\p{L}.*\p{L}/u.test(token);
    const mapped = MIXED.test(token) ? [...token].map((ch) => (DIGIT.test(ch) && !digitsAreLetters ? ch : (TO_CYRILLIC[ch] ?? ch))).join('') : token;
    return collapseRepeats(mapped.includes('ё') || mapped.includes('й') ? mapped.replace(/ё/g, 'е').replace(/й/g, 'и') : mapped);
  }
  if (LATIN.test(token)) return collapseRepeats(LEET.test(token) ? [...token].map((ch) => TO_LATIN[ch] ?? ch).join('') : token);
  return token;
}

/**
 * A Latin-only token read as Russian written in look-alike letters ("cyka" → "сука"), or
 * undefined when some letter has no Cyrillic look-alike.
 */
export function asCyrillic(token: string): string | undefined {
  if (!LATIN.test(token) || CYRILLIC.test(token)) return undefined;
  let out = '';
  for (let i = 0; i < token.length; i++) {
    const ch = token[i] ?? '';
    const mapped = TO_CYRILLIC[ch];
    if (mapped === undefined) return undefined;
    out += mapped;
  }
  return collapseRepeats(out);
}

/** Latin spellings of Russian sounds, longest first ("shch" before "sh" before "s"). */
const TRANSLIT: readonly (readonly [string, string])[] = [
  ['shch', 'щ'], ['sch', 'щ'], ['sh', 'ш'], ['ch', 'ч'], ['zh', 'ж'], ['kh', 'х'], ['ts', 'ц'], ['tz', 'ц'], ['ya', 'я'], ['ja', 'я'], ['yu', 'ю'], ['ju', 'ю'],
  ['yo', 'е'], ['jo', 'е'], ['ye', 'е'], ['a', 'а'], ['b', 'б'], ['v', 'в'], ['w', 'в'], ['g', 'г'], ['d', 'д'], ['e', 'е'], ['z', 'з'], ['i', 'и'],
  ['j', 'и'], ['k', 'к'], ['l', 'л'], ['m', 'м'], ['n', 'н'], ['o', 'о'], ['p', 'п'], ['r', 'р'], ['s', 'с'], ['t', 'т'], ['u', 'у'], ['f', 'ф'],
  ['h', 'х'], ['c', 'ц'], ['x', 'кс'], ['q', 'к'],
];
const VOWELS = 'аеиоуыэюя';

/**
 * A Latin-only token read as transliterated Russian ("prodam" → "продам", "sdohni" →
 * "сдохни"), or undefined for a token with other characters. "y" is "ы" after a consonant
 * and "й" (unified to "и") after a vowel.
 */
export function transliterate(token: string): string | undefined {
  if (!/^[a-z]+$/.test(token)) return undefined;
  let out = '';
  for (let i = 0; i < token.length; ) {
    if (token[i] === 'y' && !['a', 'u', 'o', 'e'].includes(token[i + 1] ?? '')) {
      out += VOWELS.includes(out.at(-1) ?? '') ? 'и' : 'ы';
      i++;
      continue;
    }
    const pair = TRANSLIT.find(([latin]) => token.startsWith(latin, i));
    if (!pair) return undefined;
    out += pair[1];
    i += pair[0].length;
  }
  return collapseRepeats(out);
}

/** What the detector works on: the normalised words and the links found. */
export interface NormalizedText {
  /** Words after script unification and collapsing, in order. */
  tokens: string[];
  /** Cyrillic readings of Latin-only tokens (index-aligned with `tokens`; '' if none). */
  cyrillic: string[];
  /** Transliterated readings of Latin-only tokens ("prodam" → "продам"; index-aligned, '' if none). */
  translit: string[];
  /** Index-aligned with `tokens`: the word stood inside quotation marks (quoted or reported speech). */
  quoted: boolean[];
  /** Index-aligned with `tokens`: the sentence the word stands in (sentences end at . ! ? ; …). */
  sentence: number[];
  /** URLs, t.me links and bare domains found in the text (lower case, obfuscation undone). */
  links: string[];
  /** Telegram @handles found in the text (lower case, without "@", leetspeak undone). */
  handles: string[];
  /** Pictographic emoji in the text, without variation selectors. */
  emoji: string[];
  /** The lower-cased text with invisible characters removed (for number patterns). */
  flat: string;
  /** The text ends a sentence with a question mark somewhere. */
  question: boolean;
}

const URL = /\b(?:https?:\/\/|www\.)[^\s]+|\b(?:t|telegram)\.me\/[^\s]+|\b[a-z0-9][a-z0-9-]{1,62}\.(?:onion|com|ru|net|org|xyz|io|me|cc|top|shop|site|online|store|biz|info|link|su|рф|ly|gg|to|pw|club|int|gov|edu|eu|de|uk|us)\b(?:\/[^\s]*)?/giu;
const HANDLE = /(?:^|[^\w@])@([a-z0-9_]{4,32})\b/giu;
const EMOJI = /\p{Extended_Pictographic}/gu;
const QUOTE_MARKS = '"«»“”„';
const SENTENCE_ENDS = '.!?;\n…';
const WRAPPERS = '@$*';
const DIGIT = /\d/;
/** A character of a word: a letter, a digit, or "@", "$", "*" that stand in for letters. */
function isWordChar(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0x430 && code <= 0x44f) || (code >= 0x30 && code <= 0x39) || code === 0x451) return true;
  if (ch === '@' || ch === '$' || ch === '*') return true;
  return code > 0x7f && LETTER.test(ch);
}
const LETTER = /\p{L}/u;
/** A Latin letter or digit, a dot and a letter, or "://": the only texts worth the link scan. */
const LINK_HINT = /[a-z0-9]\.[a-zр]|:\/\/|www/;

/** Two one-character words in a row: the only texts the spaced-letters pass can change. */
const SPACED_HINT = /(?:^|\s)[\p{L}@$*](?:[.\-_*,]\s?|\s)[\p{L}@$*](?:[.\-_*,]\s?|\s)/u;
/** One-letter Russian words: a run made only of them ("а я с ним") is ordinary text, not a word spelt out. */
const ONE_LETTER_WORDS = /^[аивскуояai]+$/u;

/**
 * Undoes ways of writing a link so a filter misses it: "hxxp", "[.]", "(dot)", spaces inside
 * "t . me / name" and "h t t p s : / /".
 */
function unobfuscateLinks(text: string): string {
  if (!/[/[({]|hxxp|dot/.test(text)) return text;
  return text
    .replace(/h\s?t\s?t\s?p(\s?s)?\s?:\s?\/\s?\//gu, (_m, s: string | undefined) => (s ? 'https://' : 'http://'))
    .replace(/\bhxxp(s?):\/\//gu, 'http$1://')
    .replace(/\s?(?:\[\.\]|\(\.\)|\[dot\]|\(dot\)|\{\.\})\s?/gu, '.')
    .replace(/\b(t|telegram)\s?(?:\.\s?)?m\s?e\s?\/\s?(?=[\w+])/gu, '$1.me/')
    .replace(/(https?:\/\/)\s+/gu, '$1');
}

/**
 * Normalises a chat message for matching: lower case, NFKC, invisible characters removed,
 * letters spaced apart ("з а к л а д к и", "f.u.c.k") joined (two or more spaces separate
 * words spelt out that way), apostrophes inside words dropped ("don't" → "dont"), asterisks
 * inside a word kept as a one-letter wildcard, scripts unified and repeats collapsed.
 *
 * @example
 * normalizeForModeration('ты  д е б и л').tokens // ['ты', 'дебил']
 */
export function normalizeForModeration(text: string): NormalizedText {
  const flat = text.normalize('NFKC').toLowerCase().replace(INVISIBLE, '');
  const unhidden = unobfuscateLinks(flat);
  const mayLink = LINK_HINT.test(unhidden);
  const links = mayLink ? [...unhidden.matchAll(URL)].map((m) => m[0]) : [];
  const handles = unhidden.includes('@') ? [...unhidden.matchAll(HANDLE)].map((m) => [...(m[1] ?? '')].map((ch) => TO_LATIN[ch] ?? ch).join('')).filter(Boolean) : [];
  // Pictographs lie outside the Basic Multilingual Plane's letters: skip the scan for plain text.
  const emoji = /[\u2600-\u27bf\ud83c-\ud83e]/.test(flat) ? [...flat.matchAll(EMOJI)].map((m) => m[0]) : [];
  let rest = links.length > 0 ? unhidden.replace(URL, ' ') : unhidden;
  if (/['’`]/.test(rest)) rest = rest.replace(/(?<=\p{L})['’`](?=\p{L})/gu, '');
  // Letters spaced or dotted apart: three or more single letters, one separator between each (digits stay numbers).
  if (SPACED_HINT.test(rest)) rest = rest.replace(/(?:^|(?<=\s))(?:[\p{L}@$*](?:[.\-_*,]\s?|\s)){2,}[\p{L}@$](?=\s|$|[!?.,])/gu, (run) => {
    const joined = run.replace(/[\s.\-_*,]+/g, '');
    return ONE_LETTER_WORDS.test(joined) ? run : joined;
  });
  const tokens: string[] = [];
  const cyrillic: string[] = [];
  const translit: string[] = [];
  const quoted: boolean[] = [];
  const sentence: number[] = [];
  let inQuote = false;
  let sentenceNo = 0;
  let start = -1;
  for (let i = 0; i <= rest.length; i++) {
    const ch = rest[i] ?? ' ';
    if (isWordChar(ch)) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0) {
      // "с*ка", "f*ck": an asterisk inside a word stands for a hidden letter; "@" and "$" around it go.
      let from = start;
      let to = i;
      while (from < to && WRAPPERS.includes(rest[from] ?? '')) from++;
      while (to > from && WRAPPERS.includes(rest[to - 1] ?? '')) to--;
      if (from < to) {
        const token = unifyScript(rest.slice(from, to));
        tokens.push(token);
        cyrillic.push(asCyrillic(token) ?? '');
        translit.push(transliterate(token) ?? '');
        quoted.push(inQuote);
        sentence.push(sentenceNo);
      }
      start = -1;
    }
    if (ch === "'") {
      // An apostrophe left here stands next to a space or an end: a quotation mark.
      inQuote = !inQuote;
    } else if (QUOTE_MARKS.includes(ch)) {
      inQuote = !inQuote;
    } else if (SENTENCE_ENDS.includes(ch)) {
      // "0.5" is a number, not the end of a sentence; "?!" ends one sentence.
      const number = ch === '.' && DIGIT.test(rest[i - 1] ?? '') && DIGIT.test(rest[i + 1] ?? '');
      if (!number && !SENTENCE_ENDS.includes(rest[i - 1] ?? ' ')) sentenceNo++;
    }
  }
  return { tokens, cyrillic, translit, quoted, sentence, links, handles, emoji, flat, question: flat.includes('?') };
}

/**
 * Normalises a term from a rule list the same way: its words split where a message's would
 * be ("aren't" → "arent", "a-pvp" → "a pvp"); `=` before a word keeps it whole-word.
 */
export function normalizeTerm(term: string): string {
  return term
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(?<=\p{L})['’`](?=\p{L})/gu, '')
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => {
      const exact = w.startsWith('=');
      const parts = (exact ? w.slice(1) : w).split(/[^\p{L}\d@$*]+/u).filter(Boolean).map(unifyScript);
      // Only the last word of "=a-pvp" is a whole word; the ones before it are whole anyway.
      return parts.map((p, i) => (exact || i < parts.length - 1 ? `=${p}` : p));
    })
    .join(' ');
}
