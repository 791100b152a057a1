import type { RelayStore, Translate } from './ports.ts';
import { PRIORITY, type Language } from './types.ts';

/** Why a message to a client could not be delivered: blocked now, erased, or marked unreachable before. */
export type UndeliverableReason = 'blocked' | 'erased' | 'unreachable';

/**
 * Tells the case's staff topic that a message did not reach the client, and why: they
 * blocked the bot, or erased their conversation. Once per undeliverable message.
 */
export async function noticeUndeliverable(
  store: RelayStore,
  deps: { t: Translate; staffLanguage: Language },
  input: { outboxId: number; caseId: number; reason: UndeliverableReason; at: number },
): Promise<void> {
  await store.enqueue(
    {
      dedupeKey: `undeliverable:${input.outboxId}`,
      lane: `case:${input.caseId}`,
      priority: PRIORITY.normal,
      target: { kind: 'staff-topic', caseId: input.caseId },
      method: 'sendMessage',
      params: { text: deps.t(deps.staffLanguage, input.reason === 'blocked' ? 'staff-client-unreachable' : 'staff-client-erased') },
      caseId: input.caseId,
    },
    input.at,
  );
}
