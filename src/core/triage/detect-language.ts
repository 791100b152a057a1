/**
 * Reads the language of a message: Cyrillic is Russian; Latin is English unless the words
 * read as transliterated Russian ("drug ne dyshit pomogite"), in which case they are
 * transliterated to Cyrillic and read as Russian. Text that reads as neither but makes sense
 * on the other keyboard layout ("jy yt lsibn" for "он не дышит", "рудз" for "help") is read
 * as the person meant it.
 */
import { cyrillicLayoutToLatin, latinLayoutToCyrillic } from './keyboard-layout.ts';
import { tokenize, transliterate, type Tokens } from './normalize.ts';
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

/** Common Russian words (normalised: no ь, ъ or ё), to recognise Russian typed on the English layout. */
const RU_COMMON = new Set(
  ('не нет что как где куда я мне меня он она они его ее на в с у и а но по за из от до после при для это есть ' +
    'надо нужно можно помогите помоги срочно сейчас сегодня кто тут там все всё уже только когда почему или ' +
    'нас вас вы ты мой моя друг подруга брат муж жена плохо хорошо очень ничего делать что-то дышит дышать ' +
    'умирает умру хочу жить больше спасите скорая вызвать глаза сердце кровь таблетки доза передоз').split(' ').map((w) => w.replace(/[ьъ]/g, '').replace(/ё/g, 'е')),
);

/** The language and tokens to read the message with. */
export interface ReadAs {
  lang: TriageLang;
  tokens: string[];
}

/** Chooses the language; the hint only decides when the letters cannot. */
export function detectLanguage(input: Tokens, indexes: Record<TriageLang, TermIndex>, hint?: TriageLang, raw?: string): ReadAs {
  const knownRu = (tokens: readonly string[]) => tokens.filter((t) => RU_COMMON.has(t) || indexes.ru.knows(t)).length;
  const knownEn = (tokens: readonly string[]) => tokens.filter((t) => EN_COMMON.has(t) || indexes.en.knows(t)).length;
  if (input.cyrillic > 0 && input.cyrillic >= input.latin) {
    // Mostly unknown words: perhaps English typed with the Russian layout on ("рудз ршы дшзы").
    if (raw !== undefined && input.latin === 0 && input.tokens.length > 0) {
      const ru = knownRu(input.tokens);
      if (ru * 2 < input.tokens.length) {
        const swapped = tokenize(cyrillicLayoutToLatin(raw)).tokens;
        const en = knownEn(swapped);
        if (en > ru && en * 2 >= swapped.length) return { lang: 'en', tokens: swapped };
      }
    }
    return { lang: 'ru', tokens: input.tokens };
  }
  if (input.latin === 0) return { lang: hint ?? 'ru', tokens: input.tokens };
  const en = knownEn(input.tokens);
  // Clearly English: skip transliteration (the common case, and the costly part).
  if (en * 2 > input.tokens.length && !input.tokens.some((t) => RU_LATIN.has(t))) return { lang: 'en', tokens: input.tokens };
  let ru = 0;
  const cyrillic = input.tokens.map(transliterate);
  input.tokens.forEach((token, i) => {
    if (RU_LATIN.has(token) || indexes.ru.knows(cyrillic[i] ?? '')) ru += 1;
  });
  // Neither reads well: perhaps Russian typed with the English layout on ("jy yt lsibn").
  if (raw !== undefined && Math.max(ru, en) * 2 < input.tokens.length) {
    const swapped = tokenize(latinLayoutToCyrillic(raw)).tokens;
    const layout = knownRu(swapped);
    if (layout > Math.max(ru, en) && layout * 3 >= swapped.length) return { lang: 'ru', tokens: swapped };
  }
  if (ru > en || (ru === en && ru > 0 && hint === 'ru')) return { lang: 'ru', tokens: cyrillic };
  return { lang: 'en', tokens: input.tokens };
}
