import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { MODEL_CLASSES, type ModerationModel } from '../../core/community/moderation-model.ts';
import { ModerationRulesError } from './load-moderation-rules.ts';

/** The shipped moderation model, trained by src/cli/train-moderation.ts. */
export const MODERATION_MODEL_FILE = fileURLToPath(new URL('../../../triage/moderation-model.json', import.meta.url));

const ModerationModelSchema = z.object({
  version: z.literal(1),
  classes: z.array(z.enum(MODEL_CLASSES)).length(MODEL_CLASSES.length),
  bias: z.array(z.number()).length(MODEL_CLASSES.length),
  weights: z.record(z.string(), z.array(z.number()).length(MODEL_CLASSES.length)),
});

/** Reads and checks the moderation model file (once, at start-up). */
export async function loadModerationModel(path = MODERATION_MODEL_FILE): Promise<ModerationModel> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ModerationRulesError(`${path}: ${(error as Error).message}`, { cause: error });
  }
  const parsed = ModerationModelSchema.safeParse(raw);
  if (!parsed.success) throw new ModerationRulesError(`${path}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
