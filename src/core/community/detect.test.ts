import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createModerationDetector } from './detect.ts';
import { MODEL_CLASSES, modelFeatures, type ModerationModel } from './moderation-model.ts';
import { DEFAULT_MODERATION_RULES, type ModerationRules } from './moderation-rules.ts';
import { normalizeForModeration, transliterate } from './normalize.ts';

const rulesOnly = createModerationDetector(DEFAULT_MODERATION_RULES);
const shipped = JSON.parse(readFileSync(new URL('../../../triage/moderation-model.json', import.meta.url), 'utf8')) as ModerationModel;
const withModel = createModerationDetector(DEFAULT_MODERATION_RULES, { model: shipped });
const verdict = (text: string) => rulesOnly.check(text);

/** A model that knows one word: every feature of `word` pushes towards `category` (tests only). */
function modelOf(word: string, category: (typeof MODEL_CLASSES)[number], weight: number): ModerationModel {
  const weights: Record<string, number[]> = {};
  for (const f of modelFeatures(normalizeForModeration(word))) weights[String(f)] = MODEL_CLASSES.map((c) => (c === category ? weight : 0));
  return { version: 1, classes: [...MODEL_CLASSES], bias: MODEL_CLASSES.map((c) => (c === 'ok' ? 2 : 0)), weights };
}

describe('moderation detector: ordinary talk stays', () => {
  it('leaves harm-reduction talk full of drug words, prices and dealing words alone', () => {
    for (const text of [
      'кто знает, где сегодня раздают налоксон у Сенной?',
      'после альфы третьи сутки трясёт, когда это отпустит',
      'в аптеке на углу шприцы по 12 рублей, берите там',
      'не ведитесь на объявления «курьер, 120к в неделю» — это вербовка, потом срок',
      'я пять лет назад сам раскладывал закладки, отсидел, теперь волонтёрю',
      'у меня лишние запечатанные иглы, отдам бесплатно, заберите в автобусе',
      'сколько грамм соли это уже передоз для новичка?',
      'нарколог в поликлинике сказал, что наркоманов они не лечат. Это законно?',
      'я такой идиот, опять забыл тест-полоски',
      'ты не дурак, просто устал, отдохни сегодня',
      'Does anyone have a spare narcan kit? Mine expired last week',
      'My cousin used to deal, now he runs a needle exchange',
      'hmu if you want company on the way to the clinic',
      'I can hook you up with the outreach nurse, she is great',
      'People keep DMing me offering pills, how do I report them?',
      'fuck, missed the van again',
    ]) {
      expect(rulesOnly.check(text), text).toBeUndefined();
    }
  });

  it('sends reported or quoted hate to review instead of removing it, and drops it when told by the one it hurt', () => {
    expect(verdict('на остановке кто-то написал «наркоманов надо сжигать», жуть')?.action).toBe('review');
    expect(verdict('мне соседка сказала, что торчки должны сдохнуть. Обидно')).toBeUndefined();
    expect(verdict('they called us junkies who should die, but we are people')).toBeUndefined();
  });

  it('never sends a greeting to review, even with the model', () => {
    for (const text of ['hi all', 'привет всем', 'спасибо!', 'morning folks', 'всем доброго утра']) expect(withModel.check(text), text).toBeUndefined();
  });
});

describe('moderation detector: situations, not phrases', () => {
  it('finds dealing: offers, coded stock, price lists, requests to buy and courier jobs', () => {
    for (const text of [
      'отдам пару грамм скорости недорого, Автово',
      '🍄❄️ в наличии, пиши',
      'кристалл 1г — 2800, 2г — 5000, самовывоз',
      'кто может подогнать гашиша до вечера?',
      'нужны кладмены в Купчино, выплаты каждый день',
      'подработка курьером: 3 часа в день, оплата сразу, пиши в телегу',
      'got percs and xans, dm for prices',
      'who can hook me up with some molly tonight, paying cash',
      'prodayu shishki, pishi v lichku',
    ]) {
      expect(verdict(text), text).toMatchObject({ category: 'dealing', action: 'remove' });
    }
  });

  it('finds hate toward people who use drugs as a group: death wishes, violence, dehumanising', () => {
    for (const text of [
      'нарики должны передохнуть, и город станет чище',
      'всех торчков бы на принудительные работы, а лучше расстрелять',
      'наркоманы — просто мусор',
      'зачем им налоксон? пусть дохнут',
      'junkies should all just die',
      'methheads are vermin',
      'Н А Р И К И   Д О Л Ж Н Ы   С Д О Х Н У Т Ь',
    ]) {
      expect(verdict(text), text).toMatchObject({ category: 'hate', action: 'remove' });
    }
  });

  it('finds insults aimed at someone, through spacing, repeats and look-alikes, not aimed at oneself', () => {
    for (const text of ['ты реально тупица', 'слышь, ты у р о д', 'посмотрите на этого клоуна', 'you are such a moooron', 'ты дeбилка']) {
      expect(verdict(text), text).toMatchObject({ category: 'insult', action: 'remove' });
    }
    expect(verdict('какая я дура, опять проспала автобус')).toBeUndefined();
  });

  it('removes spam and shop links, and sends a link in ordinary talk to review', () => {
    expect(verdict('Заработок без вложений, 7000 в день, пиши')).toMatchObject({ action: 'remove' });
    expect(verdict('наш бот: @zelenyi_kot_bot')).toMatchObject({ category: 'link', action: 'remove' });
    expect(verdict('меню тут: t . me / green_cat_spb')).toMatchObject({ category: 'link', action: 'remove' });
    expect(verdict('хорошая памятка по гепатиту https://hep-notes.example.org/c')).toMatchObject({ category: 'link', action: 'review' });
  });

  it('sends doubtful dealing to review: a price heard second hand, a request for an everyday-word substance', () => {
    expect(verdict('говорят, кристаллы сейчас по 3к за грамм, ужас')?.action).toBe('review');
    expect(verdict('у кого есть соль до завтра?')?.action).toBe('review');
  });
});

describe('moderation detector: rules and model together', () => {
  const model = modelOf('зелёнка', 'dealing', 8);
  const detector = createModerationDetector(DEFAULT_MODERATION_RULES, { model });

  it('lets the model alone send a message to review, and remove it only when nearly sure', () => {
    expect(detector.check('у кого сегодня зелёнка есть')).toEqual({ category: 'dealing', action: 'remove', signals: ['model'] });
    const doubtful = createModerationDetector(DEFAULT_MODERATION_RULES, { model, thresholds: { remove: 2 } });
    expect(doubtful.check('у кого сегодня зелёнка есть')).toEqual({ category: 'dealing', action: 'review', signals: ['model'] });
    expect(createModerationDetector(DEFAULT_MODERATION_RULES).check('у кого сегодня зелёнка есть')).toBeUndefined();
  });

  it('removes a weak rule finding the model confirms, but not one weak because of its context', () => {
    expect(detector.check('у кого есть соль? зелёнка тоже пойдёт')?.action).toBe('remove');
    expect(detector.check('говорят, зелёнка и кристаллы сейчас по 3к за грамм')?.action).toBe('review');
  });
});

describe('moderation detector: an organisation rules file', () => {
  const own: ModerationRules = {
    ...DEFAULT_MODERATION_RULES,
    terms: { ...DEFAULT_MODERATION_RULES.terms, shop: [...DEFAULT_MODERATION_RULES.terms.shop, '=зелёныйкот'], drug: [...DEFAULT_MODERATION_RULES.terms.drug, 'зелёнк'] },
    allowedDomains: ['ourngo.org'],
  };
  const detector = createModerationDetector(own);

  it('adds its own terms to the situations and lets its domains through', () => {
    expect(detector.check('зелёныйкот снова работает, пиши')).toMatchObject({ category: 'dealing', action: 'remove' });
    expect(detector.check('продам зелёнку')).toMatchObject({ category: 'dealing', action: 'remove' });
    expect(detector.check('расписание на https://ourngo.org/bus')).toBeUndefined();
  });

  it('leaves a disabled category to workers', () => {
    const noLinks = createModerationDetector({ ...DEFAULT_MODERATION_RULES, enabled: { ...DEFAULT_MODERATION_RULES.enabled, link: false } });
    expect(noLinks.check('t.me/quiet_garden_club')).toBeUndefined();
  });
});

describe('normalisation', () => {
  it('undoes tricks without touching ordinary words or numbers', () => {
    expect(normalizeForModeration('з.а.к.л.а.д.к.и').tokens).toEqual(['закладки']);
    expect(normalizeForModeration('Н А Р И К И   Д О Л Ж Н Ы').tokens).toEqual(['нарики', 'должны']);
    expect(normalizeForModeration('а я с ним').tokens).toEqual(['а', 'я', 'с', 'ним']);
    expect(normalizeForModeration('0.5 г за 3к').tokens).toEqual(['0', '5', 'г', 'за', '3к']);
    expect(normalizeForModeration('Сууукааа').tokens).toEqual(['сука']);
    expect(normalizeForModeration("don't").tokens).toEqual(['dont']);
    expect(normalizeForModeration('night').cyrillic).toEqual(['']); // no Cyrillic look-alike for i, g
  });

  it('finds links written to slip past a filter', () => {
    expect(normalizeForModeration('заходи t . m e / kot_spb').links).toEqual(['t.me/kot_spb']);
    expect(normalizeForModeration('hxxps://kot[.]top/menu').links).toEqual(['https://kot.top/menu']);
    expect(normalizeForModeration('пиши @k0t_b0t').handles).toEqual(['kot_bot']);
  });

  it('reads transliterated Russian, and marks quotes and sentences', () => {
    expect(transliterate('prodayu')).toBe('продаю');
    expect(transliterate('narkoshi')).toBe('наркоши');
    expect(transliterate('l33t')).toBeUndefined();
    const text = normalizeForModeration('Он сказал: «уходи». Я ушёл');
    expect(text.quoted).toEqual([false, false, true, false, false]);
    expect(text.sentence).toEqual([0, 0, 0, 1, 1]);
  });
});
