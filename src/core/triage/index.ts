/** Triage of client messages: need code, urgency and emergency kind (see create-triage.ts). */
export { createTriage, DEFAULT_WEIGHTS, type Triage, type TriageOptions, type TriageWeights } from './create-triage.ts';
export type { ReadAs } from './detect-language.ts';
export { extractFeatures } from './features.ts';
export { trainNaiveBayes, type TrainingExample, type TrainingOptions } from './naive-bayes.ts';
export { tokenize, transliterate, skeleton } from './normalize.ts';
export type {
  ContextTerms, TermSet, TriageLang, TriageModel, TriageResult, UrgentKind, UrgentTerms,
} from './types.ts';
