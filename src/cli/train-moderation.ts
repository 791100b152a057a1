/**
 * Trains the community-chat moderation model: `npm run train:moderation [-- --cv]`.
 *
 * Reads the moderation training sets listed below (never the newest frozen hold-out,
 * triage/moderation-holdout-e.tsv), trains logistic regression over words and character n-grams
 * (src/core/community/moderation-model.ts) and writes triage/moderation-model.json.
 * Deterministic: the same files give the same model.
 *
 * The honest measure is leave-one-writer-out: src/cli/loso-moderation.ts.
 *
 * With --cv it first reports:
 * - the model alone, 5-fold cross-validated on writer C (trained on every other set and four
 *   folds, tested on the fifth) and leave-one-set-out: how many ordinary and offending
 *   messages reach each probability (this is the honest measure: the model never saw them);
 * - the whole detector (rules + model) on the same folds for a small grid of thresholds.
 *   The rules were written with all of these sets in view, so those numbers flatter them.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createModerationDetector, DEFAULT_THRESHOLDS, type DetectorThresholds } from '../core/community/detect.ts';
import { compileModel, DEFAULT_TRAIN_OPTIONS, modelFeatures, trainModel } from '../core/community/moderation-model.ts';
import { DEFAULT_MODERATION_RULES } from '../core/community/moderation-rules.ts';
import { normalizeForModeration } from '../core/community/normalize.ts';
import { evaluateModeration, parseModerationSet, type LabelledMessage } from '../core/community/eval.ts';
import { MODERATION_MODEL_FILE } from '../storage/files/load-moderation-model.ts';
import { TRIAGE_DATA_DIR } from '../storage/files/load-triage.ts';
import { MODERATION_SETS, moderationExamples, type ModerationSetName } from './train-moderation-sets.ts';

const SETS = MODERATION_SETS;
type SetName = ModerationSetName;
const examples = moderationExamples;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function score(model: ReturnType<typeof trainModel>, test: readonly LabelledMessage[], thresholds: DetectorThresholds) {
  return evaluateModeration(createModerationDetector(DEFAULT_MODERATION_RULES, { model, thresholds }), test);
}

function line(name: string, e: ReturnType<typeof evaluateModeration>): string {
  return `${name.padEnd(34)} fp ${pct(e.falsePositiveRate).padStart(6)}  recall ${pct(e.recall).padStart(6)}  review ok ${pct(e.reviewRateOrdinary).padStart(6)} / offending ${pct(e.reviewRateOffending).padStart(6)}  missed ${e.missed.length}`;
}

/** Shares of ordinary and offending messages the model alone scores at or above each threshold. */
function modelAlone(name: string, model: ReturnType<typeof trainModel>, test: readonly LabelledMessage[]): string {
  const scorer = compileModel(model);
  const scored = test.map((m) => ({ p: scorer.score(modelFeatures(normalizeForModeration(m.text))).offending, offending: m.label !== 'ok' }));
  const ordinary = scored.filter((s) => !s.offending);
  const offending = scored.filter((s) => s.offending);
  const cells = [0.5, 0.6, 0.7, 0.8, 0.9].map((t) => `≥${t}: ok ${pct(ordinary.filter((s) => s.p >= t).length / ordinary.length)} off ${pct(offending.filter((s) => s.p >= t).length / offending.length)}`);
  return `${name.padEnd(28)} ${cells.join(' | ')}\n`;
}

function crossValidate(sets: Record<SetName, LabelledMessage[]>): void {
  const grid: DetectorThresholds[] = [DEFAULT_THRESHOLDS];
  for (const confirm of [0.8, 0.9, 0.95]) for (const review of [0.7, 0.8, 0.9]) if (confirm !== DEFAULT_THRESHOLDS.confirm || review !== DEFAULT_THRESHOLDS.review) grid.push({ ...DEFAULT_THRESHOLDS, confirm, review });
  const folds = 5;
  const writerC = sets.writerC;
  const others = (Object.keys(SETS) as SetName[]).filter((n) => n !== 'writerC').flatMap((n) => sets[n]);
  const foldModels = Array.from({ length: folds }, (_, k) => trainModel(examples([...others, ...writerC.filter((_, i) => i % folds !== k)])));
  process.stdout.write('Model alone (share of messages at or above a probability of offending):\n');
  const folded = writerC.map((m, i) => ({ m, k: i % folds }));
  const cvScored = foldModels.flatMap((model, k) => folded.filter((f) => f.k === k).map((f) => f.m)).length;
  process.stdout.write(`  5-fold CV on writer C (${cvScored} messages):\n`);
  for (let k = 0; k < folds; k++) process.stdout.write(`  ${modelAlone(`fold ${k + 1}`, foldModels[k] ?? trainModel([]), writerC.filter((_, i) => i % folds === k))}`);
  for (const name of Object.keys(SETS) as SetName[]) {
    const model = trainModel(examples((Object.keys(SETS) as SetName[]).filter((n) => n !== name).flatMap((n) => sets[n])));
    process.stdout.write(`  ${modelAlone(`without ${name} (${sets[name].length})`, model, sets[name])}`);
  }
  process.stdout.write(`5-fold cross-validation on writer C (${writerC.length} messages), rules + model:\n`);
  for (const thresholds of grid) {
    const pooled = foldModels.map((model, k) => score(model, writerC.filter((_, i) => i % folds === k), thresholds));
    const sum = (f: (e: ReturnType<typeof evaluateModeration>) => number) => pooled.reduce((a, e) => a + f(e), 0);
    const ordinary = sum((e) => e.ordinary);
    const offending = sum((e) => e.offending);
    const removed = sum((e) => e.offending - e.missed.length - e.reviewedOffending.length);
    process.stdout.write(
      `  confirm ${thresholds.confirm} review ${thresholds.review}: fp ${pct(sum((e) => e.falsePositives.length) / ordinary)}  recall ${pct(removed / offending)}` +
        `  review ok ${pct(sum((e) => e.reviewedOrdinary.length) / ordinary)} / offending ${pct(sum((e) => e.reviewedOffending.length) / offending)}\n`,
    );
  }
  const noModel = evaluateModeration(createModerationDetector(DEFAULT_MODERATION_RULES), writerC);
  process.stdout.write(`${line('  rules alone on writer C', noModel)}\n`);
  process.stdout.write('Leave one set out (model trained without it, default thresholds):\n');
  for (const name of Object.keys(SETS) as SetName[]) {
    const model = trainModel(examples((Object.keys(SETS) as SetName[]).filter((n) => n !== name).flatMap((n) => sets[n])));
    process.stdout.write(`${line(`  ${name} (${sets[name].length})`, score(model, sets[name], DEFAULT_THRESHOLDS))}\n`);
  }
}

async function main(): Promise<void> {
  const entries = await Promise.all((Object.entries(SETS) as [SetName, string][]).map(async ([name, file]) => [name, parseModerationSet(await readFile(`${TRIAGE_DATA_DIR}${file}`, 'utf8'))] as const));
  const sets = Object.fromEntries(entries) as Record<SetName, LabelledMessage[]>;
  if (process.argv.includes('--cv')) crossValidate(sets);
  const all = Object.values(sets).flat();
  const model = trainModel(examples(all), DEFAULT_TRAIN_OPTIONS);
  await writeFile(MODERATION_MODEL_FILE, `${JSON.stringify(model)}\n`);
  process.stdout.write(`trained on ${all.length} messages, ${Object.keys(model.weights).length} features -> ${MODERATION_MODEL_FILE}\n`);
}

await main();
