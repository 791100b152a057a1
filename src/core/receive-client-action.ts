import { handleGuideAction, type EmergencyDeps } from './emergency/run-guide.ts';
import { decodeGuideAction, type GuideAction } from './emergency/guides.ts';
import { isNeedCode } from './codebook.ts';
import { eraseClientData } from './erase-client.ts';
import { sendArticle, type SelfHelpSource } from './self-help.ts';
import { endSpottingOnErase, handleSpottingAction } from './spotting/spotting.ts';
import type { RelayStore, Translate } from './ports.ts';
import { sosKeyboard } from './keyboards.ts';
import { openTopicRequest } from './staff-topic.ts';
import { PRIORITY, type Client, type Language } from './types.ts';
import { LANE, topicMessage } from './outbox/lanes.ts';

/** A client pressed an inline button in their private chat with the bot. */
export interface IncomingClientAction {
  updateId: number;
  at: number;
  pseudonym: string;
  chatId: number;
  language: Language;
  callbackQueryId: string;
  data: string;
  /** The bot message whose button was pressed. */
  messageId?: number;
  /**
   * The pressed button's label, as the client saw it (from the message's inline keyboard);
   * absent when Telegram no longer sends the message (an old one).
   */
  label?: string;
}

/** What the client-action use-case needs. */
export interface ReceiveClientActionDeps {
  t: Translate;
  staffLanguage: Language;
  emergency?: EmergencyDeps;
  selfHelp?: SelfHelpSource;
}

/**
 * Buttons in the client's chat: emergency guide steps and language choice. Every press is
 * answered (Telegram shows a spinner until then); a press of an old or unknown button gets
 * a polite answer instead of nothing. Pressing twice is harmless: each press shows the step.
 * What the client chose becomes part of the case (a `choice` row with the button's label);
 * a choice in an emergency guide is also one short urgent line in the case's staff topic.
 */
export async function receiveClientAction(store: RelayStore, deps: ReceiveClientActionDeps, input: IncomingClientAction): Promise<'guide' | 'language' | 'forget' | 'need' | 'feedback' | 'article' | 'spot' | 'unknown'> {
  const { client } = await store.clients.upsert({ pseudonym: input.pseudonym, chatId: input.chatId, language: input.language, at: input.at });
  const answer = async (text?: string) =>
    store.enqueue(
      {
        dedupeKey: `answer:${input.updateId}`,
        lane: LANE.client(client.id),
        priority: PRIORITY.urgent,
        target: { kind: 'client', clientId: client.id },
        method: 'answerCallbackQuery',
        params: { callback_query_id: input.callbackQueryId, ...(text ? { text } : {}) },
      },
      input.at,
    );

  const language = /^lang:(ru|en)$/.exec(input.data)?.[1] as Language | undefined;
  if (language) {
    await store.clients.setLanguage(client.id, language);
    await answer();
    await store.enqueue(
      {
        dedupeKey: `lang-set:${input.updateId}`,
        lane: LANE.client(client.id),
        priority: PRIORITY.normal,
        target: { kind: 'client', clientId: client.id },
        method: 'sendMessage',
        params: { text: deps.t(language, 'client-language-set'), reply_markup: sosKeyboard(deps.t, language) },
      },
      input.at,
    );
    return 'language';
  }

  const need = /^need:([a-z_]+)$/.exec(input.data)?.[1];
  if (need && isNeedCode(need)) {
    await answer();
    const kase = await store.cases.findOpen(client.id, 'private');
    if (kase) {
      await recordChoice(store, deps, client, input, kase.id);
      await store.cases.addNeed(kase.id, need);
      await store.enqueue(topicMessage(kase, `need-staff:${input.updateId}`, { text: deps.t(deps.staffLanguage, 'staff-client-chose-need', { need: deps.t(deps.staffLanguage, `need-${need}`) }) }), input.at);
    }
    await store.enqueue(
      {
        dedupeKey: `need-thanks:${input.updateId}`,
        lane: LANE.client(client.id),
        priority: PRIORITY.normal,
        target: { kind: 'client', clientId: client.id },
        method: 'sendMessage',
        params: { text: deps.t(client.language, 'client-need-chosen') },
        ...(kase ? { caseId: kase.id } : {}),
      },
      input.at,
    );
    return 'need';
  }

  if (input.data.startsWith('spot:') && deps.emergency) {
    await answer();
    const kase = await store.cases.findOpen(client.id, 'private');
    const handled = await handleSpottingAction(store, store.spotting, deps.emergency, {
      client,
      ...(kase ? { caseId: kase.id } : {}),
      data: input.data,
      updateId: input.updateId,
      at: input.at,
    });
    if (handled) {
      if (kase) await recordChoice(store, deps, client, input, kase.id);
      return 'spot';
    }
  }

  const article = /^kb:([a-z0-9-]{1,40})$/.exec(input.data)?.[1];
  if (article && deps.selfHelp) {
    const kase = await store.cases.findOpen(client.id, 'private');
    if (kase) await recordChoice(store, deps, client, input, kase.id);
    const sent = await sendArticle(store, deps.selfHelp, client, { id: article, key: String(input.updateId), at: input.at, ...(kase ? { caseId: kase.id } : {}) });
    await answer(sent ? undefined : deps.t(client.language, 'client-button-expired'));
    return 'article';
  }

  const feedback = /^fb:(\d+):(helped|partly|not_helped)$/.exec(input.data);
  if (feedback) {
    const caseId = Number(feedback[1]);
    const result = await store.feedback.record(client.id, caseId, feedback[2] ?? '', input.at);
    await answer(result === 'recorded' ? undefined : deps.t(client.language, 'feedback-already'));
    if (result === 'recorded') {
      // Into the rated case; a second rating of it was not taken, so it is not recorded either.
      await recordChoice(store, deps, client, input, caseId);
      await store.enqueue(
        {
          dedupeKey: `fb-comment-ask:${caseId}`,
          lane: LANE.client(client.id),
          priority: PRIORITY.normal,
          target: { kind: 'client', clientId: client.id },
          method: 'sendMessage',
          params: { text: deps.t(client.language, 'feedback-thanks'), reply_markup: { force_reply: true, input_field_placeholder: deps.t(client.language, 'feedback-placeholder') } },
          caseId,
        },
        input.at,
      );
    }
    return 'feedback';
  }

  const forget = /^forget:(yes|no)(?::(\d+))?$/.exec(input.data);
  if (forget) {
    await answer();
    if (forget[1] === 'yes') {
      const alsoDelete = [Number(forget[2]), input.messageId ?? Number.NaN].filter((id) => Number.isInteger(id) && id > 0);
      await endSpottingOnErase(store, store.spotting, client, input.at);
      await eraseClientData(store, deps, { client, chatId: input.chatId, at: input.at, key: String(input.updateId), alsoDelete });
    } else {
      await store.enqueue(
        {
          dedupeKey: `forget-kept:${input.updateId}`,
          lane: LANE.client(client.id),
          priority: PRIORITY.normal,
          target: { kind: 'client', clientId: client.id },
          method: 'sendMessage',
          params: { text: deps.t(client.language, 'forget-kept') },
        },
        input.at,
      );
    }
    return 'forget';
  }

  const guideAction = deps.emergency ? decodeGuideAction(input.data) : undefined;
  if (deps.emergency && guideAction) {
    let kase = await store.cases.findOpen(client.id, 'private');
    if (!kase) {
      // A guide button of a closed or erased case: a new case, with a topic for its alert.
      kase = await store.cases.open({ clientId: client.id, channel: 'private', urgent: true, at: input.at });
      await store.enqueue(openTopicRequest(client.code, kase.id), input.at);
    }
    await answer();
    await recordChoice(store, deps, client, input, kase.id);
    const handled = await handleGuideAction(store, deps.emergency, { client, caseId: kase.id, key: String(input.updateId), at: input.at }, input.data);
    const outcome = guideOutcome(deps.emergency, client, guideAction);
    if (handled && outcome) {
      // An emergency's news: never behind the case's ordinary traffic.
      const text = deps.t(deps.staffLanguage, 'staff-client-chose-guide', { choice: choiceText(deps, client, input), outcome });
      await store.enqueue(topicMessage(kase, `guide-choice-staff:${input.updateId}`, { text }, PRIORITY.urgent), input.at);
      return 'guide';
    }
  }
  await answer(deps.t(client.language, 'client-button-expired'));
  return 'unknown';
}

/** Longest button label kept in the transcript (Telegram's own labels are far shorter). */
const MAX_LABEL = 200;

/**
 * What the client chose, in words: the pressed button's label, or, for a message Telegram no
 * longer sends (an old one), the label the button had, or a short description of its data.
 */
function choiceText(deps: ReceiveClientActionDeps, client: Client, input: IncomingClientAction): string {
  const label = input.label?.trim();
  if (label) return label.slice(0, MAX_LABEL);
  const need = /^need:([a-z_]+)$/.exec(input.data)?.[1];
  if (need && isNeedCode(need)) return deps.t(client.language, `need-${need}`);
  const rating = /^fb:\d+:(helped|partly|not_helped)$/.exec(input.data)?.[1];
  if (rating) return deps.t(client.language, `feedback-${rating}`);
  return deps.t(deps.staffLanguage, 'transcript-choice-unlabelled', { data: input.data.slice(0, 64) });
}

/** Records the client's press as a `choice` of the case (sealed like every body). */
async function recordChoice(store: RelayStore, deps: ReceiveClientActionDeps, client: Client, input: IncomingClientAction, caseId: number): Promise<void> {
  await store.cases.recordMessage({ caseId, direction: 'in', kind: 'choice', body: choiceText(deps, client, input), media: null, updateId: input.updateId, at: input.at });
}

/**
 * What the guide did with a press of one of its buttons (g:, gs:, gw, ge), for the staff
 * topic's one line; undefined for other emergency buttons, which tell the topic themselves.
 */
function guideOutcome(emergency: EmergencyDeps, client: Client, action: GuideAction): 'guidance' | 'worker' | 'end' | 'expired' | undefined {
  switch (action.kind) {
    case 'worker':
    case 'end':
      return action.kind;
    case 'start':
      return 'guidance';
    case 'step':
      // A step an old button names may be gone from the guide since: then nothing was sent.
      return emergency.guides.step(action.guide, client.language, action.step) ? 'guidance' : 'expired';
    default:
      return undefined;
  }
}
