/**
 * `npx tsx src/cli/eval-triage.ts [file.tsv ...] [--text] [--terms DIR] [--no-model]`:
 * evaluates the triage on labelled TSV files (triage/eval.tsv by default) and exits 1
 * when a goal is missed.
 */
import { readLabelledTsv } from '../storage/files/labelled-tsv.ts';
import { evaluateTriage, formatEvaluation } from '../core/triage/eval.ts';
import { loadTriage, TRIAGE_DATA_DIR } from '../storage/files/load-triage.ts';

async function main(argv: string[]): Promise<number> {
  const files: string[] = [];
  let withText = false;
  let withoutModel = false;
  let termsDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--text') withText = true;
    else if (arg === '--no-model') withoutModel = true;
    else if (arg === '--terms') termsDir = argv[++i];
    else files.push(arg);
  }
  if (files.length === 0) files.push(`${TRIAGE_DATA_DIR}eval.tsv`);
  const triage = await loadTriage({ termsDir, withoutModel });
  let passed = true;
  for (const file of files) {
    const evaluation = evaluateTriage(triage, await readLabelledTsv(file));
    process.stdout.write(`== ${file}\n${formatEvaluation(evaluation, { withText })}\n\n`);
    passed &&= evaluation.passed;
  }
  return passed ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
