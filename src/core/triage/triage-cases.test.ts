import { beforeAll, describe, expect, it } from 'vitest';
import type { Triage } from './create-triage.ts';
import { loadTriage } from '../../storage/files/load-triage.ts';

let triage: Triage;
beforeAll(async () => {
  triage = await loadTriage();
});

const cases: Array<[text: string, need: string, urgentKind: string | null]> = [
  // Advance question vs emergency.
  ['что делать при передозе? спрашиваю заранее', 'overdose', null],
  ['если вдруг кто-то не дышит что делать', 'overdose', null],
  ['вчера была передозировка, сейчас всё нормально', 'overdose', null],
  ['друг отъехал не дышит', 'overdose', 'overdose'],
  ['how do I use narcan', 'overdose', null],
  ["he's turning blue", 'overdose', 'overdose'],
  ['just in case, what do i do if someone stops breathing', 'overdose', null],
  ['last night he od’d but he is fine now', 'overdose', null],
  // A symptom told of the past is not an emergency now (a drug-alert report, say).
  ['очень сильные, у двоих была рвота и судороги вчера', 'overdose', null],
  // Suicide vs low mood.
  ['не хочу жить', 'psych_support', 'suicide'],
  ['покончу с собой сегодня', 'psych_support', 'suicide'],
  ['i want to end it all', 'psych_support', 'suicide'],
  ['грустно и одиноко сегодня', 'psych_support', null],
  ['feeling a bit down today', 'psych_support', null],
  // Typed on the wrong keyboard layout: read as meant.
  ['jy yt lsibn cgfcbnt', 'overdose', 'overdose'],
  ['rhjdm yt jcnfyfdkbdftncz', 'injection_severe', 'bleeding'],
  ['ult vj;yj dpznm yfkjrcjy&', 'hr_services', null],
  ['рудз ршы дшзы фку идгу', 'overdose', 'overdose'],
  // Bleeding.
  ['кровь хлещет из паха', 'injection_severe', 'bleeding'],
  ['немного кровит место укола', 'injection_minor', null],
  // Transliteration, typos, caps, emoji, mixed scripts, slang.
  ['peredoz u druga pomogite', 'overdose', 'overdose'],
  ['drug ne dyshit', 'overdose', 'overdose'],
  ['ne hochu zhit', 'psych_support', 'suicide'],
  ['ПЕРЕДОЗ!!! НЕ ДЫШИТ', 'overdose', 'overdose'],
  ['перидоз у друга, не дышет', 'overdose', 'overdose'],
  ['😱😱 он посинел 😱', 'overdose', 'overdose'],
  ['пoмoгитe, HE ДЫШИТ', 'overdose', 'overdose'],
  ['кумарит жестко, как переломаться', 'info_detox', null],
  ['dope sick af, what helps', 'info_detox', null],
  ['где взять баяны и нарколан', 'hr_services', null],
  ['вены пропали после ширки', 'injection_minor', null],
];

describe('hard cases', () => {
  it.each(cases)('%s -> %s / %s', (text, need, urgentKind) => {
    const result = triage.classify(text);
    expect(result.need).toBe(need);
    expect(result.urgentKind).toBe(urgentKind);
    expect(result.urgent).toBe(urgentKind !== null);
  });

  it('reads transliterated Russian as Russian and English as English', () => {
    expect(triage.classify('pomogite drug ne dyshit').lang).toBe('ru');
    expect(triage.classify('my friend is not breathing').lang).toBe('en');
  });

  it('empty, whitespace and emoji-only text are other, not urgent, in the hinted language', () => {
    for (const text of ['', '   ', '🙏🙏🙏', '?!']) {
      expect(triage.classify(text, 'en')).toEqual({ need: 'other', urgent: false, urgentKind: null, confidence: 0.5, lang: 'en', doubt: false });
    }
  });

  it('handles a 4,096-character message quickly and still finds the emergency at its end', () => {
    const filler = 'я просто хотел рассказать как прошел мой день и что было на работе '.repeat(80);
    const text = `${filler.slice(0, 4096 - 20)} друг не дышит`;
    expect(text.length).toBeLessThanOrEqual(4096);
    const start = performance.now();
    const result = triage.classify(text);
    expect(performance.now() - start).toBeLessThan(100);
    expect(result).toMatchObject({ urgent: true, urgentKind: 'overdose' });
  });

  it('keeps confidence within 0..1', () => {
    for (const [text] of cases) {
      const { confidence } = triage.classify(text);
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
  });
});
