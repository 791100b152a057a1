import type { OutboxRequest } from '../ports.ts';
import { PRIORITY, type Priority } from '../types.ts';

/**
 * The outbox's lanes: calls in one lane are sent in order (one client's chat, one case's
 * topic, one stream of staff-group notices). Every lane is named here, so the use-cases
 * and storage agree on them.
 */
export const LANE = {
  client: (clientId: number) => `client:${clientId}`,
  case: (caseId: number) => `case:${caseId}`,
  staffDm: (staffId: number) => `staff-dm:${staffId}`,
  member: (memberId: number) => `member:${memberId}`,
  drugAlert: (alertId: number) => `drug-alert:${alertId}`,
  spotWithdrawal: (sessionId: number) => `spot-withdraw:${sessionId}`,
  community: 'community',
  channel: 'channel',
  staffGeneral: 'staff:general',
  staffCommunity: 'staff:community',
  staffChannel: 'staff:channel',
  staffDrugAlerts: 'staff:drug-alerts',
} as const;

/**
 * The kinds of lane, each with the SQL LIKE pattern its lanes match: what monitoring groups
 * the outbox by (a lane itself names a client or a case; its kind names nothing).
 */
export const LANE_KINDS = [
  { kind: 'client', pattern: 'client:%' },
  { kind: 'case', pattern: 'case:%' },
  { kind: 'staff-dm', pattern: 'staff-dm:%' },
  { kind: 'member', pattern: 'member:%' },
  { kind: 'drug-alert', pattern: 'drug-alert:%' },
  { kind: 'spot-withdraw', pattern: 'spot-withdraw:%' },
  { kind: 'community', pattern: 'community' },
  { kind: 'channel', pattern: 'channel' },
  { kind: 'staff', pattern: 'staff:%' },
] as const;

/**
 * A message in a case's staff topic, in the case's lane; an urgent case's go first unless
 * `priority` says otherwise. `params` are sendMessage's (text, reply, link preview).
 *
 * @example await store.enqueue(topicMessage(kase, `note:${updateId}`, { text }), at);
 */
export function topicMessage(kase: { id: number; urgent?: boolean }, dedupeKey: string, params: { text: string } & Record<string, unknown>, priority?: Priority): OutboxRequest {
  return {
    dedupeKey,
    lane: LANE.case(kase.id),
    priority: priority ?? (kase.urgent ? PRIORITY.urgent : PRIORITY.normal),
    target: { kind: 'staff-topic', caseId: kase.id },
    method: 'sendMessage',
    params,
    caseId: kase.id,
  };
}

/** The answer to a staff member's press on one of the bot's buttons in the staff group (urgent: the button spins until then). */
export function answerStaffPress(lane: string, dedupeKey: string, callbackQueryId: string, text: string): OutboxRequest {
  return { dedupeKey, lane, priority: PRIORITY.urgent, target: { kind: 'staff-chat' }, method: 'answerCallbackQuery', params: { callback_query_id: callbackQueryId, text } };
}
