import { AppError } from './app-error.ts';
import { closeCase } from './close-case.ts';
import type { RelayStore, Translate } from './ports.ts';
import { topicName } from './staff-topic.ts';
import { PRIORITY, type Case, type Language } from './types.ts';
import { LANE, topicMessage } from './outbox/lanes.ts';

/** The worker acting from the dashboard. */
export interface DashboardActor {
  staffId: number;
  alias: string | null;
}

/** What the dashboard's case use-cases need. */
export interface CaseWorkDeps {
  t: Translate;
  staffLanguage: Language;
  orgContacts?: string | undefined;
}

async function caseOrThrow(store: RelayStore, caseId: number): Promise<Case> {
  const kase = await store.cases.get(caseId);
  if (!kase) throw new AppError('not-found', 'not-found', 'No such case.');
  return kase;
}

function mirrorToTopic(kase: Case, key: string, text: string, deps: CaseWorkDeps, alias: string | null, dedupeKey: string) {
  return topicMessage(kase, dedupeKey, { text: `${deps.t(deps.staffLanguage, key, { alias: alias ?? '—' })}\n${text}`.slice(0, 4096) });
}

/**
 * A worker's reply from the dashboard: sent to the client through the bot (signed with
 * the alias, like replies from the staff group) and shown in the case's topic so the
 * group sees the whole conversation. `requestId` makes a retried request send once.
 */
export async function replyFromDashboard(
  store: RelayStore,
  deps: CaseWorkDeps,
  input: { caseId: number; actor: DashboardActor; text: string; requestId: string; at: number },
): Promise<number> {
  await store.cases.lock(input.caseId);
  if (!(await store.cases.claimRequest(`reply:${input.requestId}`, input.at))) {
    const earlier = await store.cases.requestMessage(`reply:${input.requestId}`);
    if (earlier !== undefined) return earlier;
    throw new AppError('conflict', 'duplicate-request', 'This reply was already sent.');
  }
  const kase = await caseOrThrow(store, input.caseId);
  if (kase.status === 'closed') throw new AppError('conflict', 'case-closed', 'This case is closed, so the reply was not sent. Reopen it first.');
  const client = await store.clients.get(kase.clientId);
  if (!client) throw new AppError('conflict', 'client-erased', 'Not sent: the client erased their conversation.');
  if (client.unreachable) throw new AppError('conflict', 'client-unreachable', 'Not sent: the client blocked the bot or erased the conversation.');
  const messageId = await store.cases.recordMessage({ caseId: kase.id, direction: 'out', kind: 'text', body: input.text, media: null, staffId: input.actor.staffId, at: input.at });
  await store.cases.setRequestMessage(`reply:${input.requestId}`, messageId);
  await store.cases.markFirstResponse(kase.id, input.at);
  const signature = input.actor.alias ? deps.t(client.language, 'client-reply-signature', { alias: input.actor.alias }) : '';
  const text = signature === '' ? input.text.slice(0, 4096) : `${input.text.slice(0, 4096 - signature.length - 2)}\n\n${signature}`;
  await store.enqueue(
    {
      dedupeKey: `dashboard-reply:${input.requestId}`,
      lane: LANE.client(client.id),
      priority: kase.urgent ? PRIORITY.urgent : PRIORITY.normal,
      target: { kind: 'client', clientId: client.id },
      method: 'sendMessage',
      params: { text },
      effect: { kind: 'client-message-id', messageId },
      caseId: kase.id,
    },
    input.at,
  );
  await store.enqueue(mirrorToTopic(kase, 'staff-dashboard-reply', input.text, deps, input.actor.alias, `dashboard-reply-topic:${input.requestId}`), input.at);
  return messageId;
}

/** An internal note from the dashboard: kept with the case and shown in its topic, never sent to the client. */
export async function noteFromDashboard(store: RelayStore, deps: CaseWorkDeps, input: { caseId: number; actor: DashboardActor; text: string; at: number }): Promise<number> {
  const kase = await caseOrThrow(store, input.caseId);
  const messageId = await store.cases.recordMessage({ caseId: kase.id, direction: 'note', kind: 'text', body: input.text, media: null, staffId: input.actor.staffId, at: input.at });
  await store.enqueue(mirrorToTopic(kase, 'staff-dashboard-note', input.text, deps, input.actor.alias, `dashboard-note-topic:${messageId}`), input.at);
  return messageId;
}

/** Closes a case from the dashboard (the work report was checked by the caller). */
export async function closeFromDashboard(store: RelayStore, deps: CaseWorkDeps, input: { caseId: number; actor: DashboardActor; at: number }): Promise<void> {
  const kase = await caseOrThrow(store, input.caseId);
  if (kase.status === 'closed') throw new AppError('conflict', 'already-closed', 'This case is already closed.');
  await closeCase(store, deps, kase, input.at);
  await store.enqueue(mirrorToTopic(kase, 'staff-dashboard-closed', '', deps, input.actor.alias, `dashboard-closed-topic:${kase.id}:${input.at}`), input.at);
}

/** Reopens a closed case: its topic opens again under its open name. */
export async function reopenFromDashboard(store: RelayStore, input: { caseId: number; at: number }): Promise<Case> {
  const kase = await caseOrThrow(store, input.caseId);
  if (kase.status !== 'closed') throw new AppError('conflict', 'not-closed', 'This case is open.');
  // A client has at most one open case per channel: the newer one is where the work goes on.
  const other = await store.cases.findOpen(kase.clientId, kase.channel);
  if (other) throw new AppError('conflict', 'client-has-open-case', `The client has another open case (#${other.id}); continue there.`);
  const client = await store.clients.get(kase.clientId);
  const lane = LANE.case(kase.id);
  await store.enqueue({ dedupeKey: `topic-reopen:${kase.id}:${input.at}`, lane, priority: PRIORITY.normal, target: { kind: 'staff-topic', caseId: kase.id }, method: 'reopenForumTopic', params: {}, caseId: kase.id }, input.at);
  if (client) {
    await store.enqueue(
      { dedupeKey: `topic-rename-open:${kase.id}:${input.at}`, lane, priority: PRIORITY.normal, target: { kind: 'staff-topic', caseId: kase.id }, method: 'editForumTopic', params: { name: topicName(client.code, kase.id, false) }, caseId: kase.id },
      input.at,
    );
  }
  return kase;
}

/** E-mail addresses, Telegram handles and links: what a work report must not carry. */
const IDENTIFYING = [/[^\s@]+@[^\s@]+\.[a-z]{2,}/i, /(^|[\s(])@[a-z][a-z0-9_]{3,}/i, /t\.me\/|https?:\/\/|www\./i, /\b\d{3}-\d{2}-\d{2}\b/];
/** Runs of digits with separators, as phone numbers are written. */
const DIGIT_RUN = /\+?\d[\d\s().-]{5,}\d/g;

/**
 * True when a report text looks like it holds contact details: a phone number (9 or more
 * digits in one run, or a local 123-45-67; a date such as 24.11.2026 has 8 and passes), an
 * e-mail address, a @username or a link.
 */
export function looksIdentifying(text: string): boolean {
  if (IDENTIFYING.some((re) => re.test(text))) return true;
  for (const run of text.match(DIGIT_RUN) ?? []) {
    if (run.replace(/\D/g, '').length >= 9) return true;
  }
  return false;
}
