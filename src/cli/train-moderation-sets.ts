/**
 * The moderation training sets and how their labels become model classes, shared by
 * train-moderation.ts and loso-moderation.ts. The newest frozen hold-out
 * (triage/moderation-holdout-e.tsv) is deliberately not here.
 */
import type { LabelledMessage } from '../core/community/eval.ts';
import { MODEL_CLASSES, modelFeatures, type ModelClass, type ModelExample } from '../core/community/moderation-model.ts';
import { normalizeForModeration } from '../core/community/normalize.ts';

/**
 * The training sets, by name. Hold-outs B, C and D teach now: their first-contact scores were
 * reported (and B and C's misses looked at).
 */
export const MODERATION_SETS = {
  eval: 'moderation-eval.tsv',
  holdout: 'moderation-holdout.tsv',
  holdoutB: 'moderation-holdout-b.tsv',
  holdoutC: 'moderation-holdout-c.tsv',
  holdoutD: 'moderation-holdout-d.tsv',
  writerC: 'train-extra/moderation-writer-c.tsv',
  writerE: 'train-extra/moderation-writer-e.tsv',
  writerF: 'train-extra/moderation-writer-f.tsv',
  writerG: 'train-extra/moderation-writer-g.tsv',
  developer: 'train-extra/moderation-writer-dev.tsv',
} as const;
export type ModerationSetName = keyof typeof MODERATION_SETS;

const isClass = (label: string): label is ModelClass => (MODEL_CLASSES as readonly string[]).includes(label);

/**
 * The model's class for a set's label. Writers label death wishes, threats and harassment
 * `abuse`: aimed at a person, they are removed as insults are (they were silently left out
 * of training before, which is why abuse was the category hold-outs missed most).
 */
export function classOf(label: string): ModelClass | undefined {
  if (label === 'abuse') return 'insult';
  return isClass(label) ? label : undefined;
}

/** Training examples from labelled messages (links, which the model does not learn, are dropped). */
export function moderationExamples(messages: readonly LabelledMessage[]): ModelExample[] {
  return messages.flatMap((m) => {
    const label = classOf(m.label);
    return label ? [{ features: modelFeatures(normalizeForModeration(m.text)), label }] : [];
  });
}
