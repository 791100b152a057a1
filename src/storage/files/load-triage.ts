/**
 * Builds the triage with the shipped defaults (triage/terms, triage/model.json) plus an
 * organisation's own term files.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { NEED_CODES } from '../../core/codebook.ts';
import { createTriage, type Triage, type TriageWeights } from '../../core/triage/create-triage.ts';
import type { TriageModel } from '../../core/triage/types.ts';
import { loadTermDirectory, TermFileError } from './load-terms.ts';

/** The repository's triage/ directory (data: terms, model, eval set). */
export const TRIAGE_DATA_DIR = fileURLToPath(new URL('../../../triage/', import.meta.url));

const modelSchema = z.object({
  version: z.literal(1),
  classes: z.array(z.enum(NEED_CODES)),
  priors: z.array(z.number()),
  features: z.record(z.string(), z.array(z.number())),
  urgency: z.object({ bias: z.number(), weights: z.record(z.string(), z.number()) }).optional(),
});

/** Reads and checks a model file written by src/cli/train-triage.ts. */
export async function loadTriageModel(path = `${TRIAGE_DATA_DIR}model.json`): Promise<TriageModel> {
  const parsed = modelSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) throw new TermFileError(path, z.prettifyError(parsed.error));
  return parsed.data;
}

/** Options of {@link loadTriage}. */
export interface LoadTriageOptions {
  /** A directory of the organisation's own term files, added to the defaults. */
  termsDir?: string;
  /** Leave out the trained model (lexicon only). */
  withoutModel?: boolean;
  /** Mixing weights; tuning only. */
  weights?: Partial<TriageWeights>;
}

/**
 * Loads the default triage and any extra terms.
 *
 * @example
 * const triage = await loadTriage({ termsDir: config.triageTermsDir });
 * triage.classify('where can i get narcan'); // { need: 'hr_services', urgent: false, ... }
 */
export async function loadTriage(options: LoadTriageOptions = {}): Promise<Triage> {
  const defaults = await loadTermDirectory(`${TRIAGE_DATA_DIR}terms`);
  const extra = options.termsDir === undefined ? [] : await loadTermDirectory(options.termsDir);
  const model = options.withoutModel ? null : await loadTriageModel();
  return createTriage({ terms: [...defaults, ...extra], model, weights: options.weights });
}
