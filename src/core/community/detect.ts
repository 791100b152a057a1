import { compileModel, modelFeatures, type ModerationModel } from './moderation-model.ts';
import type { ModerationCategory, ModerationRules, ModerationTerms } from './moderation-rules.ts';
import { normalizeForModeration } from './normalize.ts';
import { createReading, findDealing, findHate, findInsult, findLink, findSpam, type Finding } from './situations.ts';
import { compileTermIndex } from './term-index.ts';

/**
 * What moderation does with a message: `remove` it (and go up the ladder), or leave it and
 * ask a worker to `review` it, when the detector is in doubt. A false positive silences a
 * person asking for help, so doubt never deletes.
 */
export type ModerationAction = 'remove' | 'review';

/** Why a message is offending: the category, what to do and the signals that decided it (no text). */
export interface ModerationVerdict {
  category: ModerationCategory;
  action: ModerationAction;
  signals: string[];
}

/** Lists whose words people write in Latin look-alikes ("cyka", "xyu"). */
const LOOK_ALIKE_LISTS = new Set<keyof ModerationTerms>(['insultStrong', 'insultSoft', 'hate']);

/** A compiled detector for one organisation's rules. */
export interface ModerationDetector {
  /** The verdict on a message, or undefined when it is ordinary talk. */
  check(text: string): ModerationVerdict | undefined;
}

/** How the rules and the model are combined (compare settings with triage/train-moderation.ts --cv). */
export interface DetectorThresholds {
  /** A weak rule finding is removed when the model's probability of offending reaches this. */
  confirm: number;
  /** With no rule finding, a message goes to review when the model's probability reaches this. */
  review: number;
  /** With no rule finding, the model alone removes a message when its probability reaches this (above 1: never). */
  remove: number;
  /** A strong rule finding the model gives a probability of offending below this goes to review instead (0: never). */
  veto: number;
}

/**
 * Laughter ("😂", "lol", "ахах", "))"): an insult said laughing is, as often as not, banter
 * between friends, so it goes to a worker rather than being removed.
 */
const LAUGHING = /😂|🤣|😆|(?<![\p{L}])(?:lo+l|lmf?ao+|rofl|хах\p{L}*|ахах\p{L}*|аха|хех\p{L}*)(?![\p{L}])|\){2,}/u;

/** The model alone sends a message to review only when it has this many words. */
const MODEL_MIN_WORDS = 3;

/**
 * Defaults of {@link DetectorThresholds}, chosen leave-one-writer-out on the six independent
 * writers (src/cli/loso-moderation.ts): review high, because a review costs a worker's
 * attention; the model alone removes only when nearly sure (0.99: fewer than one ordinary
 * message in a hundred); and a strong rule finding the model all but rules out (below 0.05)
 * goes to a worker: most of the rules' false positives were such messages.
 */
export const DEFAULT_THRESHOLDS: DetectorThresholds = { confirm: 0.9, review: 0.9, remove: 0.99, veto: 0.05 };

/** Options of {@link createModerationDetector}. */
export interface DetectorOptions {
  /** The trained model (triage/moderation-model.json); without it only the rules decide. */
  model?: ModerationModel;
  thresholds?: Partial<DetectorThresholds>;
}

/**
 * Compiles the rules into a detector. Drug words alone never offend; insults aimed at
 * oneself do not either. Hate, then dealing, then insults, spam and links, in that order: a
 * strong rule finding of an enabled category removes the message; a weak one removes it only
 * when the model agrees (never one weak because of its context: a warning, hearsay, reported
 * speech), and otherwise sends it to review; with no rule finding, a model sure enough sends
 * it to review, or removes it when the model is nearly sure (an insult said laughing goes to
 * review instead), and a strong finding the model all but rules out goes to review too.
 *
 * @example
 * const detector = createModerationDetector(DEFAULT_MODERATION_RULES, { model });
 * detector.check('где взять налоксон'); // undefined
 * detector.check('продам меф, пиши в лс'); // { category: 'dealing', action: 'remove', ... }
 */
export function createModerationDetector(rules: ModerationRules, options: DetectorOptions = {}): ModerationDetector {
  const index = compileTermIndex<keyof ModerationTerms>(rules.terms, LOOK_ALIKE_LISTS);
  const stockEmoji = new Set(rules.terms.stockEmoji.map((e) => e.replace(/\ufe0f/g, '')));
  const allowed = rules.allowedDomains.map((d) => d.toLowerCase().replace(/^https?:\/\//, '').replace(/\/.*$/, ''));
  const linkAllowed = (link: string): boolean => {
    const host = link.replace(/^https?:\/\//, '').replace(/^www\./, '').split(/[/?#]/)[0] ?? '';
    return allowed.some((d) => host === d || host.endsWith(`.${d}`));
  };
  const thresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const model = options.model ? compileModel(options.model) : undefined;

  const decide = (text: ReturnType<typeof normalizeForModeration>, verdict: ModerationVerdict): ModerationVerdict =>
    verdict.action === 'remove' && verdict.category === 'insult' && LAUGHING.test(text.flat) ? { ...verdict, action: 'review', signals: [...verdict.signals, 'laughing'] } : verdict;
  return {
    check(raw) {
      const text = normalizeForModeration(raw);
      const reading = createReading(text, index.find(text), allowed.length === 0 ? text.links : text.links.filter((l) => !linkAllowed(l)));
      const findings = [findHate(reading), findDealing(reading, stockEmoji), findInsult(reading), findSpam(reading), findLink(reading)].filter(
        (f): f is Finding => f !== undefined && rules.enabled[f.category],
      );
      const strong = findings.find((f) => f.strength === 'strong');
      const score = strong && thresholds.veto <= 0 ? undefined : model?.score(modelFeatures(text));
      if (strong) {
        const vetoed = score !== undefined && score.offending < thresholds.veto;
        return decide(text, { category: strong.category, action: vetoed ? 'review' : 'remove', signals: vetoed ? [...strong.signals, 'model-doubt'] : strong.signals });
      }
      const weak = findings[0];
      if (weak) {
        const confirmed = weak.contextual !== true && score !== undefined && score.offending >= thresholds.confirm;
        return decide(text, { category: weak.category, action: confirmed ? 'remove' : 'review', signals: confirmed ? [...weak.signals, 'model'] : weak.signals });
      }
      // A greeting or a one-word answer is never worth a worker's look on the model's word alone.
      if (score && score.offending >= thresholds.review && text.tokens.length >= MODEL_MIN_WORDS && rules.enabled[score.category]) {
        return decide(text, { category: score.category, action: score.offending >= thresholds.remove ? 'remove' : 'review', signals: ['model'] });
      }
      return undefined;
    },
  };
}
