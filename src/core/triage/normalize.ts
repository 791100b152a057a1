/**
 * Text normalisation for triage: what clients type (caps, typos, emoji, Latin letters that
 * look Cyrillic, transliterated Russian) becomes a list of lowercase tokens.
 */

/** Latin (and digit) look-alikes of Cyrillic letters, used inside mixed-script words. */
const LOOKALIKE: Record<string, string> = {
  A: 'А', B: 'В', C: 'С', E: 'Е', H: 'Н', K: 'К', M: 'М', O: 'О', P: 'Р', T: 'Т', X: 'Х', Y: 'У',
  a: 'а', b: 'ь', c: 'с', e: 'е', k: 'к', m: 'м', n: 'п', o: 'о', p: 'р', r: 'г', t: 'т', u: 'и',
  x: 'х', y: 'у', '0': 'о', '3': 'з', '6': 'б',
};

const TRANSLIT_MULTI: ReadonlyArray<readonly [string, string]> = [
  ['shch', 'щ'], ['sch', 'щ'], ['zh', 'ж'], ['kh', 'х'], ['ch', 'ч'], ['sh', 'ш'], ['ts', 'ц'],
  ['tz', 'ц'], ['yo', 'е'], ['jo', 'е'], ['yu', 'ю'], ['ju', 'ю'], ['ya', 'я'], ['ja', 'я'],
  ['ye', 'е'], ['je', 'е'], ['ia', 'ия'],
];

const TRANSLIT_SINGLE: Record<string, string> = {
  a: 'а', b: 'б', c: 'ц', d: 'д', e: 'е', f: 'ф', g: 'г', h: 'х', i: 'и', j: 'й', k: 'к', l: 'л',
  m: 'м', n: 'н', o: 'о', p: 'п', q: 'к', r: 'р', s: 'с', t: 'т', u: 'у', v: 'в', w: 'в', x: 'х',
  y: 'ы', z: 'з',
};

const MULTI_STARTS = new Set(TRANSLIT_MULTI.map(([latin]) => latin.charAt(0)));
const LATIN_VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
const SKELETON_DROP = new Set([...'аеиоуыэюяйaeiouy']);
const WORD = /[\p{L}\p{N}]+/gu;
const APOSTROPHES = /['’`ʼ‘]/g;
const HAS_CYRILLIC = /[а-яё]/i;
const HAS_LATIN = /[a-z]/i;

/** Longest input the triage reads; a Telegram message is at most 4,096 characters. */
export const MAX_TEXT_CHARS = 8192;

/** Tokens of a message and how many of their letters were Cyrillic or Latin. */
export interface Tokens {
  /** Lowercase words in reading order, look-alikes mapped, letter runs collapsed. */
  tokens: string[];
  /** Cyrillic letters seen. */
  cyrillic: number;
  /** Latin letters seen (in words that were not mixed-script). */
  latin: number;
}

/** Collapses runs of three or more equal characters: "помогииите" -> "помогите". */
function collapseRuns(word: string): string {
  return word.length < 3 ? word : word.replace(/(.)\1{2,}/gu, '$1');
}

/** Maps Latin look-alikes inside a word that also has Cyrillic letters. */
function mapLookalikes(word: string): string {
  let out = '';
  for (const ch of word) out += LOOKALIKE[ch] ?? ch;
  return out;
}

/**
 * Splits text into normalised tokens: lowercase, ё -> е, apostrophes dropped ("he's" ->
 * "hes"), emoji and punctuation removed, mixed-script words mapped to Cyrillic.
 */
export function tokenize(text: string): Tokens {
  const source = (text.length > MAX_TEXT_CHARS ? text.slice(0, MAX_TEXT_CHARS) : text).replace(APOSTROPHES, '');
  const tokens: string[] = [];
  // Latin-only words spelled with look-alikes ("HE" for "НЕ"), mapped if the text is Cyrillic.
  const lookalikeWords = new Map<number, string>();
  let cyrillic = 0;
  let latin = 0;
  for (const match of source.matchAll(WORD)) {
    let word = match[0];
    if (HAS_CYRILLIC.test(word)) {
      if (HAS_LATIN.test(word) || /[036]/.test(word)) word = mapLookalikes(word);
    } else if (HAS_LATIN.test(word) && [...word].every((ch) => ch in LOOKALIKE && !/\d/.test(ch))) {
      lookalikeWords.set(tokens.length, collapseRuns(mapLookalikes(word).toLowerCase()));
    }
    // ь and ъ are dropped: clients omit and swap them ("отьехал", "zhit" for "жить").
    word = collapseRuns(word.toLowerCase().replace(/ё/g, 'е').replace(/[ьъ]/g, ''));
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      if (code >= 0x430 && code <= 0x44f) cyrillic += 1;
      else if (code >= 97 && code <= 122) latin += 1;
    }
    tokens.push(word);
  }
  if (cyrillic > latin) for (const [i, word] of lookalikeWords) tokens[i] = word;
  return { tokens, cyrillic, latin };
}

/** Transliterates one Latin word to Cyrillic the way Russian speakers type it: "dyshit" -> "дышит". */
export function transliterate(word: string): string {
  if (!HAS_LATIN.test(word)) return word;
  let out = '';
  let i = 0;
  while (i < word.length) {
    let matched = false;
    if (MULTI_STARTS.has(word.charAt(i))) for (const [latinPart, cyr] of TRANSLIT_MULTI) {
      if (word.startsWith(latinPart, i)) {
        out += cyr;
        i += latinPart.length;
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const ch = word.charAt(i);
    const prev = i > 0 ? word.charAt(i - 1) : '';
    // "y" after a vowel is й ("moy", "seychas"); elsewhere ы ("dyshit").
    if (ch === 'y' && LATIN_VOWELS.has(prev)) out += 'й';
    else out += TRANSLIT_SINGLE[ch] ?? ch;
    i += 1;
  }
  return out;
}

/**
 * The consonant skeleton of a word, for typo-tolerant matching: vowels dropped and doubled
 * letters collapsed, so "передоз", "перидоз" and "peredoz" (transliterated) agree.
 */
export function skeleton(word: string): string {
  let out = '';
  let prev = '';
  for (const ch of word) {
    if (SKELETON_DROP.has(ch)) continue;
    if (ch !== prev) out += ch;
    prev = ch;
  }
  return out;
}
