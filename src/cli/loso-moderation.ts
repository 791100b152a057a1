/**
 * Leave-one-writer-out for community moderation: `npx tsx src/cli/loso-moderation.ts [--train '{"l2":1e-4}'] [--grid]`.
 *
 * For each independent writer's set (writers E, F, G and hold-outs B, C, D: none of them
 * written by the rules' developer), trains the model on ALL other sets (the developer's
 * included) and runs the whole detector (rules + model, shipped thresholds) on the left-out
 * set. Prints each set and the pooled numbers. This is the measure changes to the model, the
 * thresholds or the rules are judged by; the frozen hold-out E is never read. `--grid` also
 * prints pooled numbers for a few thresholds (same fold models).
 */
import { readFile } from 'node:fs/promises';
import { createModerationDetector, DEFAULT_THRESHOLDS, type DetectorThresholds } from '../core/community/detect.ts';
import { evaluateModeration, parseModerationSet, type LabelledMessage, type ModerationEvaluation } from '../core/community/eval.ts';
import { compileModel, DEFAULT_TRAIN_OPTIONS, modelFeatures, trainModel, type ModerationModel, type TrainOptions } from '../core/community/moderation-model.ts';
import { DEFAULT_MODERATION_RULES } from '../core/community/moderation-rules.ts';
import { normalizeForModeration } from '../core/community/normalize.ts';
import { TRIAGE_DATA_DIR } from '../storage/files/load-triage.ts';
import { MODERATION_SETS, moderationExamples, type ModerationSetName } from './train-moderation-sets.ts';

/** The sets not written by the rules' developer: each is left out in turn. */
const LEFT_OUT: readonly ModerationSetName[] = ['writerE', 'writerF', 'writerG', 'holdoutB', 'holdoutC', 'holdoutD'];

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

interface Tally {
  ordinary: number;
  offending: number;
  fp: number;
  removed: number;
  reviewOk: number;
  reviewOff: number;
  missed: number;
}

function tally(e: ModerationEvaluation): Tally {
  return {
    ordinary: e.ordinary,
    offending: e.offending,
    fp: e.falsePositives.length,
    removed: e.offending - e.missed.length - e.reviewedOffending.length,
    reviewOk: e.reviewedOrdinary.length,
    reviewOff: e.reviewedOffending.length,
    missed: e.missed.length,
  };
}

function add(a: Tally, b: Tally): Tally {
  return { ordinary: a.ordinary + b.ordinary, offending: a.offending + b.offending, fp: a.fp + b.fp, removed: a.removed + b.removed, reviewOk: a.reviewOk + b.reviewOk, reviewOff: a.reviewOff + b.reviewOff, missed: a.missed + b.missed };
}

function line(name: string, t: Tally): string {
  return (
    `${name.padEnd(22)} fp ${pct(t.fp / t.ordinary).padStart(6)} (${t.fp}/${t.ordinary})  recall ${pct(t.removed / t.offending).padStart(6)} (${t.removed}/${t.offending})` +
    `  review ok ${pct(t.reviewOk / t.ordinary).padStart(6)} / offending ${pct(t.reviewOff / t.offending).padStart(6)}  missed ${t.missed}\n`
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const trainAt = args.indexOf('--train');
  const options: TrainOptions = { ...DEFAULT_TRAIN_OPTIONS, ...(trainAt >= 0 ? (JSON.parse(args[trainAt + 1] ?? '{}') as Partial<TrainOptions>) : {}) };
  const names = Object.keys(MODERATION_SETS) as ModerationSetName[];
  const sets = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, parseModerationSet(await readFile(`${TRIAGE_DATA_DIR}${MODERATION_SETS[n]}`, 'utf8'))] as const)),
  ) as Record<ModerationSetName, LabelledMessage[]>;
  const started = performance.now();
  const models = new Map<ModerationSetName, ModerationModel>();
  for (const out of LEFT_OUT) models.set(out, trainModel(moderationExamples(names.filter((n) => n !== out).flatMap((n) => sets[n])), options));
  process.stdout.write(`leave-one-writer-out, train ${JSON.stringify(options)} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  const run = (thresholds: DetectorThresholds, print: boolean): Tally => {
    let pooled: Tally = { ordinary: 0, offending: 0, fp: 0, removed: 0, reviewOk: 0, reviewOff: 0, missed: 0 };
    for (const out of LEFT_OUT) {
      const detector = createModerationDetector(DEFAULT_MODERATION_RULES, { model: models.get(out), thresholds });
      const t = tally(evaluateModeration(detector, sets[out]));
      if (print) process.stdout.write(line(`  ${out} (${sets[out].length})`, t));
      pooled = add(pooled, t);
    }
    return pooled;
  };
  process.stdout.write(line('  pooled', run(DEFAULT_THRESHOLDS, true)));
  // The model alone, pooled: shares of ordinary and offending messages at or above each probability.
  const scored = LEFT_OUT.flatMap((out) => {
    const scorer = compileModel(models.get(out) ?? trainModel([]));
    return sets[out].filter((m) => m.label !== 'link').map((m) => ({ p: scorer.score(modelFeatures(normalizeForModeration(m.text))).offending, offending: m.label !== 'ok' }));
  });
  const ok = scored.filter((s) => !s.offending);
  const off = scored.filter((s) => s.offending);
  const cells = [0.5, 0.7, 0.9, 0.95, 0.98].map((t) => `≥${t}: ok ${pct(ok.filter((s) => s.p >= t).length / ok.length)} off ${pct(off.filter((s) => s.p >= t).length / off.length)}`);
  process.stdout.write(`  model alone ${cells.join(' | ')}\n`);
  if (args.includes('--dump')) {
    // The texts of false positives and misses at the thresholds given as --dump '{"remove":0.99}' (for reading, not for tuning to).
    const thresholds = { ...DEFAULT_THRESHOLDS, ...(JSON.parse(args[args.indexOf('--dump') + 1] ?? '{}') as Partial<DetectorThresholds>) };
    for (const out of LEFT_OUT) {
      const model = models.get(out);
      const scorer = compileModel(model ?? trainModel([]));
      const e = evaluateModeration(createModerationDetector(DEFAULT_MODERATION_RULES, { model, thresholds }), sets[out]);
      const p = (t: string) => scorer.score(modelFeatures(normalizeForModeration(t))).offending.toFixed(3);
      for (const m of e.falsePositives) process.stdout.write(`FP\t${out}\t${p(m.text)}\t${m.text}\n`);
      for (const m of e.missed) process.stdout.write(`MISS\t${out}\t${m.label}\t${p(m.text)}\t${m.text}\n`);
    }
  }
  if (args.includes('--grid')) {
    for (const confirm of [0.5, 0.7, 0.9]) for (const review of [0.5, 0.7, 0.9]) process.stdout.write(line(`  c ${confirm} r ${review}`, run({ ...DEFAULT_THRESHOLDS, confirm, review }, false)));
    // The best pooled recall with at most 1% of ordinary messages removed, for each veto.
    const removes = [0.9, 0.95, 0.97, 0.98, 0.99, 0.993, 0.995, 0.997, 0.998, 0.999, 0.9995, 0.9999, 2];
    for (const confirm of [0.7, 0.9, 0.97])
      for (const veto of [0, 0.02, 0.05, 0.1, 0.2]) {
        let best: [number, Tally] | undefined;
        for (const remove of removes) {
          const t = run({ ...DEFAULT_THRESHOLDS, confirm, review: 0.7, remove, veto }, false);
          if (t.fp <= 0.01 * t.ordinary && (!best || t.removed > best[1].removed)) best = [remove, t];
        }
        if (best) process.stdout.write(line(`  c ${confirm} v ${veto} rm ${best[0]}`, best[1]));
      }
  }
}

await main();
