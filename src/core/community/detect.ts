import { normalizeForModeration, normalizeTerm, type NormalizedText } from './normalize.ts';
import type { ModerationCategory, ModerationRules, ModerationTerms } from './moderation-rules.ts';

/** Why a message is offending: the category and the signals that decided it (no text). */
export interface ModerationVerdict {
  category: ModerationCategory;
  signals: string[];
}

/** One compiled term: its words, each a stem (prefix) or an exact word. */
interface Term {
  words: { text: string; exact: boolean }[];
}

type TermSets = Record<keyof ModerationTerms, Term[]>;

function compile(terms: readonly string[]): Term[] {
  return terms
    .map(normalizeTerm)
    .filter(Boolean)
    .map((t) => ({ words: t.split(' ').map((w) => (w.startsWith('=') ? { text: w.slice(1), exact: true } : { text: w, exact: false })) }));
}

/** A token matches a word; `*` in the token stands for any one letter ("с*ка"). */
function wordMatches(token: string, word: { text: string; exact: boolean }): boolean {
  if (token === '') return false;
  if (!token.includes('*')) return word.exact ? token === word.text : token.startsWith(word.text);
  if (word.exact ? token.length !== word.text.length : token.length < word.text.length) return false;
  for (let i = 0; i < word.text.length; i++) if (token[i] !== '*' && token[i] !== word.text[i]) return false;
  return true;
}

/** Index of the first token where `term` starts, or -1. */
function findTerm(text: NormalizedText, term: Term): number {
  const n = term.words.length;
  for (let i = 0; i + n <= text.tokens.length; i++) {
    let ok = true;
    for (let j = 0; j < n && ok; j++) {
      const word = term.words[j];
      if (!word) break;
      ok = wordMatches(text.tokens[i + j] ?? '', word) || wordMatches(text.cyrillic[i + j] ?? '', word);
    }
    if (ok) return i;
  }
  return -1;
}

function positions(text: NormalizedText, terms: readonly Term[]): number[] {
  const found: number[] = [];
  for (const term of terms) {
    const at = findTerm(text, term);
    if (at >= 0) found.push(at);
  }
  return found;
}

const PRICE = /(?:^|[^\p{L}\d])\d+(?:[.,]\d+)?\s?(?:р|руб\p{L}*|₽|\$|usd|eur|€|евро|к|k|тыс\p{L}*|грн)(?![\p{L}])|\$\s?\d+/u;
const QUANTITY = /(?:^|[^\p{L}\d])\d+(?:[.,]\d+)?\s?(?:г|гр|грамм\p{L}*|g|gr|grams?|мг|mg|шт)(?![\p{L}])|\ba gram\b|\bза грамм/u;
/** "0.5 - 1500": a quantity and a price, as in a price list. */
const PRICE_LIST = /\d+(?:[.,]\d+)?\s*[-–—=:]\s*\d{3,}/u;

/** A compiled detector for one organisation's rules. */
export interface ModerationDetector {
  /** The verdict on a message, or undefined when it is ordinary talk. */
  check(text: string): ModerationVerdict | undefined;
}

/**
 * Compiles the rules into a detector. Drug words alone never offend; insults aimed at
 * oneself do not either. Hate, then dealing, then insults, spam and links, in that order.
 *
 * @example
 * const detector = createModerationDetector(DEFAULT_MODERATION_RULES);
 * detector.check('где взять налоксон'); // undefined
 * detector.check('продам меф, пиши в лс'); // { category: 'dealing', ... }
 */
export function createModerationDetector(rules: ModerationRules): ModerationDetector {
  const sets = Object.fromEntries(Object.entries(rules.terms).map(([k, v]) => [k, compile(v as string[])])) as TermSets;
  const allowed = rules.allowedDomains.map((d) => d.toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, ''));

  const linkAllowed = (link: string): boolean => {
    const host = link.replace(/^https?:\/\//, '').replace(/^www\./, '').split(/[/?#]/)[0] ?? '';
    return allowed.some((d) => host === d || host.endsWith(`.${d}`));
  };

  const detect = (raw: string): ModerationVerdict | undefined => {
    const text = normalizeForModeration(raw);
    const has = (key: keyof ModerationTerms) => positions(text, sets[key]).length > 0;
    const signals: string[] = [];
    const verdict = (category: ModerationCategory): ModerationVerdict | undefined => (rules.enabled[category] ? { category, signals } : undefined);

    if (has('hate')) {
      signals.push('slur');
      const v = verdict('hate');
      if (v) return v;
    }

    const links = text.links.filter((l) => !linkAllowed(l));
    const botHandles = text.handles.filter((h) => h.endsWith('bot'));
    const onion = text.links.some((l) => /\.onion\b/.test(l));
    const drug = has('drug');
    const offer = has('offer');
    const stash = has('stash');
    const shopHits = positions(text, sets.shop).length;
    const contact = has('contact') || text.handles.length > 0;
    const price = PRICE.test(text.flat) || PRICE_LIST.test(text.flat);
    const quantity = QUANTITY.test(text.flat);
    const harmReduction = has('harmReduction');
    const recruit = has('recruitRole') && has('recruitHook');
    const buy = has('buy') && drug && !harmReduction;
    const dealing =
      onion ||
      (shopHits > 0 && (drug || offer || contact || stash || links.length > 0 || botHandles.length > 0 || shopHits > 1)) ||
      (offer && (drug || price || contact || quantity || stash || botHandles.length > 0)) ||
      (stash && (offer || price || contact || links.length > 0)) ||
      (drug && (price || quantity) && (contact || offer || (price && quantity) || botHandles.length > 0)) ||
      (drug && botHandles.length > 0) ||
      recruit ||
      buy;
    if (dealing) {
      for (const [name, on] of [['drug', drug], ['offer', offer], ['stash', stash], ['shop', shopHits > 0], ['contact', contact], ['price', price], ['quantity', quantity], ['recruit', recruit], ['buy', buy], ['onion', onion]] as const) {
        if (on) signals.push(name);
      }
      const v = verdict('dealing');
      if (v) return v;
    }

    const strong = has('insultStrong');
    const soft = positions(text, sets.insultSoft);
    if (strong || soft.length > 0) {
      const aimed = has('secondPerson');
      const self = has('firstPerson');
      // A short message that is just an insult ("урод!", "заткнись, идиот") is aimed at someone.
      const vocative = text.tokens.length <= 4 && !self;
      if (strong || aimed || vocative) {
        signals.push(strong ? 'insult-strong' : 'insult-aimed');
        const v = verdict('insult');
        if (v) return v;
      }
    }

    const spamHits = positions(text, sets.spam).length;
    const spamStrong = has('spamStrong');
    const pushy = has('callToAction') || contact || links.length > 0 || price;
    if (spamStrong || spamHits >= 2 || (spamHits === 1 && pushy)) {
      signals.push('advertising');
      const v = verdict('spam');
      if (v) return v;
    }

    if (links.length > 0 || botHandles.length > 0) {
      signals.push(links.length > 0 ? 'link' : 'bot-handle');
      return verdict('link');
    }
    return undefined;
  };
  return { check: detect };
}
