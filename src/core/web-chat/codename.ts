import { randomInt } from 'node:crypto';
import type { Language } from '../types.ts';
import { EN_WORDS, RU_WORDS } from './words.ts';

/** How many words a codename has. */
export const CODENAME_WORDS = 7;

/** The word list of a language. */
export function wordsFor(language: Language): readonly string[] {
  return language === 'ru' ? RU_WORDS : EN_WORDS;
}

/**
 * Bits of entropy of a codename in a language: {@link CODENAME_WORDS} × log2(list size).
 * English: 7 × log2(595) ≈ 64.5 bits; Russian: 7 × log2(793) ≈ 67.4 bits. Guessing any one of
 * a million live codenames at the chat's limit of failed tries (30 a minute, for everyone
 * together) would take about 1.6 million years.
 */
export function codenameBits(language: Language): number {
  return CODENAME_WORDS * Math.log2(wordsFor(language).length);
}

/** A fresh codename: words drawn uniformly with the CSPRNG, joined by hyphens (`oak-lantern-…`). */
export function newCodename(language: Language): string {
  const words = wordsFor(language);
  return Array.from({ length: CODENAME_WORDS }, () => words[randomInt(words.length)]).join('-');
}

/**
 * The one spelling of a codename that is hashed: lower case, ё as е, words separated by
 * single hyphens whatever the person typed between them (spaces, commas, new lines).
 * Undefined when it cannot be a codename (too few or too many words, other characters).
 */
export function normaliseCodename(typed: string): string | undefined {
  const words = typed
    .toLowerCase()
    .replace(/ё/g, 'е')
    .split(/[^a-zа-я]+/u)
    .filter((w) => w !== '');
  if (words.length !== CODENAME_WORDS || words.some((w) => w.length > 20)) return undefined;
  return words.join('-');
}
