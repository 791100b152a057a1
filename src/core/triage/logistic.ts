/**
 * A binary logistic regression over the same presence features as the need model: it
 * reads whether a message is an emergency from the situation it describes (a body that
 * will not wake, a heart out of rhythm, pills laid out), not from a fixed list of phrases,
 * so wordings the term lists were never written for still count. Training is
 * deterministic: the same examples in the same order give the same weights.
 */

/** One labelled example for {@link trainLogistic}. */
export interface BinaryExample {
  features: readonly string[];
  label: boolean;
}

/** A trained binary model: log-odds = bias + scale × sum of the weights of present features. */
export interface LogisticModel {
  bias: number;
  weights: Record<string, number>;
}

/** Options of {@link trainLogistic}. */
export interface LogisticOptions {
  /** Passes over the data; 40 unless told. */
  epochs?: number;
  /** Learning rate; 0.5 unless told. */
  rate?: number;
  /** L2 penalty per step; 1e-4 unless told. */
  l2?: number;
  /** Features seen in fewer examples are dropped; 2 unless told. */
  minCount?: number;
  /** Weight of a positive example relative to a negative one; 1 unless told. */
  positiveWeight?: number;
}

/** Every message weighs the same whatever its length: features are scaled by 1/√n. */
const scaleOf = (n: number): number => (n === 0 ? 0 : 1 / Math.sqrt(n));
const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Trains the model by stochastic gradient descent in a fixed, seeded order. */
export function trainLogistic(examples: readonly BinaryExample[], options: LogisticOptions = {}): LogisticModel {
  const epochs = options.epochs ?? 40;
  const rate = options.rate ?? 0.5;
  const l2 = options.l2 ?? 1e-4;
  const minCount = options.minCount ?? 2;
  const positiveWeight = options.positiveWeight ?? 1;
  const counts = new Map<string, number>();
  for (const ex of examples) for (const f of ex.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const kept = new Set([...counts].filter(([, n]) => n >= minCount).map(([f]) => f));
  const rows = examples.map((ex) => ({ features: ex.features.filter((f) => kept.has(f)), n: ex.features.length, label: ex.label }));
  const weights = new Map<string, number>();
  let bias = 0;
  // A fixed permutation per epoch (linear congruential), so training is reproducible.
  let seed = 42;
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    const step = rate / (1 + epoch * 0.1);
    for (const index of order) {
      const row = rows[index];
      if (row === undefined) continue;
      const scale = scaleOf(row.n);
      let z = bias;
      for (const f of row.features) z += (weights.get(f) ?? 0) * scale;
      const error = (row.label ? 1 : 0) - sigmoid(z);
      const g = step * error * (row.label ? positiveWeight : 1);
      bias += g * 0.1;
      for (const f of row.features) {
        const w = weights.get(f) ?? 0;
        weights.set(f, w + g * scale - step * l2 * w);
      }
    }
  }
  const out: Record<string, number> = {};
  for (const f of [...weights.keys()].sort()) {
    const w = round(weights.get(f) ?? 0);
    if (w !== 0) out[f] = w;
  }
  return { bias: round(bias), weights: out };
}

/** A model prepared for scoring. */
export interface CompiledLogistic {
  bias: number;
  weights: Map<string, number>;
}

/** Turns the stored model into a map for fast look-ups. */
export function compileLogistic(model: LogisticModel): CompiledLogistic {
  return { bias: model.bias, weights: new Map(Object.entries(model.weights)) };
}

/** Probability (0..1) that the example with these features is positive. */
export function scoreLogistic(model: CompiledLogistic, features: readonly string[]): number {
  let sum = 0;
  for (const f of features) sum += model.weights.get(f) ?? 0;
  return sigmoid(model.bias + sum * scaleOf(features.length));
}
