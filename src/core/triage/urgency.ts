/**
 * Decides whether a message is an emergency now, from urgent cues and the context around
 * them. Recall comes first: a state cue ("не дышит", "turning blue") is urgent unless an
 * advance-question, hypothetical, past or story marker stands before it, the danger is
 * said to be over, or a blocker explains it away ("нога посинела"); and a "right now"
 * marker ("срочно", "help") overrides hypothetical and past markers.
 */
import { CONTEXT_TAG, URGENT_TAG } from './compile-terms.ts';
import type { TermHit } from './term-index.ts';
import type { UrgentKind } from './types.ts';

/** The urgency part of a triage result. */
export interface UrgencyDecision {
  kind: UrgentKind | null;
  /** How sure the cue is, 0..1; 0 when not urgent. */
  confidence: number;
  /**
   * A state cue ("не дышит", "chest pain") was there but its context defused it (a past,
   * hypothetical or story marker): a sign of danger the triage could not call urgent.
   */
  defusedState: UrgentKind | null;
  /** The message asks in advance ("just in case") or says the danger is over. */
  settled: boolean;
}

interface Span {
  start: number;
  end: number;
}

interface Cue extends Span {
  kind: UrgentKind;
  strong: boolean;
  strength: number;
}

const CUE_KINDS: Record<string, { kind: UrgentKind; strong: boolean }> = {
  overdose: { kind: 'overdose', strong: true },
  overdoseWeak: { kind: 'overdose', strong: false },
  suicide: { kind: 'suicide', strong: true },
  suicideWeak: { kind: 'suicide', strong: false },
  bleeding: { kind: 'bleeding', strong: true },
  bleedingWeak: { kind: 'bleeding', strong: false },
};

const NOT_URGENT: UrgencyDecision = { kind: null, confidence: 0, defusedState: null, settled: false };

const overlaps = (a: Span, b: Span): boolean => a.start <= b.end && b.start <= a.end;

/** Rank of an urgent cue: an overdose state first, then suicide, bleeding, overdose words. */
function rank(cue: Cue): number {
  if (cue.kind === 'overdose') return cue.strong ? 4 : 1;
  return cue.kind === 'suicide' ? 3 : 2;
}

/** Reads urgency from the term hits of one message. */
export function decideUrgency(hits: readonly TermHit[]): UrgencyDecision {
  const context = new Map<string, Span[]>();
  const cues: Cue[] = [];
  const blockers: Span[] = [];
  for (const hit of hits) {
    const tag = hit.term.tag;
    if (tag.startsWith(CONTEXT_TAG)) {
      const key = tag.slice(CONTEXT_TAG.length);
      const list = context.get(key);
      if (list === undefined) context.set(key, [hit]);
      else list.push(hit);
    } else if (tag.startsWith(URGENT_TAG)) {
      const key = tag.slice(URGENT_TAG.length);
      if (key === 'blockers') blockers.push(hit);
      const meta = CUE_KINDS[key];
      if (meta !== undefined) cues.push({ ...meta, start: hit.start, end: hit.end, strength: hit.strength });
    }
  }
  const spans = (key: string): Span[] => context.get(key) ?? [];
  if (spans('advance').length > 0) return { ...NOT_URGENT, settled: true };
  if (cues.length === 0) return { ...NOT_URGENT, settled: spans('resolved').length > 0 };
  const resolvedEnd = Math.max(-1, ...spans('resolved').map((s) => s.end));
  let defusedState: UrgentKind | null = null;
  const present = spans('present').length > 0;
  const presentWeak = spans('presentWeak').length > 0;
  const strongDefusers = [...spans('hypothetical'), ...spans('past'), ...spans('story')];
  const weakDefusers = [...strongDefusers, ...spans('question')];

  let best: Cue | null = null;
  let bestConfidence = 0;
  for (const cue of cues) {
    if (cue.start <= resolvedEnd) continue;
    if (blockers.some((b) => overlaps(b, cue))) continue;
    let confidence: number;
    if (cue.strong) {
      const defused = strongDefusers.some((d) => d.start < cue.start);
      if (defused && !present) {
        defusedState ??= cue.kind;
        continue;
      }
      confidence = 0.75 + 0.2 * cue.strength;
    } else if (present) {
      if (weakDefusers.some((d) => d.start <= cue.start)) continue;
      confidence = 0.85 * cue.strength;
    } else if (presentWeak && weakDefusers.length === 0) {
      confidence = 0.75 * cue.strength;
    } else {
      continue;
    }
    if (best === null || rank(cue) > rank(best)) {
      best = cue;
      bestConfidence = confidence;
    }
  }
  const settled = resolvedEnd >= 0 && best === null;
  return best === null ? { ...NOT_URGENT, defusedState, settled } : { kind: best.kind, confidence: bestConfidence, defusedState, settled: false };
}
