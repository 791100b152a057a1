import { describe, expect, it } from 'vitest';
import { ACCESS_CODE_ALPHABET, codeFromStartPayload, generateAccessCode, normalizeAccessCode } from './access.ts';

describe('access codes', () => {
  it('uses only characters nobody confuses', () => {
    for (const ch of '0O1IL2Z5S8B6G') expect(ACCESS_CODE_ALPHABET).not.toContain(ch);
    for (let i = 0; i < 200; i++) expect(generateAccessCode()).toMatch(new RegExp(`^[${ACCESS_CODE_ALPHABET}]{4}-[${ACCESS_CODE_ALPHABET}]{4}$`));
  });

  it('reads a code typed with any case, spaces, dashes or Cyrillic look-alikes', () => {
    expect(normalizeAccessCode(' acde-fhjk ')).toBe('ACDEFHJK');
    expect(normalizeAccessCode('ACDE FHJK')).toBe('ACDEFHJK');
    expect(normalizeAccessCode('асdе—fhjк')).toBe('ACDEFHJK'); // Cyrillic а, с, е, к
    expect(normalizeAccessCode('ACDE-FHJ0')).toBeUndefined();
    expect(normalizeAccessCode('hello')).toBeUndefined();
    expect(codeFromStartPayload('c_ACDEFHJK')).toBe('ACDEFHJK');
    expect(codeFromStartPayload('welcome')).toBeUndefined();
  });
});
