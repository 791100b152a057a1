import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createModerationDetector } from '../core/community/detect.ts';
import { evaluateModeration, parseModerationSet } from '../core/community/eval.ts';
import { loadModerationModel } from '../storage/files/load-moderation-model.ts';
import { loadModerationRules } from '../storage/files/load-moderation-rules.ts';

/**
 * `npm run eval:moderation [-- [--rules RULES.json] [--no-model] [--verbose] FILE...]`: false-positive rate on
 * ordinary chat messages and recall on offending ones (removals only), and how many of each
 * would go to a worker for review, for the default rules (plus an organisation's rules file).
 * `--verbose` prints the texts of mistakes and reviews: keep it off for real chat data.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const rulesAt = args.indexOf('--rules');
  const rulesFile = rulesAt >= 0 ? args[rulesAt + 1] : undefined;
  const files = args.filter((a, i) => !a.startsWith('--') && (rulesAt < 0 || i !== rulesAt + 1));
  const paths = files.length > 0 ? files : [fileURLToPath(new URL('../../triage/moderation-eval.tsv', import.meta.url))];
  const rules = await loadModerationRules(rulesFile);
  const detector = createModerationDetector(rules, args.includes('--no-model') ? {} : { model: await loadModerationModel() });
  const set = paths.flatMap((p) => parseModerationSet(readFileSync(p, 'utf8')));
  const result = evaluateModeration(detector, set);
  // A small benchmark: moderation runs on the chat's hot path. Warm up once, then time five passes.
  for (const row of set) detector.check(row.text);
  const passes = 5;
  const started = performance.now();
  for (let pass = 0; pass < passes; pass++) for (const row of set) detector.check(row.text);
  const perMessage = (performance.now() - started) / (passes * set.length);
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const out = process.stdout;
  out.write(`messages: ${set.length} (ordinary ${result.ordinary}, offending ${result.offending})\n`);
  out.write(`false-positive rate: ${pct(result.falsePositiveRate)} (${result.falsePositives.length} of ${result.ordinary} ordinary messages removed)\n`);
  out.write(`recall: ${pct(result.recall)} (${result.offending - result.missed.length - result.reviewedOffending.length} of ${result.offending} offending messages removed)\n`);
  out.write(`review: ${pct(result.reviewRateOrdinary)} of ordinary (${result.reviewedOrdinary.length}), ${pct(result.reviewRateOffending)} of offending (${result.reviewedOffending.length}); missed entirely: ${result.missed.length}\n`);
  out.write(`right category among removed: ${pct(result.categoryAccuracy)}\n`);
  out.write(`speed: ${Math.round(1000 / perMessage)} messages/s (${(perMessage * 1000).toFixed(0)} µs each)\n`);
  for (const [label, s] of Object.entries(result.byLabel)) out.write(`  ${label.padEnd(8)} ${String(s.removed).padStart(4)} / ${s.total} removed, ${s.reviewed} to review\n`);
  if (args.includes('--verbose')) {
    for (const row of result.falsePositives) out.write(`FP\t${row.text}\n`);
    for (const row of result.reviewedOrdinary) out.write(`REVIEW-OK\t${row.text}\n`);
    for (const row of result.reviewedOffending) out.write(`REVIEW\t${row.label}\t${row.text}\n`);
    for (const row of result.missed) out.write(`MISS\t${row.label}\t${row.text}\n`);
  }
}

await main();
