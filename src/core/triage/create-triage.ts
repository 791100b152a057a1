/**
 * The triage of one client message: need code, urgency and which emergency protocol.
 *
 * @example
 * const triage = createTriage({ terms: [ru, en], model });
 * triage.classify('друг не дышит после дозы');
 * // { need: 'overdose', urgent: true, urgentKind: 'overdose', confidence: 0.95, lang: 'ru' }
 */
import { NEED_CODES, type NeedCode } from '../codebook.ts';
import { compileTermSets, NEED_TAG } from './compile-terms.ts';
import { detectLanguage, type ReadAs } from './detect-language.ts';
import { compileModel, scoreModel, type CompiledModel } from './naive-bayes.ts';
import { skeleton, tokenize } from './normalize.ts';
import type { TermHit } from './term-index.ts';
import type { TermSet, TriageLang, TriageModel, TriageResult, UrgentKind } from './types.ts';
import { decideUrgency } from './urgency.ts';

/** How the lexicon and the model are mixed; the defaults were tuned by cross-validation on triage/train.tsv. */
export interface TriageWeights {
  /** Multiplier of the model's per-class score. */
  model: number;
  /** Score `other` gets for free, so a message with no need terms is `other`. */
  otherBias: number;
  /** Softmax temperature for the confidence. */
  temperature: number;
}

/** Default {@link TriageWeights}. */
export const DEFAULT_WEIGHTS: TriageWeights = { model: 0.3, otherBias: 1, temperature: 1.5 };

/** Options of {@link createTriage}. */
export interface TriageOptions {
  /** Term sets: the shipped defaults (triage/terms) and any of the organisation's own. */
  terms: readonly TermSet[];
  /** The trained model (triage/model.json); without it only the lexicon decides. */
  model?: TriageModel | null;
  /** Mixing weights; tests and tuning only. */
  weights?: Partial<TriageWeights>;
}

/** A ready triage. */
export interface Triage {
  /**
   * Classifies one message. `lang` is a hint (e.g. the client's Telegram language) used
   * only when the text itself cannot tell, such as an emoji-only message.
   */
  classify(text: string, lang?: TriageLang): TriageResult;
  /** The language and normalised tokens the message is read with (training, debugging). */
  read(text: string, lang?: TriageLang): ReadAs;
}

const URGENT_NEED: Record<UrgentKind, NeedCode> = {
  overdose: 'overdose',
  suicide: 'psych_support',
  bleeding: 'injection_severe',
};

const NEED_INDEX = new Map<string, number>(NEED_CODES.map((c, i) => [NEED_TAG + c, i]));
const OTHER = NEED_CODES.indexOf('other');

/** Sums need-term weights, each term once (its strongest match). */
function lexiconScores(hits: readonly TermHit[]): number[] {
  const scores = new Array<number>(NEED_CODES.length).fill(0);
  const best = new Map<number, { need: number; value: number }>();
  for (const hit of hits) {
    const need = NEED_INDEX.get(hit.term.tag);
    if (need === undefined) continue;
    const value = hit.term.weight * hit.strength;
    const seen = best.get(hit.term.id);
    if (seen === undefined || seen.value < value) best.set(hit.term.id, { need, value });
  }
  for (const { need, value } of best.values()) scores[need] = (scores[need] ?? 0) + value;
  return scores;
}

/** Builds a triage from term sets and an optional trained model. */
export function createTriage(options: TriageOptions): Triage {
  const indexes = compileTermSets(options.terms);
  const weights: TriageWeights = { ...DEFAULT_WEIGHTS, ...options.weights };
  const model: CompiledModel | null = options.model ? compileModel(options.model) : null;
  const modelColumn = model === null ? [] : NEED_CODES.map((code) => model.classes.indexOf(code));

  function read(text: string, hint?: TriageLang): ReadAs {
    return detectLanguage(tokenize(typeof text === 'string' ? text : ''), indexes, hint);
  }

  function classify(text: string, hint?: TriageLang): TriageResult {
    const { lang, tokens } = read(text, hint);
    if (tokens.length === 0) return { need: 'other', urgent: false, urgentKind: null, confidence: 0.5, lang };
    const hits = indexes[lang].match({ tokens, skeletons: tokens.map(skeleton) });
    const scores = lexiconScores(hits);
    scores[OTHER] = (scores[OTHER] ?? 0) + weights.otherBias;
    const modelScores = model === null ? null : scoreModel(model, tokens);
    if (modelScores !== null) {
      for (let c = 0; c < scores.length; c++) {
        scores[c] = (scores[c] ?? 0) + weights.model * (modelScores[modelColumn[c] ?? -1] ?? 0);
      }
    }
    let top = 0;
    for (let c = 1; c < scores.length; c++) if ((scores[c] ?? 0) > (scores[top] ?? 0)) top = c;
    const max = scores[top] ?? 0;
    let sum = 0;
    for (const s of scores) sum += Math.exp((s - max) / weights.temperature);
    const probability = 1 / sum;
    const urgency = decideUrgency(hits);
    if (urgency.kind !== null) {
      const need = URGENT_NEED[urgency.kind];
      const p = need === NEED_CODES[top] ? Math.max(probability, urgency.confidence) : urgency.confidence;
      return { need, urgent: true, urgentKind: urgency.kind, confidence: round(p), lang };
    }
    return { need: NEED_CODES[top] ?? 'other', urgent: false, urgentKind: null, confidence: round(probability), lang };
  }

  return { classify, read };
}

const round = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
