/**
 * A small trained model for chat moderation: multinomial logistic regression over words, word
 * pairs and character n-grams of the normalised text. It knows nothing of the rule lists, so
 * it catches offending messages in words the rules were never given, and its doubt is
 * independent of theirs. Trained by triage/train-moderation.ts; shipped as
 * triage/moderation-model.json. Deterministic: the same data give the same model.
 */
import type { NormalizedText } from './normalize.ts';

/**
 * The classes the model tells apart: ordinary talk, then the categories it can learn from
 * words. Links are left to the rules: a message that is only a link has no words, and a
 * model trained on them takes every short greeting for one.
 */
export const MODEL_CLASSES = ['ok', 'hate', 'dealing', 'insult', 'spam'] as const;
export type ModelClass = (typeof MODEL_CLASSES)[number];

/** A trained model (the JSON file). */
export interface ModerationModel {
  version: 1;
  /** Class names in the order of `bias` and of every weight row. */
  classes: ModelClass[];
  bias: number[];
  /** Feature (its 30-bit hash, in decimal) → weight per class. */
  weights: Record<string, number[]>;
}

/** What the model says about one message. */
export interface ModelScore {
  /** Probability that the message is offending (any category). */
  offending: number;
  /** The most likely offending category. */
  category: Exclude<ModelClass, 'ok'>;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const mix = (hash: number, code: number): number => Math.imul(hash ^ code, FNV_PRIME) >>> 0;
/** Features are kept to 30 bits: small integers make the fastest map keys in V8. */
const feature = (hash: number): number => hash & 0x3fffffff;
const WORD = mix(FNV_OFFSET, 1);
const PAIR = mix(FNV_OFFSET, 2);
const CHARS = mix(FNV_OFFSET, 3);
const SHAPE = mix(FNV_OFFSET, 4);
const BEGIN = 0x5e; // "^"
const END = 0x24; // "$"

/**
 * The features of a message, as 30-bit hashes (no strings are built, so scoring stays cheap on
 * the chat's hot path): its words, neighbouring word pairs, character 2- to 5-grams of every
 * word with word boundaries, the Russian readings of Latin-only words, and a few shapes (a link, a handle, a number with a currency,
 * emoji, a question).
 */
export function modelFeatures(text: NormalizedText): number[] {
  const out: number[] = [];
  const { tokens } = text;
  let previous = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] ?? '';
    let word = WORD;
    for (let c = 0; c < token.length; c++) word = mix(word, token.charCodeAt(c));
    out.push(feature(word));
    if (i > 0) out.push(feature(mix(mix(PAIR, previous), word)));
    previous = word;
    // Character n-grams of "^token$": the boundaries are codes 0x5e and 0x24 at both ends.
    const length = token.length + 2;
    for (let k = 0; k + 1 < length; k++) {
      let hash = mix(CHARS, k === 0 ? BEGIN : token.charCodeAt(k - 1));
      for (let n = 2; n <= 5 && k + n <= length; n++) {
        const at = k + n - 1;
        hash = mix(hash, at === length - 1 ? END : token.charCodeAt(at - 1));
        out.push(feature(hash));
      }
    }
  }
  // Latin-only words read as Russian, in look-alike letters ("cyka") and in transliteration ("prodam").
  for (let i = 0; i < tokens.length; i++) {
    for (const reading of [text.cyrillic[i] ?? '', text.translit[i] ?? '']) {
      if (reading === '') continue;
      let word = WORD;
      for (let c = 0; c < reading.length; c++) word = mix(word, reading.charCodeAt(c));
      out.push(feature(word));
    }
  }
  const shapes = [
    text.links.length > 0,
    text.links.some((l) => /(?:t|telegram)\.me\//.test(l)),
    text.handles.length > 0,
    text.handles.some((h) => /bot$/.test(h)),
    /\d\s?(?:р|руб|₽|\$|к|k|usd|€)(?![\p{L}])|\$\s?\d/u.test(text.flat),
    /\d\s?(?:г|гр|g|шт|mg|мг)(?![\p{L}])/u.test(text.flat),
    text.emoji.length > 0,
    text.question,
  ];
  shapes.forEach((on, n) => {
    if (on) out.push(feature(mix(SHAPE, n + 1)));
  });
  return out;
}

/** A model made ready for scoring: weights in one typed array, found through a map. */
export interface CompiledModel {
  score(features: readonly number[]): ModelScore;
}

/** Compiles a model once (at start-up); scoring then costs one map look-up per feature. */
export function compileModel(model: ModerationModel): CompiledModel {
  const k = model.classes.length;
  const rows = new Map<number, number>();
  const weights = new Float64Array(Object.keys(model.weights).length * k);
  let at = 0;
  for (const [feature, row] of Object.entries(model.weights)) {
    rows.set(Number(feature), at);
    for (let c = 0; c < k; c++) weights[at + c] = row[c] ?? 0;
    at += k;
  }
  const ok = model.classes.indexOf('ok');
  const z = new Float64Array(k);
  return {
    score(features) {
      for (let c = 0; c < k; c++) z[c] = model.bias[c] ?? 0;
      for (const f of features) {
        const row = rows.get(f);
        if (row === undefined) continue;
        for (let c = 0; c < k; c++) z[c] = (z[c] ?? 0) + (weights[row + c] ?? 0);
      }
      const sum = softmaxInPlace(z);
      let best = -1;
      let category: Exclude<ModelClass, 'ok'> = 'dealing';
      for (let c = 0; c < k; c++) {
        const name = model.classes[c];
        if (c === ok || name === undefined || name === 'ok') continue;
        if ((z[c] ?? 0) > best) {
          best = z[c] ?? 0;
          category = name;
        }
      }
      return { offending: 1 - (z[ok] ?? 0) / sum, category };
    },
  };
}

/** Turns scores into unnormalised exponentials in place (shifted by their maximum, so none overflows); returns their sum. */
function softmaxInPlace(z: Float64Array): number {
  let max = -Infinity;
  for (const v of z) max = Math.max(max, v);
  let sum = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp((z[c] ?? 0) - max);
    z[c] = e;
    sum += e;
  }
  return sum;
}

/** One training message. */
export interface ModelExample {
  features: number[];
  label: ModelClass;
}

/** Training settings; the defaults are what triage/train-moderation.ts uses. */
export interface TrainOptions {
  /** Full passes over the data. */
  epochs: number;
  /** L2 penalty per example. */
  l2: number;
  /** Step size (AdaGrad). */
  rate: number;
  /** Features seen in fewer messages are dropped. */
  minCount: number;
  /** Weights smaller than this are left out of the file. */
  prune: number;
}

/** Defaults: a few alternatives were compared by 5-fold cross-validation on writer C (triage/train-moderation.ts --cv); none was clearly better. */
export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 300, l2: 1e-3, rate: 1, minCount: 2, prune: 0.002 };

/**
 * Trains the model by full-batch gradient descent with AdaGrad steps on the softmax loss.
 * Deterministic (no random order, no random start).
 */
export function trainModel(examples: readonly ModelExample[], options: TrainOptions = DEFAULT_TRAIN_OPTIONS): ModerationModel {
  const classes = [...MODEL_CLASSES];
  const k = classes.length;
  const counts = new Map<number, number>();
  for (const ex of examples) for (const f of new Set(ex.features)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const names = [...counts.keys()].filter((f) => (counts.get(f) ?? 0) >= options.minCount).sort((a, b) => a - b);
  const id = new Map(names.map((f, i) => [f, i]));
  const rows = examples.map((ex) => ({ ids: ex.features.flatMap((f) => (id.has(f) ? [id.get(f) ?? 0] : [])), y: classes.indexOf(ex.label) }));
  const w = new Float64Array(names.length * k);
  const g2 = new Float64Array(names.length * k).fill(1e-8);
  const bias = new Float64Array(k);
  const b2 = new Float64Array(k).fill(1e-8);
  const grad = new Float64Array(names.length * k);
  const gb = new Float64Array(k);
  const z = new Float64Array(k);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    grad.fill(0);
    gb.fill(0);
    for (const row of rows) {
      for (let c = 0; c < k; c++) z[c] = bias[c] ?? 0;
      for (const f of row.ids) for (let c = 0; c < k; c++) z[c] = (z[c] ?? 0) + (w[f * k + c] ?? 0);
      const sum = softmaxInPlace(z);
      for (let c = 0; c < k; c++) {
        const d = (z[c] ?? 0) / sum - (c === row.y ? 1 : 0);
        gb[c] = (gb[c] ?? 0) + d;
        for (const f of row.ids) grad[f * k + c] = (grad[f * k + c] ?? 0) + d;
      }
    }
    const n = rows.length;
    for (let i = 0; i < w.length; i++) {
      const g = (grad[i] ?? 0) / n + options.l2 * (w[i] ?? 0);
      g2[i] = (g2[i] ?? 0) + g * g;
      w[i] = (w[i] ?? 0) - (options.rate * g) / Math.sqrt(g2[i] ?? 1);
    }
    for (let c = 0; c < k; c++) {
      const g = (gb[c] ?? 0) / n;
      b2[c] = (b2[c] ?? 0) + g * g;
      bias[c] = (bias[c] ?? 0) - (options.rate * g) / Math.sqrt(b2[c] ?? 1);
    }
  }
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const weights: Record<string, number[]> = {};
  names.forEach((f, i) => {
    const row = Array.from(w.subarray(i * k, i * k + k));
    if (row.some((x) => Math.abs(x) >= options.prune)) weights[String(f)] = row.map(round);
  });
  return { version: 1, classes, bias: Array.from(bias).map(round), weights };
}
