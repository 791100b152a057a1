import type { ModerationCategory, ModerationTerms } from './moderation-rules.ts';
import type { NormalizedText } from './normalize.ts';
import type { Hits, Span } from './term-index.ts';

/** How sure the rules are: `strong` removes, `weak` asks a worker. */
export type Strength = 'strong' | 'weak';

/** What the rules found for one category. */
export interface Finding {
  category: ModerationCategory;
  strength: Strength;
  /** Names of the signals that decided it (never text). */
  signals: string[];
  /**
   * Weak because of what surrounds it (a warning, hearsay, reported speech, a link in
   * harm-reduction talk), not for want of evidence: the model, which reads words and not
   * context, cannot confirm it.
   */
  contextual?: boolean;
}

/** A message as the situations read it: its normalised text, the spans of every term list, and helpers over them. */
export interface Reading {
  text: NormalizedText;
  hits: Hits<keyof ModerationTerms>;
  /** Links not on the organisation's allowed list. */
  links: string[];
  q: SpanQuery;
  /** A price ("2500р", "$60", "1г — 3к"). */
  price: boolean;
  /** A quantity ("2 гр", "an eighth"). */
  quantity: boolean;
}


/** Reads a message once for all the situations below. */
export function createReading(text: NormalizedText, hits: Hits<keyof ModerationTerms>, links: string[]): Reading {
  const hasDigit = /\d/.test(text.flat);
  return {
    text,
    hits,
    links,
    q: new SpanQuery(text, hits),
    price: hasDigit && (PRICE.test(text.flat) || PRICE_LIST.test(text.flat)),
    quantity: QUANTITY.test(text.flat),
  };
}

type List = keyof ModerationTerms;

const PRICE = /(?:^|[^\p{L}\d])\d+(?:[.,]\d+)?\s?(?:р|руб\p{L}*|₽|\$|usd|eur|€|евро|к|k|тыс\p{L}*|грн|bucks|dollars?)(?![\p{L}])|\$\s?\d+/u;
const QUANTITY = /(?:^|[^\p{L}\d])\d+(?:[.,]\d+)?\s?(?:г|гр|грамм\p{L}*|кг|g|gr|grams?|kg|oz|мг|mg|шт|капсул\p{L}*|блистер\p{L}*|таб\p{L}*|pcs)(?![\p{L}])|\b(?:an? )?(?:gram|eighth|8th|ounce|zip|half|quarter|point|ball)\b|(?<![\p{L}])за (?:грамм|гр|г|шт)(?![\p{L}])|пару грамм/u;
/** "0.5 - 1500", "1г — 3к", "3.5g 250": a quantity and a price, as in a price list. */
const PRICE_LIST = /\d+(?:[.,]\d+)?\s*[-–—=:]\s*\d{3,}|\d+(?:[.,]\d+)?\s?(?:г|гр|g|шт)\s*[-–—=:]?\s*\d{2,}|\d{2,}\s?(?:за|per|a|an)\s(?:грамм|гр|г|шт|g|gram|pill|tab|each|адрес|смену|клад)|\d+\s?each\b/u;
const OUR_PLURAL = new Set(['мы', 'нас', 'нам', 'нами', 'наш', 'наши', 'we', 'us', 'our', 'were']);
const THEM = new Set(['их', 'им', 'ими', 'них', 'этих', 'таких', 'them', 'em', 'these', 'those', 'they', 'theyre']);
const SUSPICIOUS_LINK = /(?:^|\/\/|\.)(?:t|telegram)\.me\/|\.onion\b|bit\.ly|tinyurl|cutt\.ly|\b\d{1,3}(?:\.\d{1,3}){3}\b|shop|store|market|plug|drop|klad|zakaz|magaz|stuff|mix|snow|candy|menu|dealer|vendor|bot\b|казино|casino|bet|promo|earn|money|crypto|bonus/u;

/**
 * Questions about the spans of one message's term lists. A class, so that a message costs no
 * new functions (the chat is moderated on the hot path).
 */
class SpanQuery {
  private readonly alive = new Map<List, Span[]>();

  constructor(
    private readonly text: NormalizedText,
    private readonly hits: Hits<keyof ModerationTerms>,
  ) {}

  spans(list: List): Span[] {
    return this.hits[list];
  }

  has(list: List): boolean {
    return this.hits[list].length > 0;
  }

  /** The token before a span (or the one before that) is a negation ("не", "not"). */
  negated(s: Span): boolean {
    return this.hits.negation.some((n) => n.end === s.start || n.end === s.start - 1);
  }

  /** The list's spans that are not negated. */
  live(list: List): Span[] {
    let found = this.alive.get(list);
    if (!found) {
      found = this.hits.negation.length === 0 ? this.hits[list] : this.hits[list].filter((s) => !this.negated(s));
      this.alive.set(list, found);
    }
    return found;
  }

  /** Separate places a list was found (overlapping spans, "в наличии" and "наличии", count once; negated ones not at all). */
  count(list: List): number {
    let n = 0;
    let end = -1;
    for (const s of this.live(list)) {
      if (s.start >= end) n++;
      end = Math.max(end, s.end);
    }
    return n;
  }

  sameSentence(a: Span, b: Span): boolean {
    return this.text.sentence[a.start] === this.text.sentence[b.start];
  }

  /** Some span of `a` and some span of `b` stand in one sentence. */
  together(a: readonly Span[], b: readonly Span[]): boolean {
    return a.some((x) => b.some((y) => this.sameSentence(x, y)));
  }

  /** Some span of `b` starts at most `gap` tokens after a span of `a` ends (or overlaps it). */
  follows(a: readonly Span[], b: readonly Span[], gap: number): boolean {
    return a.some((x) => b.some((y) => y.start >= x.start && y.start - x.end <= gap));
  }

  /** Spans of `a` and `b` in one sentence, at most `gap` tokens apart, either way round. */
  near(a: readonly Span[], b: readonly Span[], gap: number): boolean {
    return a.some((x) => b.some((y) => this.sameSentence(x, y) && Math.max(x.start, y.start) - Math.min(x.end, y.end) <= gap));
  }

  /** `b` follows `a` within `gap` tokens with no span of `blockers` between them. */
  leadsTo(a: readonly Span[], b: readonly Span[], gap: number, blockers: readonly Span[]): boolean {
    return a.some((x) => b.some((y) => y.start >= x.end && y.start - x.end <= gap && !blockers.some((z) => z.start >= x.end && z.start < y.start)));
  }

  /** Some token of the message is in `set`. */
  tokenIn(set: ReadonlySet<string>): boolean {
    return this.text.tokens.some((t) => set.has(t));
  }
}

/** Records a signal when it holds (a plain function: a message costs no new closures). */
function mark(signals: string[], name: string, on: boolean): boolean {
  if (on) signals.push(name);
  return on;
}

/**
 * Hate: a word for people who use drugs as a group (or a few other targeted groups, or a slur)
 * in one sentence with dehumanising words, with violence that is wished or ordered, or with
 * a death wish. Reported or quoted speech ("мне сказали: …"), or "we" about oneself, only
 * goes to a worker.
 */
export function findHate(r: Reading): Finding | undefined {
  const q = r.q;
  if (q.has('hate')) return { category: 'hate', strength: 'strong', signals: ['slur'] };
  const group = q.spans('pwud');
  const wish = q.live('wish');
  const sweep = q.spans('sweep');
  const violence = q.live('violence');
  const death = q.live('death');
  const dehumanise = q.live('dehumanise');
  const tokens = r.text.tokens;
  // A violent verb in the infinitive ("сжигать", "расстрелять") or followed by "them" is an order.
  const ordered = violence.filter((v) => /(?:ть|ти)$/u.test(tokens[v.end - 1] ?? '') || THEM.has(tokens[v.end] ?? '') || sweep.some((s) => s.start === v.end));
  const them = tokens.flatMap((t, i) => (THEM.has(t) ? [{ start: i, end: i + 1 }] : []));
  const signals: string[] = [];
  let strong = false;
  let weak = false;
  if (group.length > 0) {
    if (q.together(group, dehumanise)) signals.push('dehumanising');
    if (q.together(group, violence) && (q.together(group, wish) || q.together(group, sweep) || q.together(group, ordered))) signals.push('violence');
    if (q.together(group, death) && q.near(death, wish, 4)) signals.push('death-wish');
    // "пусть дохнут", "let them rot": a wish right before a death or violence word.
    if (q.follows(wish, [...death, ...violence], 2)) signals.push('death-wish');
    if (signals.length > 0) strong = true;
    else if (q.together(group, violence) || q.together(group, death)) weak = true;
  }
  if (!strong && them.length > 0) {
    // Without a group word, "them": ordered or wished violence ("стрелять их надо"), or a wish
    // right before a death ("зачем их спасать? пусть передознутся").
    if (q.together(them, ordered) || (q.together(them, violence) && q.together(them, wish))) signals.push('violence-them');
    else if (q.follows(wish, death, 2)) signals.push('death-wish-them');
    strong = signals.length > 0;
  }
  if (!strong && !weak) return undefined;
  const quoted = [...group, ...violence, ...death, ...dehumanise].some((span) => r.text.quoted[span.start] === true);
  const reported = quoted || q.has('reporting');
  // Told by the person it was said to ("мне сказали…", "my dad used to say…"): ordinary talk.
  if (reported && q.has('firstPerson')) return undefined;
  const ours = q.tokenIn(OUR_PLURAL);
  return { category: 'hate', strength: strong && !reported && !ours ? 'strong' : 'weak', signals: [...new Set(signals.length ? signals : ['group-harm'])], contextual: reported || ours };
}

/**
 * Dealing: an offer or a sale next to a substance, goods, stash words or coded emoji; a price
 * list; a request to buy a substance; recruiting for a stash network. Warnings about dealing
 * ("не покупайте в лс", "that's how they recruit"), harm-reduction goods ("где взять
 * налоксон") and questions about effects keep the weaker signs from counting.
 */
export function findDealing(r: Reading, stockEmoji: ReadonlySet<string>): Finding | undefined {
  const q = r.q;
  const t = r.text;
  const drugs = q.spans('drug');
  const common = q.spans('drugCommon');
  const plainDrug = drugs.filter((d) => !common.some((c) => c.start === d.start));
  const goods = [...drugs, ...q.spans('goods')];
  const emoji = new Set(t.emoji.map((e) => e.replace(/\ufe0f/g, '')).filter((e) => stockEmoji.has(e)));
  const product = goods.length > 0 || emoji.size > 0;
  const offer = q.live('offer');
  const availability = q.live('availability');
  const stash = q.has('stash');
  const shop = q.count('shop');
  const handles = t.handles.length > 0;
  const botHandles = t.handles.some((h) => /bot$/.test(h));
  const contact = q.has('contact') || handles;
  const { price, quantity } = r;
  const payment = q.has('payment');
  const harmReduction = q.has('harmReduction');
  const warning = q.has('warning');
  const askInfo = q.has('askInfo');
  const onion = r.links.some((l) => /\.onion\b/.test(l));
  // Prices told second hand or asked about ("говорят, по 3к за грамм", "сколько стоит?").
  const secondHand = q.has('reporting') || askInfo;
  const hearsay = secondHand || t.question;
  const links = r.links.length > 0;

  const signals: string[] = [];
  const sign = mark.bind(null, signals);
  // Strong situations.
  const sale =
    sign('offer', offer.length > 0 && (product || stash || price || quantity || ((contact || q.count('offer') >= 2) && !harmReduction))) ||
    sign('stock', availability.length > 0 && product && (contact || (q.count('availability') >= 2 && !secondHand) || ((price || quantity || emoji.size >= 2) && !hearsay))) ||
    sign('price-list', product && (price || quantity) && (contact || (price && quantity && !hearsay) || botHandles || emoji.size > 0) && !harmReduction) ||
    sign('emoji-stock', emoji.size >= 2 && (contact || availability.length > 0 || price)) ||
    sign('stash', stash && (offer.length > 0 || availability.length > 0 || price || contact || links || payment)) ||
    sign('shop', shop > 0 && (drugs.length > 0 || offer.length > 0 || contact || stash || links || botHandles || shop > 1 || (availability.length > 0 && !harmReduction))) ||
    sign('onion', onion) ||
    sign('bot', drugs.length > 0 && botHandles);
  // A request to buy: the substance follows the request closely, with no question about it in between.
  const buySpans = q.spans('buy');
  const blockers = [...q.spans('askInfo'), ...q.spans('harmReduction')];
  const purchase = q.spans('purchase');
  const buy =
    sign('buy', q.leadsTo(buySpans, [...plainDrug, ...q.spans('goods')], 2, blockers) && !harmReduction) ||
    sign('buy', q.leadsTo(purchase, [...drugs, ...q.spans('goods')], 3, blockers) && !harmReduction) ||
    sign('buy', q.has('buyStrong') && !harmReduction) ||
    sign('buy', (payment || quantity || q.count('buy') >= 2) && (q.has('buy') || purchase.length > 0) && (goods.length > 0 || quantity || (payment && q.count('buy') >= 2)) && !harmReduction && !askInfo);
  const roleHooks = q.count('recruitHook');
  // "не закладчиком" is someone refusing the job, not offering it.
  const roles = q.live('recruitRole').length > 0;
  const jobs = q.live('jobRole').length > 0;
  const recruit =
    sign('recruit', roles && (roleHooks > 0 || contact || price)) ||
    sign('recruit', jobs && roleHooks + (price ? 1 : 0) + (contact ? 1 : 0) >= 3);

  if (sale || buy || recruit) {
    // A warning about dealing, or a member telling what they were sent ("курьер 150к в неделю" —
    // это вербовка), stays; an advert that borrows a warning word but carries a link or a
    // handle still goes to a worker.
    if (warning) return links || handles ? { category: 'dealing', strength: 'weak', signals: [...signals, 'warning'], contextual: true } : undefined;
    return { category: 'dealing', strength: 'strong', signals };
  }
  if (warning || harmReduction || askInfo) return undefined;
  // Weak situations: one sign next to a substance, or a request for an everyday-word substance.
  const doubtful =
    sign('availability', availability.length > 0 && product && !t.question) ||
    sign('buy-common', q.leadsTo(buySpans, common, 2, blockers)) ||
    sign('price', product && (price || quantity) && contact) ||
    sign('job', jobs && roleHooks >= 2) ||
    sign('shop-wanted', shop > 0 && q.has('buy')) ||
    sign('emoji', emoji.size >= 2) ||
    sign('buy-paying', payment && (q.has('buy') || purchase.length > 0)) ||
    sign('price-hearsay', product && price && quantity);
  return doubtful ? { category: 'dealing', strength: 'weak', signals, contextual: signals.includes('price-hearsay') && hearsay } : undefined;
}

/**
 * Insults aimed at someone: a strong insult anywhere; a softer one with "you", a pointer at a
 * member ("этого лошару", "admin is"), a mention, or as a short message of its own. Said of
 * oneself ("я такой идиот") or negated ("ты не дурак") it is not an insult.
 */
export function findInsult(r: Reading): Finding | undefined {
  const q = r.q;
  const strong = q.live('insultStrong');
  const soft = q.live('insultSoft');
  if (strong.length === 0 && soft.length === 0) return undefined;
  if (strong.length > 0) return { category: 'insult', strength: 'strong', signals: ['insult-strong'] };
  const you = q.has('secondPerson');
  const self = q.has('firstPerson');
  const pointer = q.has('pointer') || r.text.handles.length > 0;
  const vocative = r.text.tokens.length <= 4 && !self;
  if (you || pointer || vocative) return { category: 'insult', strength: 'strong', signals: ['insult-aimed'] };
  return undefined;
}

/** Advertising: a strong advertising phrase, two advertising words, or one with a push to act. */
export function findSpam(r: Reading): Finding | undefined {
  const q = r.q;
  const spam = q.count('spam');
  const pushy = q.has('callToAction') || q.has('contact') || r.links.length > 0 || r.price || r.text.handles.length > 0;
  if (q.has('spamStrong')) return { category: 'spam', strength: 'strong', signals: ['advertising'] };
  if (q.has('harmReduction') || q.has('warning')) return spam >= 3 && pushy ? { category: 'spam', strength: 'weak', signals: ['advertising'], contextual: true } : undefined;
  if (spam >= 2 || (spam === 1 && pushy)) return { category: 'spam', strength: 'strong', signals: ['advertising'] };
  // A sale without any substance ("продаю аккаунты оптом") is advertising too.
  if (q.has('offer') && (q.has('availability') || q.has('contact') || r.price)) return { category: 'spam', strength: 'strong', signals: ['sale'] };
  return undefined;
}

/**
 * Links and bot handles. A Telegram link, an onion or shortened address, a bot, a link with
 * shop words, or a link alone or with a push to open it is removed; a link inside ordinary
 * talk (a guideline, a news article) goes to a worker.
 */
export function findLink(r: Reading): Finding | undefined {
  const q = r.q;
  const bots = r.text.handles.filter((h) => /bot$/.test(h) || SUSPICIOUS_LINK.test(h));
  if (r.links.length === 0 && bots.length === 0) {
    // "@name" with "бот", "канал", "оператор": a contact being advertised.
    const advertised = r.text.handles.length > 0 && (q.has('callToAction') || q.has('shop') || q.has('jobRole'));
    return advertised ? { category: 'link', strength: 'strong', signals: ['handle'] } : undefined;
  }
  // A member asking about a link or handle they were sent, or a link in harm-reduction talk: a worker looks.
  const telling = q.has('warning') || r.text.question || (q.has('harmReduction') && !q.has('shop'));
  if (bots.length > 0) return { category: 'link', strength: r.text.question ? 'weak' : 'strong', signals: ['bot-handle'], contextual: r.text.question };
  const suspicious = r.links.some((l) => SUSPICIOUS_LINK.test(l));
  const bare = r.text.tokens.length <= 4;
  if (suspicious || ((bare || q.has('callToAction') || q.has('spam') || q.has('shop')) && !telling)) return { category: 'link', strength: 'strong', signals: ['link'] };
  return { category: 'link', strength: 'weak', signals: ['link'], contextual: telling };
}
