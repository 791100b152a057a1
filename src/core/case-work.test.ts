import { describe, expect, it } from 'vitest';
import { looksIdentifying } from './case-work.ts';

describe('work report texts are checked for contact details', () => {
  it.each([
    'Call her on +7 999 123-45-67',
    'тел. 8(921)555 44 33',
    'номер 89215554433',
    'his number is 123-45-67',
    'wrote from ivan.petrov@mail.ru',
    'ник @marina_spb в телеге',
    'see https://t.me/somebody',
    'shop t.me/shopbot',
  ])('flags %s', (text) => {
    expect(looksIdentifying(text)).toBe(true);
  });

  it.each([
    'Veins hard to find since 24.11.2026, asked where else to inject.',
    'Took 2-3 doses a day, 300 mg; referred to the doctor on 01.12.',
    'Абсцесс на левой руке, температура 38.5, направлен к врачу',
    'Asked about the bus schedule; invited to the Tuesday stop.',
    'Cost of ART co-payment 1500-2000 rubles discussed',
  ])('leaves %s alone', (text) => {
    expect(looksIdentifying(text)).toBe(false);
  });
});
