import { describe, expect, it } from 'vitest';
import { createTranslator } from './i18n.ts';

describe('i18n', () => {
  const t = createTranslator();

  it('has the same messages in Russian and English', () => {
    expect([...t.keys('ru')].sort()).toEqual([...t.keys('en')].sort());
    expect(t.keys('en').length).toBeGreaterThan(5);
  });

  it('formats arguments in each language', () => {
    expect(t('en', 'staff-case-closed', { case: 7 })).toContain('#7');
    expect(t('ru', 'staff-alias-set', { alias: 'Саша' })).toContain('Саша');
    expect(t('ru', 'client-ack', { ambulance: '103, 112' })).toMatch(/[а-я]/);
    expect(t('en', 'client-ack', { ambulance: '103, 112' })).not.toMatch(/[а-я]/);
    expect(t('ru', 'client-ack', { ambulance: '103, 112' })).toContain('103, 112');
  });

  it('throws on a key missing everywhere', () => {
    expect(() => t('en', 'no-such-message')).toThrow(/missing message/);
  });
});
