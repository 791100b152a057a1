import type { Language } from '../types.ts';

/** The emergency guides the bot can walk a client through. */
export const GUIDE_IDS = ['sos', 'overdose', 'crisis', 'bleeding'] as const;
export type GuideId = (typeof GUIDE_IDS)[number];

/** One step of a guide as the engine needs it. */
export interface GuideStep {
  text: string;
  /** Rows of buttons; `next` is a step id, `@worker`, `@end` or `@guide:<id>`. */
  buttons: { label: string; next: string }[][];
  /** Ask this step again (or another) if the client pressed nothing for this long. */
  followUpAfterSeconds?: number;
  followUp?: string;
  /** Alert the on-call workers when this step is shown. */
  alert?: boolean;
}

/** Where guide content comes from (the content library, verified or not). */
export interface GuideSource {
  startStep(guide: GuideId, language: Language): string;
  step(guide: GuideId, language: Language, stepId: string): GuideStep | undefined;
  /** The label of a button that leads to the step, for telling staff where the client is. */
  stepLabel(guide: GuideId, language: Language, stepId: string): string | undefined;
  /** Content version and whether (and when, by whom) a doctor verified it. */
  verification(guide: GuideId, language: Language): { version: string; verified: { at: number; byRole: string } | null };
}

/** True when `value` names a guide. */
export function isGuideId(value: string): value is GuideId {
  return (GUIDE_IDS as readonly string[]).includes(value);
}

/** What a guide button does, decoded from its callback data. */
export type GuideAction =
  | { kind: 'step'; guide: GuideId; step: string }
  | { kind: 'start'; guide: GuideId }
  | { kind: 'worker' }
  | { kind: 'end' }
  /** The answer to "is someone's life in danger right now?": yes starts the guide it names. */
  | { kind: 'danger'; answer: 'yes'; guide: GuideId }
  | { kind: 'danger'; answer: 'no' };

/** Encodes a button target as Telegram callback data (at most 64 bytes). */
export function encodeGuideAction(guide: GuideId, next: string): string {
  if (next === '@worker') return 'gw';
  if (next === '@end') return 'ge';
  if (next.startsWith('@guide:')) return `gs:${next.slice('@guide:'.length)}`;
  return `g:${guide}:${next}`;
}

/** Callback data of the answers to "is someone's life in danger right now?". */
export function encodeDangerAnswer(answer: { yes: GuideId } | 'no'): string {
  return answer === 'no' ? 'gd:n' : `gd:y:${answer.yes}`;
}

/** Decodes callback data made by {@link encodeGuideAction} or {@link encodeDangerAnswer}; undefined if it is not one. */
export function decodeGuideAction(data: string): GuideAction | undefined {
  if (data === 'gw') return { kind: 'worker' };
  if (data === 'ge') return { kind: 'end' };
  if (data === 'gd:n') return { kind: 'danger', answer: 'no' };
  const danger = /^gd:y:([a-z]+)$/.exec(data);
  if (danger?.[1] && isGuideId(danger[1])) return { kind: 'danger', answer: 'yes', guide: danger[1] };
  const start = /^gs:([a-z]+)$/.exec(data);
  if (start?.[1] && isGuideId(start[1])) return { kind: 'start', guide: start[1] };
  const step = /^g:([a-z]+):([a-z0-9-]{1,24})$/.exec(data);
  if (step?.[1] && step[2] && isGuideId(step[1])) return { kind: 'step', guide: step[1], step: step[2] };
  return undefined;
}
