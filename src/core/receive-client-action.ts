import { handleGuideAction, type EmergencyDeps } from './emergency/run-guide.ts';
import { isNeedCode } from './codebook.ts';
import { eraseClientData } from './erase-client.ts';
import { sendArticle, type SelfHelpSource } from './self-help.ts';
import { endSpottingOnErase, handleSpottingAction } from './spotting/spotting.ts';
import type { RelayStore, Translate } from './ports.ts';
import { sosKeyboard } from './keyboards.ts';
import { PRIORITY, type Language } from './types.ts';

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
}

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
 */
export async function receiveClientAction(store: RelayStore, deps: ReceiveClientActionDeps, input: IncomingClientAction): Promise<'guide' | 'language' | 'forget' | 'need' | 'feedback' | 'article' | 'spot' | 'unknown'> {
  const { client } = await store.upsertClient({ pseudonym: input.pseudonym, chatId: input.chatId, language: input.language, at: input.at });
  const answer = async (text?: string) =>
    store.enqueue(
      {
        dedupeKey: `answer:${input.updateId}`,
        lane: `client:${client.id}`,
        priority: PRIORITY.urgent,
        target: { kind: 'client', clientId: client.id },
        method: 'answerCallbackQuery',
        params: { callback_query_id: input.callbackQueryId, ...(text ? { text } : {}) },
      },
      input.at,
    );

  const language = /^lang:(ru|en)$/.exec(input.data)?.[1] as Language | undefined;
  if (language) {
    await store.setClientLanguage(client.id, language);
    await answer();
    await store.enqueue(
      {
        dedupeKey: `lang-set:${input.updateId}`,
        lane: `client:${client.id}`,
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
    const kase = await store.findOpenCase(client.id, 'private');
    if (kase) {
      await store.addNeed(kase.id, need);
      await store.enqueue(
        {
          dedupeKey: `need-staff:${input.updateId}`,
          lane: `case:${kase.id}`,
          priority: kase.urgent ? PRIORITY.urgent : PRIORITY.normal,
          target: { kind: 'staff-topic', caseId: kase.id },
          method: 'sendMessage',
          params: { text: deps.t(deps.staffLanguage, 'staff-client-chose-need', { need: deps.t(deps.staffLanguage, `need-${need}`) }) },
          caseId: kase.id,
        },
        input.at,
      );
    }
    await store.enqueue(
      {
        dedupeKey: `need-thanks:${input.updateId}`,
        lane: `client:${client.id}`,
        priority: PRIORITY.normal,
        target: { kind: 'client', clientId: client.id },
        method: 'sendMessage',
        params: { text: deps.t(client.language, 'client-need-chosen') },
      },
      input.at,
    );
    return 'need';
  }

  if (input.data.startsWith('spot:') && deps.emergency) {
    await answer();
    const kase = await store.findOpenCase(client.id, 'private');
    const handled = await handleSpottingAction(store, store.spotting, deps.emergency, {
      client,
      ...(kase ? { caseId: kase.id } : {}),
      data: input.data,
      updateId: input.updateId,
      at: input.at,
    });
    if (handled) return 'spot';
  }

  const article = /^kb:([a-z0-9-]{1,40})$/.exec(input.data)?.[1];
  if (article && deps.selfHelp) {
    const sent = await sendArticle(store, deps.selfHelp, client, { id: article, key: String(input.updateId), at: input.at });
    await answer(sent ? undefined : deps.t(client.language, 'client-button-expired'));
    return 'article';
  }

  const feedback = /^fb:(\d+):(helped|partly|not_helped)$/.exec(input.data);
  if (feedback) {
    const caseId = Number(feedback[1]);
    const result = await store.recordFeedback(client.id, caseId, feedback[2] ?? '', input.at);
    await answer(result === 'recorded' ? undefined : deps.t(client.language, 'feedback-already'));
    if (result === 'recorded') {
      await store.enqueue(
        {
          dedupeKey: `fb-comment-ask:${caseId}`,
          lane: `client:${client.id}`,
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
          lane: `client:${client.id}`,
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

  if (deps.emergency && /^g[sew:]/.test(input.data)) {
    let kase = await store.findOpenCase(client.id, 'private');
    if (!kase) kase = await store.openCase({ clientId: client.id, channel: 'private', urgent: true, at: input.at });
    await answer();
    const handled = await handleGuideAction(store, deps.emergency, { client, caseId: kase.id, key: String(input.updateId), at: input.at }, input.data);
    if (handled) return 'guide';
  }
  await answer(deps.t(client.language, 'client-button-expired'));
  return 'unknown';
}
