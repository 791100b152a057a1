/**
 * Text typed on the wrong keyboard layout: Russian typed with the English layout on
 * ("gjvjubnt" for "помогите", "pfcsgf." for "засыпаю"), or English typed with the Russian
 * one ("рудз" for "help"). People in a hurry on a phone or a shared computer do this; the
 * keys are the same, so the text can be read back exactly.
 */

/** Keys of the standard ЙЦУКЕН layout, by the character the US layout gives for the same key. */
const LATIN_TO_CYRILLIC: Record<string, string> = Object.fromEntries(
  [..."qwertyuiop[]asdfghjkl;'zxcvbnm,.`"].map((ch, i) => [ch, [...'йцукенгшщзхъфывапролджэячсмитьбюё'][i] ?? ch]),
);
const CYRILLIC_TO_LATIN: Record<string, string> = Object.fromEntries(Object.entries(LATIN_TO_CYRILLIC).map(([latin, cyrillic]) => [cyrillic, latin]));

/** Punctuation keys that are letters on the Russian layout: mapped only inside or at the end of a word. */
const PUNCTUATION_LETTERS = new Set(["[", "]", ";", "'", ',', '.', '`']);

/** Russian as it would read had the Russian layout been on: "gjvjubnt chjxyj" → "помогите срочно". */
export function latinLayoutToCyrillic(text: string): string {
  const chars = [...text.toLowerCase()];
  return chars
    .map((ch, i) => {
      if (PUNCTUATION_LETTERS.has(ch)) {
        // "pfcsgf." is "засыпаю", but a lone "," or "." between words stays punctuation.
        const before = chars[i - 1] ?? ' ';
        return /[a-z]/.test(before) || (PUNCTUATION_LETTERS.has(before) && /[a-z]/.test(chars[i - 2] ?? ' ')) ? (LATIN_TO_CYRILLIC[ch] ?? ch) : ch;
      }
      return LATIN_TO_CYRILLIC[ch] ?? ch;
    })
    .join('');
}

/** English as it would read had the English layout been on: "рудз" → "help". */
export function cyrillicLayoutToLatin(text: string): string {
  return [...text.toLowerCase()].map((ch) => CYRILLIC_TO_LATIN[ch] ?? ch).join('');
}
