import type { OutboxRequest, RelayStore, Translate } from '../ports.ts';
import type { TriageVerdict } from '../receive-client-message.ts';
import { PRIORITY, type Language, type StaffButtonPress } from '../types.ts';
import { isSupervisor } from './channel-posts.ts';
import type { DrugAlert, DrugAlertReport } from './drug-alert-ports.ts';
import { answerStaffPress, LANE } from '../outbox/lanes.ts';

/** What drug alerts need. */
export interface DrugAlertDeps {
  t: Translate;
  staffLanguage: Language;
  /** The channel verified alerts are published to; absent means they stay in the staff group. */
  channel?: { channelChatId: number; channelLanguage: Language };
  /** Triage: an emergency written in the middle of a report goes to the emergency response instead. */
  classify?: (text: string, language: Language) => TriageVerdict;
}

/** Callback data of an alert's buttons in the staff group: `dal:<id>:<action>`. */
export const DRUG_ALERT_CALLBACK = /^dal:(\d+):(verify|reject|publish)$/;
/** A report left unfinished this long is forgotten (the next message is an ordinary one). */
const COLLECT_WINDOW_MS = 60 * 60_000;
const LIMITS = { what: 500, area: 100, happened: 1500 } as const;

/** The hashtag of an area ("Северный район" → "#северный_район"); empty if nothing is left. */
export function areaTag(area: string): string {
  const tag = area.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '').slice(0, 40);
  return tag === '' ? '' : `#${tag}`;
}

/** A private message that may belong to a drug alert being reported. */
export interface AlertMessage {
  updateId: number;
  at: number;
  pseudonym: string;
  /** The private chat (the user id); only inside sealed outbox payloads. */
  userId: number;
  language: Language;
  text: string;
}

/**
 * `/alert` in the private chat starts an anonymous report of a dangerous batch: what it
 * was, where (an area), what happened, one question at a time; `/cancel` drops it. The
 * finished report reaches the staff group with "verify" and "reject", and nothing links it
 * to who sent it. Commands are never swallowed by a report in progress; an answer that
 * triage finds urgent is kept, and `urgent` tells the caller to let the emergency
 * response answer it too.
 */
export async function receiveAlertMessage(
  store: RelayStore,
  deps: DrugAlertDeps,
  input: AlertMessage,
): Promise<{ outcome: 'started' | 'answered' | 'sent' | 'cancelled' | 'not-alert'; urgent: boolean }> {
  const text = input.text.trim();
  const command = /^\/([a-z_]+)(?:@\w+)?(?:\s|$)/i.exec(text)?.[1]?.toLowerCase();
  const alerts = store.drugAlerts;
  const tell = (alertId: number, name: string, key: string, language: Language, extra: Partial<OutboxRequest> = {}) =>
    store.enqueue(
      { dedupeKey: `${name}:${input.updateId}`, lane: LANE.drugAlert(alertId), priority: PRIORITY.normal, target: { kind: 'direct', chatId: input.userId }, method: 'sendMessage', params: { text: deps.t(language, key) }, ...extra },
      input.at,
    );
  if (command === 'alert') {
    const id = await alerts.start(input.pseudonym, input.language, input.at);
    await tell(id, 'drug-alert-what', 'drug-alert-ask-what', input.language);
    return { outcome: 'started', urgent: false };
  }
  const alert = await alerts.collecting(input.pseudonym, input.at - COLLECT_WINDOW_MS);
  if (!alert) return { outcome: 'not-alert', urgent: false };
  if (command === 'cancel') {
    await alerts.cancel(alert.id, input.at);
    await tell(alert.id, 'drug-alert-cancel', 'drug-alert-cancelled', alert.language);
    return { outcome: 'cancelled', urgent: false };
  }
  if (command !== undefined || text === '') return { outcome: 'not-alert', urgent: false };
  const urgent = deps.classify?.(text, alert.language).urgent === true;

  const report: DrugAlertReport = { ...alert.report };
  if (alert.step === 'what') report.what = text.slice(0, LIMITS.what);
  else if (alert.step === 'where') report.area = text.slice(0, LIMITS.area);
  else report.happened = text.slice(0, LIMITS.happened);
  const next = alert.step === 'what' ? 'where' : alert.step === 'where' ? 'happened' : undefined;
  await alerts.answer(alert.id, report, next, input.at);
  if (next !== undefined) {
    await tell(alert.id, `drug-alert-${next}`, `drug-alert-ask-${next}`, alert.language);
    return { outcome: 'answered', urgent };
  }
  await tell(alert.id, 'drug-alert-thanks', 'drug-alert-thanks', alert.language);
  const lang = deps.staffLanguage;
  const button = (action: string) => ({ text: deps.t(lang, `drug-alert-button-${action}`), callback_data: `dal:${alert.id}:${action}` });
  await store.enqueue(
    {
      dedupeKey: `drug-alert-staff:${input.updateId}`,
      lane: LANE.staffDrugAlerts,
      priority: PRIORITY.urgent,
      target: { kind: 'staff-chat' },
      method: 'sendMessage',
      params: { text: deps.t(lang, 'drug-alert-staff', { id: alert.id, ...report, tag: areaTag(report.area) }), reply_markup: { inline_keyboard: [[button('verify'), button('reject')]] } },
    },
    input.at,
  );
  return { outcome: 'sent', urgent };
}

/**
 * Workers verify or reject a reported alert; only a supervisor publishes a verified one to
 * the channel, tagged by area. An unverified report is never published.
 */
export async function pressDrugAlertButton(store: RelayStore, deps: DrugAlertDeps, input: StaffButtonPress): Promise<string> {
  const lang = deps.staffLanguage;
  const key = String(input.updateId);
  const answer = async (messageKey: string, args?: Record<string, string | number>) => {
    await store.enqueue(
      answerStaffPress(LANE.staffDrugAlerts, `drug-alert-cb:${key}`, input.callbackQueryId, deps.t(lang, messageKey, args)),
      input.at,
    );
    return messageKey;
  };
  const toStaff = (name: string, text: string, extra: Record<string, unknown> = {}) =>
    store.enqueue({ dedupeKey: `${name}:${key}`, lane: LANE.staffDrugAlerts, priority: PRIORITY.normal, target: { kind: 'staff-chat' }, method: 'sendMessage', params: { text, ...extra } }, input.at);
  const match = DRUG_ALERT_CALLBACK.exec(input.data);
  const alert: DrugAlert | undefined = match ? await store.drugAlerts.get(Number(match[1])) : undefined;
  if (!match || !alert) return answer('drug-alert-gone');
  const staff = await store.staff.upsert({ pseudonym: input.staffPseudonym, chatId: input.staffChatId, at: input.at });
  const id = alert.id;

  if (match[2] === 'verify') {
    if (!(await store.drugAlerts.transition(id, 'pending', 'verified', staff.id, input.at))) return answer('drug-alert-already', { id });
    await toStaff('drug-alert-verified', deps.t(lang, 'drug-alert-verified', { id }), {
      reply_markup: { inline_keyboard: [[{ text: deps.t(lang, 'drug-alert-button-publish'), callback_data: `dal:${id}:publish` }, { text: deps.t(lang, 'drug-alert-button-reject'), callback_data: `dal:${id}:reject` }]] },
    });
    return answer('drug-alert-verified', { id });
  }
  if (match[2] === 'reject') {
    const rejected =
      (await store.drugAlerts.transition(id, 'pending', 'rejected', staff.id, input.at)) ||
      (isSupervisor(staff) && (await store.drugAlerts.transition(id, 'verified', 'rejected', staff.id, input.at)));
    if (!rejected) return answer(alert.status === 'verified' ? 'drug-alert-only-supervisor' : 'drug-alert-already', { id });
    await toStaff('drug-alert-rejected', deps.t(lang, 'drug-alert-rejected', { id }));
    return answer('drug-alert-rejected', { id });
  }
  // publish
  if (!isSupervisor(staff)) return answer('drug-alert-only-supervisor');
  if (alert.status === 'pending') return answer('drug-alert-verify-first');
  if (!deps.channel) return answer('drug-alert-no-channel');
  if (!(await store.drugAlerts.transition(id, 'verified', 'published', staff.id, input.at))) return answer('drug-alert-already', { id });
  const channel = deps.channel;
  await store.enqueue(
    {
      dedupeKey: `drug-alert-publish:${id}`,
      lane: LANE.channel,
      priority: PRIORITY.urgent,
      target: { kind: 'group', chatId: channel.channelChatId },
      method: 'sendMessage',
      params: { text: deps.t(channel.channelLanguage, 'drug-alert-post', { ...alert.report, tag: areaTag(alert.report.area) }) },
    },
    input.at,
  );
  await toStaff('drug-alert-published', deps.t(lang, 'drug-alert-published', { id }));
  return answer('drug-alert-published', { id });
}
