/**
 * Reads the language of a message: Cyrillic is Russian; Latin is English unless the words
 * read as transliterated Russian ("drug ne dyshit pomogite"), in which case they are
 * transliterated to Cyrillic and read as Russian.
 */
import { transliterate, type Tokens } from './normalize.ts';
import type { TermIndex } from './term-index.ts';
import type { TriageLang } from './types.ts';

/** Common Russian words as people type them in Latin letters. */
const RU_LATIN = new Set(
  ('ne net chto shto cto kak gde kuda ya mne menya menia ona oni na posle pri dlya dlia eto est ' +
    'nado nuzhno mozhno pomogite pomogi srochno seychas sejchas sechas segodnya kto zdes privet spasibo ochen ' +
    'uzhe tolko kogda skolko pochemu ili ego ee nas vas vy ty moy moi moya druga podruga brat muzh zhena ' +
    'chelovek plokho khorosho horosho tut tam vse vsyo bolshe nichego delat chem posle peredoz dyshit ' +
    'kumar lomka lomaet zhit hochu khochu dozy doza').split(' '),
);

/** Common English words, to tell English from transliterated Russian. */
const EN_COMMON = new Set(
  ('the a an is are was i im my me you your he hes she shes it its we they them him her of to in on at for ' +
    'with and or not no how what where when who why can do does did have has had be been this that there ' +
    'after before help please pls now just get got want need after up out off so if too very').split(' '),
);

/** The language and tokens to read the message with. */
export interface ReadAs {
  lang: TriageLang;
  tokens: string[];
}

/** Chooses the language; the hint only decides when the letters cannot. */
export function detectLanguage(input: Tokens, indexes: Record<TriageLang, TermIndex>, hint?: TriageLang): ReadAs {
  if (input.cyrillic > 0 && input.cyrillic >= input.latin) return { lang: 'ru', tokens: input.tokens };
  if (input.latin === 0) return { lang: hint ?? 'ru', tokens: input.tokens };
  let en = 0;
  for (const token of input.tokens) if (EN_COMMON.has(token) || indexes.en.knows(token)) en += 1;
  // Clearly English: skip transliteration (the common case, and the costly part).
  if (en * 2 > input.tokens.length && !input.tokens.some((t) => RU_LATIN.has(t))) return { lang: 'en', tokens: input.tokens };
  let ru = 0;
  const cyrillic = input.tokens.map(transliterate);
  input.tokens.forEach((token, i) => {
    if (RU_LATIN.has(token) || indexes.ru.knows(cyrillic[i] ?? '')) ru += 1;
  });
  if (ru > en || (ru === en && ru > 0 && hint === 'ru')) return { lang: 'ru', tokens: cyrillic };
  return { lang: 'en', tokens: input.tokens };
}
