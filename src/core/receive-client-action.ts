import { handleGuideAction, type EmergencyDeps } from './emergency/run-guide.ts';
import { decodeGuideAction, type GuideAction } from './emergency/guides.ts';
import { isNeedCode } from './codebook.ts';
import { eraseClientData } from './erase-client.ts';
import { sendArticle, type SelfHelpSource } from './self-help.ts';
import { endSpottingOnErase, handleSpottingAction } from './spotting/spotting.ts';
import type { RelayStore, Translate } from './ports.ts';
import { sosKeyboard } from './keyboards.ts';
import { openTopicRequest } from './staff-topic.ts';
import { PRIORITY, conversationChannel, type Client, type Language } from './types.ts';
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
export async function receiveClientAction(store: RelayStore, deps: ReceiveClientActionDeps, input: IncomingClientAction): Promise<ClientActionOutcome> {
  const { client } = await store.clients.upsert({ pseudonym: input.pseudonym, chatId: input.chatId, language: input.language, at: input.at });
  return handleClientAction(store, deps, client, {
    key: String(input.updateId),
    at: input.at,
    data: input.data,
    ...(input.label === undefined ? {} : { label: input.label }),
    telegram: { updateId: input.updateId, callbackQueryId: input.callbackQueryId, chatId: input.chatId, ...(input.messageId === undefined ? {} : { messageId: input.messageId }) },
  });
}

/** What a press of one of the bot's buttons did. */
export type ClientActionOutcome = 'guide' | 'language' | 'forget' | 'need' | 'feedback' | 'article' | 'spot' | 'unknown';

/** A press of one of the bot's buttons, in Telegram or as a form of the web chat. */
export interface ClientAction {
  /** Makes the queued calls unique: the Telegram update id, or the web form's request id. */
  key: string;
  at: number;
  data: string;
  /** The pressed button's label, as the client saw it. */
  label?: string;
  /** The press in Telegram (it must be answered); absent for the web chat. */
  telegram?: { updateId: number; callbackQueryId: string; chatId: number; messageId?: number };
}

/**
 * A client's press of one of the bot's buttons, whichever channel they write from: see
 * {@link receiveClientAction}. The web chat has no spotting check-ins and erases through a
 * page of its own, so those buttons only mean something in Telegram.
 */
export async function handleClientAction(store: RelayStore, deps: ReceiveClientActionDeps, client: Client, input: ClientAction): Promise<ClientActionOutcome> {
  const tg = input.telegram;
  const key = input.key;
  const channel = conversationChannel(client);
  // Telegram shows a spinner until a press is answered; the web chat's next page is the answer.
  const answer = async (text?: string) => {
    if (!tg) return;
    await store.enqueue(
      {
        dedupeKey: `answer:${key}`,
        lane: LANE.client(client.id),
        priority: PRIORITY.urgent,
        target: { kind: 'client', clientId: client.id },
        method: 'answerCallbackQuery',
        params: { callback_query_id: tg.callbackQueryId, ...(text ? { text } : {}) },
      },
      input.at,
    );
  };

  const language = /^lang:(ru|en)$/.exec(input.data)?.[1] as Language | undefined;
  if (language) {
    await store.clients.setLanguage(client.id, language);
    await answer();
    await store.enqueue(
      {
        dedupeKey: `lang-set:${key}`,
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
    const kase = await store.cases.findOpen(client.id, channel);
    if (kase) {
      await recordChoice(store, deps, client, input, kase.id);
      await store.cases.addNeed(kase.id, need);
      await store.enqueue(topicMessage(kase, `need-staff:${key}`, { text: deps.t(deps.staffLanguage, 'staff-client-chose-need', { need: deps.t(deps.staffLanguage, `need-${need}`) }) }), input.at);
    }
    await store.enqueue(
      {
        dedupeKey: `need-thanks:${key}`,
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

  if (input.data.startsWith('spot:') && deps.emergency && tg) {
    await answer();
    const kase = await store.cases.findOpen(client.id, channel);
    const handled = await handleSpottingAction(store, store.spotting, deps.emergency, {
      client,
      ...(kase ? { caseId: kase.id } : {}),
      data: input.data,
      updateId: tg.updateId,
      at: input.at,
    });
    if (handled) {
      if (kase) await recordChoice(store, deps, client, input, kase.id);
      return 'spot';
    }
  }

  const article = /^kb:([a-z0-9-]{1,40})$/.exec(input.data)?.[1];
  if (article && deps.selfHelp) {
    const kase = await store.cases.findOpen(client.id, channel);
    if (kase) await recordChoice(store, deps, client, input, kase.id);
    const sent = await sendArticle(store, deps.selfHelp, client, { id: article, key, at: input.at, ...(kase ? { caseId: kase.id } : {}) });
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
  if (forget && tg) {
    await answer();
    if (forget[1] === 'yes') {
      const alsoDelete = [Number(forget[2]), tg.messageId ?? Number.NaN].filter((id) => Number.isInteger(id) && id > 0);
      await endSpottingOnErase(store, store.spotting, client, input.at);
      await eraseClientData(store, deps, { client, chatId: tg.chatId, at: input.at, key, alsoDelete });
    } else {
      await store.enqueue(
        {
          dedupeKey: `forget-kept:${key}`,
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
    let kase = await store.cases.findOpen(client.id, channel);
    if (!kase) {
      // A guide button of a closed or erased case: a new case, with a topic for its alert.
      kase = await store.cases.open({ clientId: client.id, channel, urgent: true, at: input.at });
      await store.enqueue(openTopicRequest(client.code, kase.id), input.at);
    }
    await answer();
    await recordChoice(store, deps, client, input, kase.id);
    const handled = await handleGuideAction(store, deps.emergency, { client, caseId: kase.id, key, at: input.at }, input.data);
    const outcome = guideOutcome(deps.emergency, client, guideAction);
    if (handled && outcome) {
      // An emergency's news: never behind the case's ordinary traffic.
      const text = deps.t(deps.staffLanguage, 'staff-client-chose-guide', { choice: choiceText(deps, client, input), outcome });
      await store.enqueue(topicMessage(kase, `guide-choice-staff:${key}`, { text }, PRIORITY.urgent), input.at);
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
function choiceText(deps: ReceiveClientActionDeps, client: Client, input: ClientAction): string {
  const label = input.label?.trim();
  if (label) return label.slice(0, MAX_LABEL);
  const need = /^need:([a-z_]+)$/.exec(input.data)?.[1];
  if (need && isNeedCode(need)) return deps.t(client.language, `need-${need}`);
  const rating = /^fb:\d+:(helped|partly|not_helped)$/.exec(input.data)?.[1];
  if (rating) return deps.t(client.language, `feedback-${rating}`);
  return deps.t(deps.staffLanguage, 'transcript-choice-unlabelled', { data: input.data.slice(0, 64) });
}

/** Records the client's press as a `choice` of the case (sealed like every body). */
async function recordChoice(store: RelayStore, deps: ReceiveClientActionDeps, client: Client, input: ClientAction, caseId: number): Promise<void> {
  await store.cases.recordMessage({ caseId, direction: 'in', kind: 'choice', body: choiceText(deps, client, input), media: null, updateId: input.telegram?.updateId ?? null, at: input.at });
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
