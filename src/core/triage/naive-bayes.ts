/**
 * A multinomial naive Bayes classifier over presence features. Training is deterministic
 * (triage/train.ts runs it over triage/train.tsv); scoring is a few map look-ups.
 */
import { NEED_CODES, type NeedCode } from '../codebook.ts';
import { forEachFeature } from './features.ts';
import type { TriageModel } from './types.ts';

/** One labelled training example, already tokenised. */
export interface TrainingExample {
  features: readonly string[];
  need: NeedCode;
}

/** Options of {@link trainNaiveBayes}. */
export interface TrainingOptions {
  /** Additive smoothing; 0.5 unless told. */
  alpha?: number;
  /** Features seen in fewer examples are dropped (keeps the model file small); 2 unless told. */
  minCount?: number;
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Trains a model; the same examples in the same order give the same model. */
export function trainNaiveBayes(examples: readonly TrainingExample[], options: TrainingOptions = {}): TriageModel {
  const alpha = options.alpha ?? 0.5;
  const minCount = options.minCount ?? 2;
  const classes = [...NEED_CODES];
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const docCounts = new Array<number>(classes.length).fill(0);
  const counts = new Map<string, number[]>();
  for (const ex of examples) {
    const c = classIndex.get(ex.need) ?? 0;
    docCounts[c] = (docCounts[c] ?? 0) + 1;
    for (const f of ex.features) {
      let row = counts.get(f);
      if (row === undefined) {
        row = new Array<number>(classes.length).fill(0);
        counts.set(f, row);
      }
      row[c] = (row[c] ?? 0) + 1;
    }
  }
  const kept = [...counts.entries()].filter(([, row]) => row.reduce((a, b) => a + b, 0) >= minCount);
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const totals = classes.map((_, c) => kept.reduce((sum, [, row]) => sum + (row[c] ?? 0), 0));
  const vocabulary = kept.length;
  const features: Record<string, number[]> = {};
  for (const [feature, row] of kept) {
    const logs = row.map((n, c) => Math.log((n + alpha) / ((totals[c] ?? 0) + alpha * vocabulary)));
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    features[feature] = logs.map((l) => round(l - mean));
  }
  const docs = examples.length;
  const priors = docCounts.map((n) => round(Math.log((n + 1) / (docs + classes.length))));
  return { version: 1, classes, priors, features };
}

/** A model prepared for scoring. */
export interface CompiledModel {
  classes: readonly NeedCode[];
  rows: Map<string, number[]>;
}

/** Turns the stored model into a map for fast look-ups. */
export function compileModel(model: TriageModel): CompiledModel {
  return { classes: model.classes, rows: new Map(Object.entries(model.features)) };
}

/**
 * Sum of centred log-likelihoods per class over the known features of a token list,
 * divided by the square root of their number (so long and short messages stay on a
 * similar scale), or null when no feature is known.
 */
export function scoreModel(model: CompiledModel, tokens: readonly string[]): number[] | null {
  const features: string[] = [];
  forEachFeature(tokens, (f) => features.push(f));
  return scoreFeatures(model, features);
}

/** {@link scoreModel} over features already extracted (see `extractFeatures`). */
export function scoreFeatures(model: CompiledModel, features: readonly string[]): number[] | null {
  const sums = new Array<number>(model.classes.length).fill(0);
  let known = 0;
  for (const f of features) {
    const row = model.rows.get(f);
    if (row === undefined) continue;
    known += 1;
    for (let c = 0; c < sums.length; c++) sums[c] = (sums[c] ?? 0) + (row[c] ?? 0);
  }
  if (known === 0) return null;
  const scale = 1 / Math.sqrt(known);
  return sums.map((s) => s * scale);
}
