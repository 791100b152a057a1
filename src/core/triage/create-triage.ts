/**
 * The triage of one client message: need code, urgency and which emergency protocol.
 *
 * @example
 * const triage = createTriage({ terms: [ru, en], model });
 * triage.classify('друг не дышит после дозы');
 * // { need: 'overdose', urgent: true, urgentKind: 'overdose', confidence: 0.95, lang: 'ru' }
 */
import { NEED_CODES, type NeedCode } from '../codebook.ts';
import { compileTermSets, CONTEXT_TAG, NEED_TAG, URGENT_TAG } from './compile-terms.ts';
import { detectLanguage, type ReadAs } from './detect-language.ts';

import { extractFeatures } from './features.ts';
import { skeleton, tokenize } from './normalize.ts';
import type { TermHit } from './term-index.ts';
import type { TermSet, TriageLang, TriageModel, TriageResult, UrgentKind } from './types.ts';
import { decideUrgency, type UrgencyDecision } from './urgency.ts';

/** How the lexicon and the model are mixed; the defaults were tuned by cross-validation on triage/train.tsv. */
export interface TriageWeights {
  /** Multiplier of the model's per-class score. */
  model: number;
  /** Score `other` gets for free, so a message with no need terms is `other`. */
  otherBias: number;
  /** Softmax temperature for the confidence. */
  temperature: number;
  /** The urgency model's probability from which a message is urgent without a cue. */
  urgentAt: number;
  /** The urgency model's probability from which a non-urgent message is in doubt. */
  doubtAt: number;
}

/** Default {@link TriageWeights}. */
export const DEFAULT_WEIGHTS: TriageWeights = { model: 0.3, otherBias: 1, temperature: 1.5, urgentAt: 0.4, doubtAt: 0.15 };

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
  /** The features the urgency model reads (training). */
  urgencyFeatures(text: string, lang?: TriageLang): string[];
}

const KIND_OF_NEED: Partial<Record<NeedCode, UrgentKind>> = { psych_support: 'suicide', injection_severe: 'bleeding' };

/**
 * What the urgency model reads besides the need model's features: the cues the term lists
 * found (kind and context, not the words), so it learns how situations and context combine.
 */
function cueFeatures(hits: readonly TermHit[], decision: UrgencyDecision): string[] {
  const cues = new Set<string>();
  for (const hit of hits) if (hit.term.tag.startsWith(URGENT_TAG) || hit.term.tag.startsWith(CONTEXT_TAG)) cues.add(`t ${hit.term.tag}`);
  if (decision.kind !== null) cues.add(`d ${decision.kind}`);
  if (decision.defusedState !== null) cues.add(`d defused ${decision.defusedState}`);
  if (decision.settled) cues.add('d settled');
  return [...cues];
}

/** One feature's weights in both models, so a message is scored with one look-up per feature. */
interface FeatureWeights {
  /** Centred log-likelihood per need, in NEED_CODES order, if the need model knows it. */
  needs: Float64Array | undefined;
  /** Weight in the urgency model (0 if it does not know it). */
  urgency: number;
}

function jointWeights(model: TriageModel | null | undefined): Map<string, FeatureWeights> {
  const joint = new Map<string, FeatureWeights>();
  const column = NEED_CODES.map((code) => model?.classes.indexOf(code) ?? -1);
  for (const [f, row] of Object.entries(model?.features ?? {})) {
    joint.set(f, { needs: Float64Array.from(column, (c) => (c < 0 ? 0 : (row[c] ?? 0))), urgency: 0 });
  }
  for (const [f, w] of Object.entries(model?.urgency?.weights ?? {})) {
    const found = joint.get(f);
    if (found) found.urgency = w;
    else joint.set(f, { needs: undefined, urgency: w });
  }
  return joint;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

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
  const urgencyModel = options.model?.urgency ?? null;
  const joint = jointWeights(options.model);

  function read(text: string, hint?: TriageLang): ReadAs {
    const raw = typeof text === 'string' ? text : '';
    return detectLanguage(tokenize(raw), indexes, hint, raw);
  }

  function analyse(text: string, hint?: TriageLang) {
    const { lang, tokens } = read(text, hint);
    const hits = tokens.length === 0 ? [] : indexes[lang].match({ tokens, skeletons: tokens.map(skeleton) });
    return { lang, tokens, hits, features: extractFeatures(tokens), urgency: decideUrgency(hits) };
  }

  function urgencyFeatures(text: string, hint?: TriageLang): string[] {
    const { features, hits, urgency } = analyse(text, hint);
    return [...features, ...cueFeatures(hits, urgency)];
  }

  function classify(text: string, hint?: TriageLang): TriageResult {
    const { lang, tokens, hits, features, urgency } = analyse(text, hint);
    if (tokens.length === 0) return { need: 'other', urgent: false, urgentKind: null, confidence: 0.5, lang, doubt: false };
    const scores = lexiconScores(hits);
    scores[OTHER] = (scores[OTHER] ?? 0) + weights.otherBias;
    // Both models in one pass over the features (see naive-bayes.ts scoreFeatures and logistic.ts).
    const sums = new Float64Array(NEED_CODES.length);
    let known = 0;
    let dangerSum = 0;
    for (const f of features) {
      const w = joint.get(f);
      if (w === undefined) continue;
      dangerSum += w.urgency;
      if (w.needs === undefined) continue;
      known += 1;
      const needs = w.needs;
      for (let c = 0; c < sums.length; c++) sums[c] = (sums[c] ?? 0) + (needs[c] ?? 0);
    }
    if (known > 0) {
      const scale = 1 / Math.sqrt(known);
      for (let c = 0; c < scores.length; c++) scores[c] = (scores[c] ?? 0) + weights.model * scale * (sums[c] ?? 0);
    }
    let top = 0;
    for (let c = 1; c < scores.length; c++) if ((scores[c] ?? 0) > (scores[top] ?? 0)) top = c;
    const max = scores[top] ?? 0;
    let sum = 0;
    for (const s of scores) sum += Math.exp((s - max) / weights.temperature);
    const probability = 1 / sum;
    const topNeed = NEED_CODES[top] ?? 'other';
    if (urgency.kind !== null) {
      const need = URGENT_NEED[urgency.kind];
      const p = need === topNeed ? Math.max(probability, urgency.confidence) : urgency.confidence;
      return { need, urgent: true, urgentKind: urgency.kind, confidence: round(p), lang, doubt: false };
    }
    // No cue said "urgent": the urgency model reads the situation (unless the message asks
    // in advance or says it is over), and anything in between is asked about.
    let danger = 0;
    if (urgencyModel !== null) {
      const cues = cueFeatures(hits, urgency);
      for (const f of cues) dangerSum += joint.get(f)?.urgency ?? 0;
      danger = sigmoid(urgencyModel.bias + dangerSum / Math.sqrt(features.length + cues.length));
    }
    // A cue its context defused (a past, a hypothetical, a story) is not overruled: it is asked about.
    if (danger >= weights.urgentAt && !urgency.settled && urgency.defusedState === null) {
      const kind = KIND_OF_NEED[topNeed] ?? 'overdose';
      return { need: URGENT_NEED[kind], urgent: true, urgentKind: kind, confidence: round(danger), lang, doubt: false };
    }
    const doubt = danger >= weights.doubtAt || urgency.defusedState !== null;
    return { need: topNeed, urgent: false, urgentKind: null, confidence: round(probability), lang, doubt };
  }

  return { classify, read, urgencyFeatures };
}

const round = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
