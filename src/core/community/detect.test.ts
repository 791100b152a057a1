import { describe, expect, it } from 'vitest';
import { createModerationDetector } from './detect.ts';
import { DEFAULT_MODERATION_RULES } from './moderation-rules.ts';
import { normalizeForModeration } from './normalize.ts';

const detector = createModerationDetector(DEFAULT_MODERATION_RULES);
const category = (text: string) => detector.check(text)?.category;

describe('moderation detector', () => {
  it('leaves harm-reduction talk full of drug words alone', () => {
    for (const text of [
      'где взять налоксон',
      'как безопаснее колоть',
      'поднял закладку, а там каша, кто тестировал реагентом?',
      'соли сейчас очень сильные, начинайте с малого',
      'кто знает, где найти метадоновую программу?',
      'где достать тест-полоски на фентанил?',
      'я такой идиот, опять забыл шприцы дома',
      'Where can I get fentanyl test strips?',
      'Start low and go slow, the coke going around is cut',
      'damn this withdrawal is killing me',
    ]) {
      expect(category(text), text).toBeUndefined();
    }
  });

  it('finds insults aimed at someone, through spacing, repeats and mixed scripts', () => {
    expect(category('ты тупой дебил')).toBe('insult');
    expect(category('ты д е б и л')).toBe('insult');
    expect(category('ты дeбил')).toBe('insult'); // Latin e
    expect(category('мрааазь')).toBe('insult');
    expect(category('cyka ты')).toBe('insult'); // Russian in Latin look-alikes
    expect(category('you are an id1ot')).toBe('insult');
    expect(category('f u c k you')).toBe('insult');
  });

  it('finds dealing only with an offer, price, shop or contact beside the drug', () => {
    expect(category('продам меф, пишите в лс')).toBe('dealing');
    expect(category('з а к л а д к и по городу, пиши')).toBe('dealing');
    expect(category('прoдaм мeф')).toBe('dealing');
    expect(category('меф 1г - 2500р, доставка')).toBe('dealing');
    expect(category('требуются кладмены, высокий заработок')).toBe('dealing');
    expect(category('got coke, 80$ a gram, hit me up')).toBe('dealing');
    expect(category('кто продаст меф?')).toBe('dealing');
    expect(category('сколько держится меф в крови?')).toBeUndefined();
  });

  it('finds hate, spam and links, and lets allowed domains through', () => {
    expect(category('чурки опять понаехали')).toBe('hate');
    expect(category('Казино с бонусом, промокод в профиле')).toBe('spam');
    expect(category('заходите http://cheap.example.com')).toBe('link');
    const org = createModerationDetector({ ...DEFAULT_MODERATION_RULES, allowedDomains: ['ourngo.org'] });
    expect(org.check('расписание на https://ourngo.org/bus')).toBeUndefined();
  });

  it('normalises tricks without touching ordinary words', () => {
    expect(normalizeForModeration('з.а.к.л.а.д.к.и').tokens).toEqual(['закладки']);
    expect(normalizeForModeration('Сууукааа').tokens).toEqual(['сука']);
    expect(normalizeForModeration('night pharmacy').tokens).toEqual(['night', 'pharmacy']);
    expect(normalizeForModeration('night').cyrillic).toEqual(['']); // no Cyrillic look-alike for i, g
  });
});
