import type { OutboxRequest } from './ports.ts';
import { PRIORITY } from './types.ts';
import { LANE } from './outbox/lanes.ts';

/** A staff topic's name: the client code and the case number, never a name or username. */
export function topicName(code: string, caseId: number, closed = false): string {
  return `${closed ? '✅ ' : ''}${code} · #${caseId}`;
}

/**
 * The call that opens a case's staff topic. One dedupe key per case, so whichever use-case
 * asks first (the relay, a spotting alert) creates it once; a prerequisite of the case's
 * lane, so nothing meant for the topic overtakes it.
 */
export function openTopicRequest(code: string, caseId: number): OutboxRequest {
  return {
    dedupeKey: `topic:${caseId}`,
    lane: LANE.case(caseId),
    priority: PRIORITY.prerequisite,
    target: { kind: 'staff-chat' },
    method: 'createForumTopic',
    params: { name: topicName(code, caseId) },
    effect: { kind: 'case-topic', caseId },
    caseId,
  };
}
