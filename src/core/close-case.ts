import type { RelayStore, Translate } from './ports.ts';
import { topicName } from './staff-topic.ts';
import { PRIORITY, type Case, type Language } from './types.ts';
import { LANE } from './outbox/lanes.ts';

/** Ratings a client can give a closed case. */
export const FEEDBACK_RATINGS = ['helped', 'partly', 'not_helped'] as const;
export type FeedbackRating = (typeof FEEDBACK_RATINGS)[number];

function feedbackButtons(t: Translate, language: Language, caseId: number): { text: string; callback_data: string }[][] {
  return FEEDBACK_RATINGS.map((rating) => [{ text: t(language, `feedback-${rating}`), callback_data: `fb:${caseId}:${rating}` }]);
}

/**
 * Closes a case, from the staff group (`/close`) or the dashboard: the client gets the
 * closing message with the organisation's contacts and a one-tap anonymous rating, and
 * the case's topic is renamed and closed.
 */
export async function closeCase(store: RelayStore, deps: { t: Translate; orgContacts?: string | undefined }, kase: Case, at: number): Promise<void> {
  await store.cases.close(kase.id, at);
  const client = await store.clients.get(kase.clientId);
  if (client && !client.unreachable) {
    const { t } = deps;
    await store.enqueue(
      {
        dedupeKey: `closed-client:${kase.id}:${at}`,
        lane: LANE.client(client.id),
        priority: PRIORITY.normal,
        target: { kind: 'client', clientId: client.id },
        method: 'sendMessage',
        params: {
          text: [t(client.language, 'client-case-closed'), deps.orgContacts ? t(client.language, 'client-org-contacts', { contacts: deps.orgContacts }) : '', t(client.language, 'feedback-ask')].filter(Boolean).join('\n\n'),
          reply_markup: { inline_keyboard: feedbackButtons(t, client.language, kase.id) },
        },
        caseId: kase.id,
      },
      at,
    );
  }
  const lane = LANE.case(kase.id);
  if (client) {
    await store.enqueue(
      {
        dedupeKey: `topic-rename-closed:${kase.id}:${at}`,
        lane,
        priority: PRIORITY.normal,
        target: { kind: 'staff-topic', caseId: kase.id },
        method: 'editForumTopic',
        params: { name: topicName(client.code, kase.id, true) },
        caseId: kase.id,
      },
      at,
    );
  }
  await store.enqueue(
    { dedupeKey: `topic-close:${kase.id}:${at}`, lane, priority: PRIORITY.normal, target: { kind: 'staff-topic', caseId: kase.id }, method: 'closeForumTopic', params: {}, caseId: kase.id },
    at,
  );
}
