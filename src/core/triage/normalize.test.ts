import { describe, expect, it } from 'vitest';
import { skeleton, tokenize, transliterate } from './normalize.ts';

describe('tokenize', () => {
  it('lowercases, maps ё, drops soft signs, punctuation and emoji', () => {
    expect(tokenize('ПОМОГИТЕ!!! Всё плохо 😱😱, отъехал').tokens).toEqual(['помогите', 'все', 'плохо', 'отехал']);
  });

  it('maps Latin look-alikes inside Cyrillic words', () => {
    // "пeредoз" with Latin e and o, "HE ДЫШИТ" with Latin H and E.
    expect(tokenize('пeредoз HE ДЫШИТ').tokens).toEqual(['передоз', 'не', 'дышит']);
  });

  it('collapses letter runs and drops apostrophes', () => {
    expect(tokenize("помогиииите he's not breathinggg").tokens).toEqual(['помогите', 'hes', 'not', 'breathing']);
  });

  it('counts Cyrillic and Latin letters', () => {
    const t = tokenize('друг not');
    expect([t.cyrillic, t.latin]).toEqual([4, 3]);
  });

  it('returns nothing for emoji only or empty text', () => {
    expect(tokenize('🙏🙏 ...').tokens).toEqual([]);
    expect(tokenize('').tokens).toEqual([]);
  });
});

describe('transliterate', () => {
  it('reads Russian typed in Latin letters', () => {
    expect(['ne', 'dyshit', 'pomogite', 'peredoz', 'hochu', 'zhit', 'seychas'].map(transliterate)).toEqual([
      'не', 'дышит', 'помогите', 'передоз', 'хочу', 'жит', 'сейчас',
    ]);
  });
});

describe('skeleton', () => {
  it('makes one-vowel typos agree', () => {
    expect(skeleton('передоз')).toBe(skeleton('перидоз'));
    expect(skeleton('дышит')).toBe(skeleton('дышет'));
    expect(skeleton('передоз')).not.toBe(skeleton('перевод'));
  });
});

describe('wrong keyboard layout', () => {
  it('reads Russian typed with the English layout on, and English typed with the Russian one', async () => {
    const { latinLayoutToCyrillic, cyrillicLayoutToLatin } = await import('./keyboard-layout.ts');
    expect(latinLayoutToCyrillic('Gjvjubnt chjxyj')).toBe('помогите срочно');
    expect(latinLayoutToCyrillic('pfcsgf.')).toBe('засыпаю');
    expect(latinLayoutToCyrillic('jy yt lsibn, cgfcbnt')).toBe('он не дышитб спасите');
    expect(latinLayoutToCyrillic('ukfpf[ , ntvyj')).toBe('глазах , темно');
    expect(cyrillicLayoutToLatin('рудз ршы дшзы')).toBe('help his lips');
  });
});
