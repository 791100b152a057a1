import { describe, expect, it } from 'vitest';
import { CODENAME_WORDS, codenameBits, newCodename, normaliseCodename, wordsFor } from './codename.ts';

describe('web chat codenames', () => {
  it.each(['ru', 'en'] as const)('draws %s codenames from a list of distinct plain words, at least 64 bits', (language) => {
    const words = wordsFor(language);
    expect(new Set(words).size).toBe(words.length);
    for (const w of words) expect(w).toMatch(language === 'ru' ? /^[а-я]+$/ : /^[a-z]+$/);
    expect(codenameBits(language)).toBeGreaterThanOrEqual(64);
    const codename = newCodename(language);
    expect(codename.split('-')).toHaveLength(CODENAME_WORDS);
    for (const w of codename.split('-')) expect(words).toContain(w);
    expect(normaliseCodename(codename)).toBe(codename);
  });

  it('reads a codename however it was typed, and refuses what cannot be one', () => {
    expect(normaliseCodename('  Ёлка, oak\nLamp  kite moon sun star ')).toBe('елка-oak-lamp-kite-moon-sun-star');
    expect(normaliseCodename('oak lamp kite')).toBeUndefined();
    expect(normaliseCodename('oak lamp kite moon sun star star star')).toBeUndefined();
    expect(normaliseCodename('<script> lamp kite moon sun star oak')).toBe('script-lamp-kite-moon-sun-star-oak');
  });

  it('never repeats in a thousand draws', () => {
    const drawn = new Set(Array.from({ length: 1000 }, () => newCodename('en')));
    expect(drawn.size).toBe(1000);
  });
});
