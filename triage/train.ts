/**
 * Trains the triage model: `npx tsx triage/train.ts [--cv]`.
 *
 * Reads triage/train.tsv (never triage/eval.tsv), reads every message the way the triage
 * does (normalised tokens in the detected language), trains naive Bayes over word and
 * character n-gram features and writes triage/model.json. Deterministic: the same
 * train.tsv and term files give the same model file.
 *
 * With --cv it also reports 5-fold cross-validated accuracy of lexicon + model on
 * train.tsv for a small grid of mixing weights (how DEFAULT_WEIGHTS were chosen).
 */
import { writeFile } from 'node:fs/promises';
import { createTriage } from '../src/core/triage/create-triage.ts';
import { extractFeatures } from '../src/core/triage/features.ts';
import { trainNaiveBayes, type TrainingExample } from '../src/core/triage/naive-bayes.ts';
import type { TermSet } from '../src/core/triage/types.ts';
import { readLabelledTsv, type LabelledMessage } from '../src/triage/dataset.ts';
import { evaluateTriage } from '../src/triage/eval.ts';
import { TRIAGE_DATA_DIR } from '../src/triage/load-triage.ts';
import { loadTermDirectory } from '../src/triage/load-terms.ts';

const TRAIN = `${TRIAGE_DATA_DIR}train.tsv`;
const MODEL = `${TRIAGE_DATA_DIR}model.json`;

function examples(terms: TermSet[], messages: readonly LabelledMessage[]): TrainingExample[] {
  const reader = createTriage({ terms });
  return messages.map((m) => ({ features: extractFeatures(reader.read(m.text, m.lang).tokens), need: m.need }));
}

function crossValidate(terms: TermSet[], messages: LabelledMessage[]): void {
  const folds = 5;
  const grid: Array<{ model: number; otherBias: number; temperature: number }> = [];
  for (const model of [0, 0.1, 0.2, 0.3, 0.5]) for (const otherBias of [0.75, 1, 1.5]) grid.push({ model, otherBias, temperature: 1.5 });
  for (const weights of grid) {
    let correct = 0;
    let urgentMissed = 0;
    for (let k = 0; k < folds; k++) {
      const train = messages.filter((_, i) => i % folds !== k);
      const test = messages.filter((_, i) => i % folds === k);
      const model = trainNaiveBayes(examples(terms, train));
      const e = evaluateTriage(createTriage({ terms, model, weights }), test);
      correct += Math.round(e.accuracy * e.total);
      urgentMissed += e.misses.filter((m) => m.expected.urgent && !m.got.urgent).length;
    }
    process.stdout.write(
      `cv model=${weights.model} otherBias=${weights.otherBias}: accuracy ${((100 * correct) / messages.length).toFixed(1)}%` +
        ` (urgent missed ${urgentMissed})\n`,
    );
  }
}

async function main(): Promise<void> {
  const terms = await loadTermDirectory(`${TRIAGE_DATA_DIR}terms`);
  const messages = await readLabelledTsv(TRAIN);
  if (process.argv.includes('--cv')) crossValidate(terms, messages);
  const model = trainNaiveBayes(examples(terms, messages));
  await writeFile(MODEL, `${JSON.stringify(model)}\n`);
  process.stdout.write(`trained on ${messages.length} messages, ${Object.keys(model.features).length} features -> ${MODEL}\n`);
}

await main();
