import type { RelayStore, Translate } from './ports.ts';
import { PRIORITY, type Language } from './types.ts';
import { topicMessage } from './outbox/lanes.ts';

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
  // Erased: the conversation is gone. Blocked now, or marked unreachable by an earlier block: the bot cannot reach them.
  const key = input.reason === 'erased' ? 'staff-client-erased' : 'staff-client-unreachable';
  await store.enqueue(topicMessage({ id: input.caseId }, `undeliverable:${input.outboxId}`, { text: deps.t(deps.staffLanguage, key) }, PRIORITY.normal), input.at);
}
