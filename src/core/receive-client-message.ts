import type { NeedCode } from './codebook.ts';
import { askAboutDanger, startGuide, type EmergencyDeps } from './emergency/run-guide.ts';
import { askToForget } from './erase-client.ts';
import { describeMoment, isOpen, nextOpening, type WorkingHours } from './hours.ts';
import { offerArticles, type SelfHelpSource } from './self-help.ts';
import { openTopicRequest } from './staff-topic.ts';
import { captureSpottingInput, startSpotting } from './spotting/spotting.ts';
import { sosKeyboard } from './keyboards.ts';
import type { GuideId } from './emergency/guides.ts';
import type { OutboxRequest, RelayStore, Translate } from './ports.ts';
import { PRIORITY, conversationChannel, type Client, type Language, type MessageKind } from './types.ts';
import { LANE } from './outbox/lanes.ts';

/** A private message from a client, as the transport hands it over (no names, no usernames). */
export interface IncomingClientMessage {
  updateId: number;
  at: number;
  /** Keyed hash of the Telegram user id. */
  pseudonym: string;
  /** Telegram chat id; storage seals it and the outbox needs it to answer. */
  chatId: number;
  language: Language;
  messageId: number;
  kind: MessageKind;
  /** Text, or the caption of a media message. */
  text: string | null;
  /** Media details worth keeping (file id, duration, coordinates). */
  media: Record<string, unknown> | null;
  /** Formatting of a text message (bold, links), relayed with it. */
  entities?: readonly Record<string, unknown>[];
  /** The client sent an edited version of an earlier message. */
  edited?: boolean;
  /** The message held something never relayed or stored (a contact card: phone and name). */
  withheld?: 'contact';
  /** The bot message this one replies to, if any (a feedback comment answers its prompt). */
  replyToMessageId?: number;
}

/** What happened, for logs and metrics (never content). */
export interface ClientMessageOutcome {
  caseId: number | null;
  openedCase: boolean;
  welcomed: boolean;
  /** The guide started because of this message, if any. */
  guide?: GuideId;
}

/** What triage says of a message (see src/core/triage). */
export interface TriageVerdict {
  need: NeedCode;
  urgent: boolean;
  urgentKind: 'overdose' | 'suicide' | 'bleeding' | null;
  confidence: number;
  /** Not urgent, but with signs of danger: the client is asked whether a life is in danger now. */
  doubt?: boolean;
}

/** Dependencies of the client-message use-case. */
export interface ReceiveClientMessageDeps {
  t: Translate;
  staffLanguage: Language;
  /** Triage of the message text; absent means every message waits for a human. */
  classify?: (text: string, language: Language) => TriageVerdict;
  /** The emergency engine; absent means no guides (only the relay). */
  emergency?: EmergencyDeps;
  /** Working hours; outside them a new case gets the after-hours answer. Absent: always open. */
  hours?: WorkingHours;
  /** Self-help articles offered while a client waits. */
  selfHelp?: SelfHelpSource;
}

/** Russia's ambulance and unified emergency numbers, until an organisation sets its own. */
export const DEFAULT_AMBULANCE = '103, 112';

/** Below this triage confidence, the client is offered the needs as buttons. */
export const UNCLEAR_CONFIDENCE = 0.5;

const COMMAND = /^\/([a-z]+)(?:@\w+)?(?:\s|$)/i;

/**
 * A client's private message opens or continues their case: it is recorded (sealed) and
 * triaged; an urgent one starts the right emergency guide before anything else; a case that
 * opens is acknowledged and gets a staff topic named by the client code; and the message is
 * relayed into that topic. Everything is queued in the outbox inside the caller's transaction.
 */
export async function receiveClientMessage(store: RelayStore, deps: ReceiveClientMessageDeps, input: IncomingClientMessage): Promise<ClientMessageOutcome> {
  const { client } = await store.clients.upsert({ pseudonym: input.pseudonym, chatId: input.chatId, language: input.language, at: input.at });
  const lang = client.language;
  const toClient = (suffix: string, params: Record<string, unknown>, priority: OutboxRequest['priority'] = PRIORITY.normal, caseId?: number): OutboxRequest => ({
    dedupeKey: `${suffix}:${input.updateId}`,
    lane: LANE.client(client.id),
    priority,
    target: { kind: 'client', clientId: client.id },
    method: 'sendMessage',
    params,
    ...(caseId === undefined ? {} : { caseId }),
  });

  const text = input.text?.trim() ?? '';
  const command = input.kind === 'text' && !input.edited ? COMMAND.exec(text)?.[1]?.toLowerCase() : undefined;
  if (command === 'start') {
    await store.enqueue(toClient('welcome', { text: deps.t(lang, 'client-welcome'), reply_markup: sosKeyboard(deps.t, lang) }), input.at);
    return { caseId: null, openedCase: false, welcomed: true };
  }
  if (command === 'spot' && deps.emergency) {
    await startSpotting(store, store.spotting, deps.emergency, { client, updateId: input.updateId, at: input.at });
    return { caseId: null, openedCase: false, welcomed: false };
  }
  if (command === 'help' && deps.selfHelp) {
    await offerArticles(store, deps.t, client, { key: String(input.updateId), at: input.at, introKey: 'kb-topics', articles: deps.selfHelp.topics(lang) });
    return { caseId: null, openedCase: false, welcomed: false };
  }
  if (command === 'forget') {
    await askToForget(store, deps.t, client, { updateId: input.updateId, messageId: input.messageId, at: input.at });
    return { caseId: null, openedCase: false, welcomed: false };
  }
  if (command === 'lang') {
    const buttons = [[{ text: 'Русский', callback_data: 'lang:ru' }, { text: 'English', callback_data: 'lang:en' }]];
    await store.enqueue(toClient('lang', { text: deps.t(lang, 'client-choose-language'), reply_markup: { inline_keyboard: buttons } }), input.at);
    return { caseId: null, openedCase: false, welcomed: false };
  }
  if (input.replyToMessageId !== undefined && input.kind === 'text' && text !== '' && !input.edited) {
    // A reply to the feedback prompt is the optional comment: kept with the case, not a new request.
    const ratedCase = await store.feedback.promptCase(client.id, input.replyToMessageId);
    if (ratedCase !== undefined && (await store.feedback.saveComment(ratedCase, text.slice(0, 2000)))) {
      await store.enqueue(toClient('fb-comment-thanks', { text: deps.t(lang, 'feedback-comment-thanks'), reply_markup: sosKeyboard(deps.t, lang) }), input.at);
      return { caseId: ratedCase, openedCase: false, welcomed: false };
    }
  }
  if (!input.edited && command === undefined && deps.emergency) {
    // While a client is leaving what a responder would need, that (an address, a location) stays with the check-in.
    const location =
      input.kind === 'location' && typeof input.media?.latitude === 'number' && typeof input.media.longitude === 'number'
        ? { latitude: input.media.latitude, longitude: input.media.longitude }
        : undefined;
    const captured = await captureSpottingInput(store, store.spotting, deps.emergency, {
      client,
      kind: input.kind,
      text: input.text,
      ...(location ? { location } : {}),
      updateId: input.updateId,
      at: input.at,
    });
    if (captured) return { caseId: null, openedCase: false, welcomed: false };
  }
  const sos = command === 'sos' || (input.kind === 'text' && isSosButton(deps.t, text));
  return continueConversation(store, deps, client, {
    key: String(input.updateId),
    at: input.at,
    kind: input.kind,
    text: input.text,
    media: input.media,
    sos,
    telegram: {
      updateId: input.updateId,
      messageId: input.messageId,
      ...(input.entities ? { entities: input.entities } : {}),
      ...(input.edited ? { edited: true } : {}),
      ...(input.withheld ? { withheld: input.withheld } : {}),
    },
  });
}

/** One message of a client's own conversation, from Telegram or from the web chat. */
export interface ConversationMessage {
  /** Makes the queued calls unique: the Telegram update id, or the web chat form's request id. */
  key: string;
  at: number;
  kind: MessageKind;
  /** Text, or the caption of a media message. */
  text: string | null;
  media: Record<string, unknown> | null;
  /** The client asked for emergency help outright (🆘, /sos). */
  sos: boolean;
  /** Where the message is in Telegram; absent for the web chat, which has no such thing. */
  telegram?: {
    updateId: number;
    messageId: number;
    entities?: readonly Record<string, unknown>[];
    edited?: boolean;
    withheld?: 'contact';
  };
}

/**
 * A client's message in their own conversation (the private chat, or the web chat): it
 * opens or continues the client's case in that channel, is recorded (sealed) and triaged; an
 * urgent one starts the right emergency guide before anything else; a case that opens is
 * acknowledged (the after-hours answer outside working hours) and gets a staff topic named by
 * the client code; and the message is relayed into that topic. Everything is queued inside the
 * caller's transaction.
 */
export async function continueConversation(store: RelayStore, deps: ReceiveClientMessageDeps, client: Client, input: ConversationMessage): Promise<ClientMessageOutcome> {
  const lang = client.language;
  const tg = input.telegram;
  const key = input.key;
  const text = input.text?.trim() ?? '';
  const toClient = (suffix: string, params: Record<string, unknown>, priority: OutboxRequest['priority'] = PRIORITY.normal, caseId?: number): OutboxRequest => ({
    dedupeKey: `${suffix}:${key}`,
    lane: LANE.client(client.id),
    priority,
    target: { kind: 'client', clientId: client.id },
    method: 'sendMessage',
    params,
    ...(caseId === undefined ? {} : { caseId }),
  });
  const sos = input.sos;
  const verdict = !sos && deps.classify && text !== '' ? deps.classify(text, lang) : undefined;
  const urgentGuide: GuideId | undefined = sos ? 'sos' : verdict?.urgent ? guideFor(verdict.urgentKind) : undefined;

  const channel = conversationChannel(client);
  let kase = await store.cases.findOpen(client.id, channel);
  const openedCase = kase === undefined;
  if (kase === undefined) {
    kase = await store.cases.open({ clientId: client.id, channel, urgent: urgentGuide !== undefined, at: input.at });
  }
  // recordMessage also marks the case active (updated_at, who spoke last).
  const messageId = await store.cases.recordMessage({
    caseId: kase.id,
    direction: 'in',
    kind: input.kind,
    body: input.text,
    media: input.media,
    clientMessageId: tg?.messageId ?? null,
    updateId: tg?.updateId ?? null,
    at: input.at,
  });
  if (verdict && verdict.need !== 'other') await store.cases.addNeed(kase.id, verdict.need);

  const caseLane = LANE.case(kase.id);
  // Signs of danger that triage could not call urgent: one tap asks whether a life is in danger now.
  const inDoubt = !urgentGuide && verdict?.doubt === true && deps.emergency !== undefined && (await store.cases.shouldAskAboutDanger(kase.id, input.at));
  const unclear = input.kind === 'text' && (verdict === undefined || verdict.need === 'other' || verdict.confidence < UNCLEAR_CONFIDENCE);
  if (openedCase) {
    // The topic must exist before anything goes into it: a prerequisite in its lane.
    await store.enqueue(openTopicRequest(client.code, kase.id), input.at);
  }

  // An emergency is answered before anything else, at any hour.
  if (urgentGuide && deps.emergency) {
    await startGuide(store, deps.emergency, { client, caseId: kase.id, key, at: input.at }, urgentGuide, sos ? 'sos' : 'triage');
  }
  const urgentNow = kase.urgent || urgentGuide !== undefined;
  const priority = urgentNow ? PRIORITY.urgent : PRIORITY.normal;
  const toTopic = (suffix: string, rest: Pick<OutboxRequest, 'method' | 'params'> & Partial<OutboxRequest>): OutboxRequest => ({
    dedupeKey: `${suffix}:${key}`,
    lane: caseLane,
    priority,
    target: { kind: 'staff-topic', caseId: kase.id },
    caseId: kase.id,
    ...rest,
  });

  if (openedCase && client.via === 'web') {
    // Workers must know this person reads answers only when they reload the page, and sees text only.
    await store.enqueue(toTopic('web-chat-note', { method: 'sendMessage', params: { text: deps.t(deps.staffLanguage, 'staff-web-chat-case') } }), input.at);
  }

  if (openedCase) {
    const ambulance = deps.emergency?.numbers.ambulance ?? DEFAULT_AMBULANCE;
    const open = !deps.hours || isOpen(deps.hours, input.at);
    if (!open) await store.cases.markAfterHours(kase.id);
    if (!urgentGuide) {
      // Outside working hours the answer says when a worker will reply; 🆘 works at any hour.
      const opening = open || !deps.hours ? undefined : nextOpening(deps.hours, input.at);
      const ackText =
        open || !deps.hours
          ? deps.t(lang, 'client-ack', { ambulance })
          : deps.t(lang, opening === undefined ? 'client-ack-closed' : 'client-ack-after-hours', {
              ambulance,
              when: opening === undefined ? '' : describeMoment(deps.hours, opening, lang),
            });
      await store.enqueue(toClient('ack', { text: ackText, reply_markup: sosKeyboard(deps.t, lang) }, priority, kase.id), input.at);
      // While the client waits, one more message at most: the needs to choose from when
      // triage is unsure (the choice codes the case); else the article for their need, or
      // at night every topic.
      if (inDoubt) {
        // Signs of danger come first: the needs or an article can wait for the answer.
      } else if (unclear) {
        await store.enqueue(toClient('needs-offer', { text: deps.t(lang, 'client-needs-offer'), reply_markup: { inline_keyboard: needButtons(deps.t, lang) } }, priority, kase.id), input.at);
      } else if (deps.selfHelp) {
        const articles = !open
          ? deps.selfHelp.topics(lang)
          : verdict && verdict.need !== 'other'
            ? deps.selfHelp.suggest(verdict.need, lang, text).slice(0, 2)
            : [];
        const introKey = open ? 'kb-while-you-wait' : 'kb-after-hours-topics';
        await offerArticles(store, deps.t, client, { key, at: input.at, introKey, articles, caseId: kase.id });
      }
    }
  }

  if (inDoubt && deps.emergency && verdict) {
    await askAboutDanger(store, deps.emergency, { client, caseId: kase.id, key, at: input.at }, suspectedGuide(verdict.need));
  }

  const injury = (verdict?.need ?? '').startsWith('injection') || kase.needs.some((n) => n.startsWith('injection'));
  if (input.kind === 'photo' && injury && (await store.cases.flagForDoctor(kase.id))) {
    await store.enqueue(toTopic('doctor-flag', { method: 'sendMessage', params: { text: deps.t(deps.staffLanguage, 'staff-doctor-flag') } }), input.at);
  }

  if (input.kind === 'voice' && !urgentGuide && (await store.cases.shouldAskForText(kase.id, input.at))) {
    await store.enqueue(toClient('voice-ask', { text: deps.t(lang, 'client-voice-ask-text') }, priority, kase.id), input.at);
  }
  if (tg?.edited) {
    await store.enqueue(toTopic('edited-note', { method: 'sendMessage', params: { text: deps.t(deps.staffLanguage, 'staff-client-edited') } }), input.at);
  }
  if (tg?.withheld) {
    await store.enqueue(toClient('withheld-client', { text: deps.t(lang, 'client-contact-withheld') }, priority, kase.id), input.at);
    await store.enqueue(toTopic('withheld-staff', { method: 'sendMessage', params: { text: deps.t(deps.staffLanguage, 'staff-contact-withheld') } }), input.at);
    return { caseId: kase.id, openedCase, welcomed: false };
  }

  await store.enqueue(toTopic('relay-in', { ...relayOf(input, client, deps), effect: { kind: 'staff-message-id', messageId } }), input.at);
  return { caseId: kase.id, openedCase, welcomed: false, ...(urgentGuide ? { guide: urgentGuide } : {}) };
}

/**
 * How a client's message reaches the topic. Text goes from our own (sealed) copy, so it
 * arrives even if the client deletes it at once; media are copied by Telegram, without any
 * "forwarded from"; a voice message is flagged with its length.
 */
function relayOf(input: ConversationMessage, client: Client, deps: ReceiveClientMessageDeps): Pick<OutboxRequest, 'method' | 'params' | 'source'> {
  const tg = input.telegram;
  if ((input.kind === 'text' && input.text !== null) || !tg) {
    // The web chat sends text only: there is nothing for Telegram to copy.
    return { method: 'sendMessage', params: { text: input.text ?? '', ...(tg?.entities ? { entities: tg.entities } : {}) } };
  }
  const params: Record<string, unknown> = { message_id: tg.messageId };
  if (input.kind === 'voice') {
    const seconds = Number(input.media?.duration ?? 0);
    const flag = deps.t(deps.staffLanguage, 'staff-voice-flag', { duration: `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}` });
    params.caption = input.text ? `${flag}\n${input.text}`.slice(0, 1024) : flag;
  }
  return { method: 'copyMessage', source: { kind: 'client', clientId: client.id }, params };
}

/** Needs a client can pick, in the codebook's order (without `other`). */
export const PICKABLE_NEEDS: readonly NeedCode[] = ['injection_minor', 'injection_severe', 'overdose', 'info_hr_hiv_hcv', 'hr_services', 'info_detox', 'offline_services', 'psych_support', 'info_covid'];

function needButtons(t: Translate, language: Language): { text: string; callback_data: string }[][] {
  return PICKABLE_NEEDS.map((need) => [{ text: t(language, `need-${need}`), callback_data: `need:${need}` }]);
}

/** The guide a "yes, a life is in danger" starts, from the need triage read: the 🆘 chooser when it is none of theirs. */
function suspectedGuide(need: NeedCode): GuideId {
  return need === 'overdose' ? 'overdose' : need === 'psych_support' ? 'crisis' : need === 'injection_severe' ? 'bleeding' : 'sos';
}

/** The emergency guide for an urgent triage verdict. */
export function guideFor(kind: TriageVerdict['urgentKind']): GuideId {
  return kind === 'suicide' ? 'crisis' : kind === 'bleeding' ? 'bleeding' : 'overdose';
}

function isSosButton(t: Translate, text: string): boolean {
  return text === t('ru', 'sos-button') || text === t('en', 'sos-button');
}

